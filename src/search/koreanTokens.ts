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
 * How a word ends when a compound rarely goes on into the next word: a case particle
 * (`모델의 성능`, `데이터를 사용`) or a verb ending (`제안하는 방법`, `보였습니다 또한`), after
 * two syllables or more, so that `정의` or `주의` still joins the next word, and `주의`
 * always does (`자기주의 메커니즘`). Particles that also end many nouns are left out (`도`
 * of `정확도`, `과` of `실험결과`, `이`, `가`, `로`…), and endings that end in one listed
 * (`에서는` in `는`) go without saying. Joining such a pair made a token no one searches
 * for: a sixth of the extra tokens of the sample archive's summaries (over a quarter of
 * the distinct ones), and about 15% of Pagefind's time on the bench's archive (issue #5).
 */
const ENDS_BEFORE_NEXT_WORD = new RegExp(
  `(?<=[\uAC00-\uD7A3]{2})(?:${[
    ...["은", "는", "을", "를", "(?<!주)의", "에", "에서", "에게", "에게서", "으로", "로서", "로써"],
    ...["라고", "이란", "처럼", "에도", "에서도", "까지", "부터", "보다", "마다", "들이", "들도", "들과"],
    ...["[\uAC00-\uD7A3]니다", "[하되]며", "[하되]고", "하여", "되어", "했고", "하기", "하면", "한다", "된다"],
  ].join("|")})$`,
);

/**
 * Tokens to index next to `text` so Korean substrings and spaced compounds are found.
 * @param text plain text (markdown markup is harmless: it is not Hangul)
 * @returns distinct tokens, in order of first appearance: every suffix of two or more
 *   syllables of each Hangul run (`강화학습을` → `화학습을`, `학습을`, `습을`), and each
 *   pair of adjacent Hangul words joined (`강화 학습을` → `강화학습을`) unless the first
 *   ends as a compound rarely does (`ENDS_BEFORE_NEXT_WORD`)
 */
export function hangulIndexTokens(text: string): string[] {
  const tokens = new Set<string>();
  const normal = text.normalize("NFC");
  // A Hangul syllable is one UTF-16 code unit, so string offsets count syllables. Making
  // these tokens was half the time of making a paper's search document (issue #5).
  for (const run of normal.match(HANGUL_RUN) ?? []) {
    for (let start = 1; start + MIN_SUFFIX <= run.length; start += 1) tokens.add(run.slice(start));
  }
  for (const [, left = "", right] of normal.matchAll(SPACED_PAIR))
    if (!ENDS_BEFORE_NEXT_WORD.test(left)) tokens.add(`${left}${right}`);
  return [...tokens];
}
