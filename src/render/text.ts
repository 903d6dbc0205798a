import { isPublishable } from "../parse/media.ts";
import type { Media } from "../types.ts";

/**
 * Escapes text for HTML and XML alike (element content and quoted attributes), and
 * drops the characters XML 1.0 forbids: a feed with one of them would not parse.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** The media a page, feed or search result may show (see `isPublishable`), or null. */
export function publishableMedia(media: Media | null): Media | null {
  return media !== null && isPublishable(media) ? media : null;
}

/**
 * A letter of a script other than Latin, Greek (which English titles write formulas in) and
 * the letters all scripts share (`µ`, `ℓ`, `ℝ`, `𝒪`: Common or Inherited).
 */
const OTHER_SCRIPT_LETTER = /(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Common}\p{Script=Inherited}])\p{L}/u;
const LATIN_LETTER = /\p{Script=Latin}/u;

/**
 * `en` for a title in Latin letters, with no letter of another script but Greek and shared
 * math letters (`β-VAE`, `ℓ1`), as arXiv's are; else null. Pages are in Korean
 * (`lang="ko"`), and a screen reader reads a title left unmarked in a Korean voice, letter
 * by letter or as Korean sounds: WCAG 2.2's 3.1.2 (Language of Parts) asks that a passage
 * in another language say so. A title with Hangul (or any other script) is left as the page's.
 * Daily Papers' titles are English; one in French would be called English too.
 */
export function titleLanguage(title: string): "en" | null {
  return LATIN_LETTER.test(title) && !OTHER_SCRIPT_LETTER.test(title) ? "en" : null;
}

/**
 * ` lang="en"` for an element holding an English title (see `titleLanguage`), else "": the
 * templates write it as it is, one attribute where each would test the value.
 */
export function titleLangAttribute(title: string): string {
  const lang = titleLanguage(title);
  return lang === null ? "" : ` lang="${lang}"`;
}

const GRAPHEMES = new Intl.Segmenter("ko", { granularity: "grapheme" });

/**
 * `text` cut to at most `max` UTF-16 code units with `…` at the end, between two grapheme
 * clusters: a cut at a code unit split an emoji into half a surrogate pair, which JSON
 * parsers reject (RFC 7493) and a page shows as U+FFFD, and could split a flag or an
 * emoji with its skin tone. `text` when it fits.
 */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  // A cluster ends between two characters that are each printable ASCII or a Hangul
  // syllable, and the rules that look back (regional indicator pairs, emoji joined by ZWJ,
  // Indic conjuncts) stop at such a character: segmenting from the last such place before
  // the cut finds the same clusters as segmenting from the start. Segmenting the whole
  // `max` code units took 0.4 s of a cold build at 1x (issue #5); this is a few.
  let from = Math.max(max - 1, 0);
  while (from > 0 && !clusterSurelyEndsBetween(text.charCodeAt(from - 1), text.charCodeAt(from))) from -= 1;
  // Nearly always: a cluster ends right at the last place that fits.
  if (from === max - 1) return `${text.slice(0, from)}…`;
  let end = from;
  // Whether a cluster ends at a place depends on the text before it and the one character
  // after it (Unicode's rules, UAX #29, look no further ahead), so the text up to one code
  // unit past the last place that fits (max - 1, a surrogate pair's second half at max) is enough.
  for (const { index, segment } of GRAPHEMES.segment(text.slice(from, max + 1))) {
    if (from + index + segment.length > max - 1) break;
    end = from + index + segment.length;
  }
  return `${text.slice(0, end)}…`;
}

/**
 * True for two code units each printable ASCII or a Hangul syllable: no rule of UAX #29 joins
 * them. False says nothing: many other pairs have a boundary between them too.
 */
function clusterSurelyEndsBetween(before: number, after: number): boolean {
  return isPlainCharacter(before) && isPlainCharacter(after);
}

function isPlainCharacter(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xac00 && code <= 0xd7a3);
}
