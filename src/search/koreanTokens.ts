/**
 * Extra index tokens for Korean text.
 *
 * Pagefind splits Korean on whitespace only (it segments zh/ja/th, not ko), so an
 * 어절 such as `강화학습을` is one word. A query is matched as a prefix of indexed
 * words, which already lets `강화학습` find `강화학습을`. Two cases stay unmatched:
 * a word inside a compound (`학습` in `강화학습`) and a compound written with a space
 * (`강화 학습` for the query `강화학습`). The tokens made here close both gaps; the
 * browser side (templates/assets/search-query.js) strips particles from the query.
 */

const HANGUL_RUN = /[\uAC00-\uD7A3]+/g;
/** A word of Hangul alone, the whitespace after it, and the Hangul that starts the next word. */
const SPACED_PAIR = /(?<=^|\s)([\uAC00-\uD7A3]+)\s+(?=([\uAC00-\uD7A3]+))/g;

/** The shortest suffix worth indexing, in syllables: one syllable matches far too much. */
const MIN_SUFFIX = 2;

/**
 * Tokens to index next to `text` so Korean substrings and spaced compounds are found.
 * @param text plain text (markdown markup is harmless: it is not Hangul)
 * @returns distinct tokens, in order of first appearance: every suffix of two or more
 *   syllables of each Hangul run (`강화학습을` → `화학습을`, `학습을`, `습을`), and each
 *   pair of adjacent Hangul words joined (`강화 학습을` → `강화학습을`)
 */
export function hangulIndexTokens(text: string): string[] {
  const tokens = new Set<string>();
  const normal = text.normalize("NFC");
  // A Hangul syllable is one UTF-16 code unit, so string offsets count syllables. Making
  // these tokens was half the time of making a paper's search document (issue #5).
  for (const run of normal.match(HANGUL_RUN) ?? []) {
    for (let start = 1; start + MIN_SUFFIX <= run.length; start += 1) tokens.add(run.slice(start));
  }
  for (const [, left, right] of normal.matchAll(SPACED_PAIR)) tokens.add(`${left}${right}`);
  return [...tokens];
}
