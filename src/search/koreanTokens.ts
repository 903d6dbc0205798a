/**
 * Extra index tokens for Korean text.
 *
 * Pagefind splits Korean on whitespace only (it segments zh/ja/th, not ko), so an
 * 어절 such as `강화학습을` is one word. A query is matched as a prefix of indexed
 * words, which already lets `강화학습` find `강화학습을`. A word inside a compound
 * (`학습` in `강화학습`) stays unmatched: the tokens made here close that gap. The
 * browser side (templates/assets/search-query.js) strips particles from the query and
 * also searches a long word split in two, so `강화학습` finds `강화 학습`.
 *
 * That second gap was closed here too once, by indexing each pair of neighbouring words
 * joined. Those pairs were nearly half the extra tokens and almost all of them distinct,
 * so they made Pagefind's index bigger to build and to download for every query: at 1x
 * the search bundle went from 14.5 to 12.0 MB without them (issue #5).
 */

const HANGUL_RUN = /[\uAC00-\uD7A3]+/g;

/** The shortest suffix worth indexing, in syllables: one syllable matches far too much. */
const MIN_SUFFIX = 2;

/**
 * Tokens to index next to `text` so Korean words inside compounds are found.
 * @param text plain text (markdown markup is harmless: it is not Hangul)
 * @returns distinct tokens, in order of first appearance: every suffix of two or more
 *   syllables of each Hangul run (`강화학습을` → `화학습을`, `학습을`, `습을`)
 */
export function hangulIndexTokens(text: string): string[] {
  const tokens = new Set<string>();
  // A Hangul syllable is one UTF-16 code unit, so string offsets count syllables. Making
  // these tokens was half the time of making a paper's search document (issue #5).
  for (const run of text.normalize("NFC").match(HANGUL_RUN) ?? []) {
    for (let start = 1; start + MIN_SUFFIX <= run.length; start += 1) tokens.add(run.slice(start));
  }
  return [...tokens];
}
