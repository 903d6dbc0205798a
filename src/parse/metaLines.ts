import { readArxivLink } from "./arxiv.ts";
import { findImage, findVideoSrc } from "./media.ts";

// The lines under a paper heading that are not summary: its thumbnail or video, `Vote:` and
// `Authors:`, read one line at a time (early files put them on adjacent lines of one paragraph).

/** A link destination, with balanced parentheses (`fig_(1).png`) as CommonMark allows. */
const DESTINATION = String.raw`<?((?:[^()\s<>]|\([^()\s]*\))+)>?`;
const IMAGE = String.raw`!\[([^\]]*)\]\(\s*${DESTINATION}(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)`;
// A thumbnail alone on its line (alt and URL in groups 1 and 2), or linked (alt, URL and the
// link's target in groups 3 to 5), which makes it the thumbnail when it links a paper's page
// (`[![thumb](…png)](https://huggingface.co/papers/…)`): an image linked elsewhere (a badge) is text.
const IMAGE_LINE = new RegExp(String.raw`^(?:${IMAGE}|\[${IMAGE}\]\(\s*${DESTINATION}(?:\s+"[^"]*")?\s*\))$`, "i");
const VIDEO_LINK_LINE = /^\[([^\]]*video[^\]]*)\]\(\s*<?([^)\s>]+)>?\s*\)$/i;
/** A video link's text that says nothing of its own. */
const PLAIN_VIDEO_LINK_TEXT = /^\s*(?:watch\s+)?(?:the\s+)?video\s*$/i;
/**
 * A `Vote: 12` or `Authors: …` line, its label also in bold or italics that close around it
 * (`**Vote**: 12`, `**Vote:** 12`, `_Vote_: 12`); the value is group `value`, its own emphasis kept.
 */
const metaLine = (label: string) =>
  new RegExp(
    String.raw`^(?:(?<around>[*_]{1,2})${label}\k<around>\s*[:：]|(?<after>[*_]{1,2})${label}\s*[:：]\k<after>|${label}\s*[:：])\s*(?<value>.*)$`,
    "i",
  );
const VOTE_LINE = metaLine("votes?");
const AUTHORS_LINE = metaLine("authors?");
/** The lines `readMetaLines` takes for media, votes or authors (HTML media start with `<`, which `authorsGoOn` stops at). */
const META_LINES = [IMAGE_LINE, VIDEO_LINK_LINE, VOTE_LINE, AUTHORS_LINE];
const NO_VOTE = /^(?:-+|—|–|n\/?a|none|)$/i;

export interface MetaHandlers {
  /** Each media handler returns false when the line is not a duplicate of known media and should be kept as text. */
  image(url: string, line: number, column: number, alt?: string): boolean;
  video(url: string, line: number, column: number, alt?: string): boolean;
  /** Returns false when the line is a repeat to keep as text. */
  votes(value: string, line: number, column: number): boolean;
  authors(value: string, line: number, column: number): boolean;
}

/**
 * Reads the metadata lines of a paragraph one line at a time, because early
 * files put the thumbnail and `Authors:` on adjacent lines of one paragraph.
 * @returns the lines that were not metadata
 */
export function readMetaLines(text: string, firstLine: number, firstColumn: number, on: MetaHandlers): string {
  const kept: string[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const rawLine = lines[index] as string;
    const line = firstLine + index;
    const trimmed = rawLine.trim();
    // The paragraph's slice starts after its first line's indent, which the column must count (review finding 11).
    const column = rawLine.length - rawLine.trimStart().length + (index === 0 ? firstColumn : 1);
    let match = IMAGE_LINE.exec(trimmed);
    const linkedTo = match?.[5];
    const imageUrl = linkedTo === undefined ? match?.[2] : readArxivLink(linkedTo).ok ? match?.[4] : undefined;
    if (imageUrl && on.image(imageUrl, line, column, match?.[1] ?? match?.[3])) continue;
    match = VIDEO_LINK_LINE.exec(trimmed);
    const linkText = match?.[1] ?? "";
    if (match?.[2] && on.video(match[2], line, column, PLAIN_VIDEO_LINK_TEXT.test(linkText) ? "" : linkText)) continue;
    // `<video src=...></video>` or `<img src=...>` on its own line is inline HTML inside a paragraph, not an HTML block.
    if (trimmed.startsWith("<") && htmlMedia(trimmed, line, column, on) && isMediaOnly(trimmed)) continue;
    match = VOTE_LINE.exec(trimmed);
    if (match && on.votes((match.groups?.value ?? "").trim(), line, column)) continue;
    match = AUTHORS_LINE.exec(trimmed);
    if (match) {
      // A long list wraps: `Authors: A, B,` and `C` on the next line, or a Python list over lines.
      let value = (match.groups?.value ?? "").trim();
      let next = index + 1;
      for (; next < lines.length && authorsGoOn(value, lines[next] as string); next += 1)
        value = `${value} ${(lines[next] as string).trim()}`;
      if (on.authors(value, line, column)) {
        index = next - 1;
        continue;
      }
    }
    kept.push(rawLine);
  }
  return kept.join("\n");
}

/**
 * Whether an `Authors:` value goes on to `next`, the paragraph's next line: the value opens a
 * Python list (`['A', `) it does not close and `next` goes on with its quoted names, or the
 * value ends with a comma and `next` reads as names (see `readsAsNames`).
 */
function authorsGoOn(value: string, next: string): boolean {
  const line = next.trim();
  if (line === "" || META_LINES.some((meta) => meta.test(line))) return false;
  if (/^\[\s*['"]/.test(value) && !value.endsWith("]")) return /^['"\]]/.test(line);
  return value.endsWith(",") && readsAsNames(line);
}

/**
 * Whether a line reads as a list of names rather than a sentence or markup: no markup at its
 * start, no colon or link, each name of at most four words and 40 characters, and no full
 * stop at its end but an initial's or `et al.`'s (`본 논문은 …, 즉 X를 제안한다.` is no names).
 */
function readsAsNames(line: string): boolean {
  if (/^[<![#>*+|-]|\]\(|[:：]/.test(line)) return false;
  if (/\.$/.test(line) && !/(?:\bet al\.|\b\p{Lu}\.)$/u.test(line)) return false;
  return line.split(/,|\s+and\s+/).every((name) => name.trim().length <= 40 && name.trim().split(/\s+/).length <= 4);
}

/**
 * Takes the video, else the image, of raw HTML (`<video src>` or its `<source>`, `<img src>`,
 * also inside a `<div align="center">`) as the paper's media.
 * @returns whether it was taken (false also when there is none)
 */
export function htmlMedia(
  html: string,
  line: number,
  column: number,
  on: Pick<MetaHandlers, "image" | "video">,
): boolean {
  const video = findVideoSrc(html);
  if (video !== null) return on.video(video, line, column);
  const image = findImage(html);
  return image !== null && on.image(image.src, line, column, image.alt);
}

/**
 * Whether raw HTML is one image or video and nothing else a reader could lose: no text outside
 * its tags, no comment with words, no second image or video (whose `src` and `alt` would go).
 */
export function isMediaOnly(html: string): boolean {
  return !hasText(html) && (html.match(/<(?:img|video)\b/gi)?.length ?? 0) <= 1;
}

/** True when raw HTML has text outside its tags, or a comment with words. */
function hasText(html: string): boolean {
  // A comment that says something is kept with the block it is in (pages hide it; the record keeps it).
  if (/<!--(?:(?!-->)[^\p{L}\p{N}])*[\p{L}\p{N}]/u.test(html)) return true;
  return (
    html
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<[^<>]*>/g, "")
      .trim() !== ""
  );
}

export function readVotes(value: string): number | null | "unreadable" {
  if (NO_VOTE.test(value)) return null;
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)$/.exec(value);
  if (!match?.[1]) return "unreadable";
  const count = Number(match[1].replaceAll(",", ""));
  return Number.isSafeInteger(count) ? count : "unreadable";
}
