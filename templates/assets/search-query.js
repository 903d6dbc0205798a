// Query normalisation and snippets for the search page, and how it opens the index and
// loads what a query needs. No DOM: test/search/searchQuery.test.ts imports this file
// directly, and scripts/searchTiming.ts and the browser tests query as the page does.

// Particles and copula endings that attach to a Korean noun, longest first so
// `에서의` wins over `의`. Stripping one leaves a prefix of the written word, and
// Pagefind matches query words as prefixes, so a wrong strip still finds the word.
const PARTICLES = [
  "에서부터",
  "으로부터",
  "에서의",
  "으로의",
  "이라는",
  "이라고",
  "에게서",
  "으로서",
  "으로써",
  "에서는",
  "에서도",
  "으로는",
  "까지의",
  "부터의",
  "보다는",
  "처럼",
  "에서",
  "에게",
  "으로",
  "로서",
  "로써",
  "라는",
  "라고",
  "이란",
  "에는",
  "에도",
  "와의",
  "과의",
  "로의",
  "까지",
  "부터",
  "보다",
  "마다",
  "들이",
  "들을",
  "들은",
  "들의",
  "들에",
  "들도",
  "들과",
  "이나",
  "은",
  "는",
  "이",
  "가",
  "을",
  "를",
  "의",
  "에",
  "로",
  "와",
  "과",
  "도",
  "만",
  "란",
  "나",
  "들",
];

const HANGUL_WORD = /^[\uAC00-\uD7A3]+$/;
const ARXIV_URL = /^(?:https?:\/\/)?(?:www\.)?(?:arxiv\.org|huggingface\.co\/papers)\/(?:abs\/|pdf\/)?([\w.-]+\/?\d*)/i;
const ARXIV_VERSION = /^(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})v\d+$/;

/**
 * Removes one trailing particle from a Hangul word when at least two syllables remain.
 * @param {string} word one query word
 * @returns {string} the stem, or the word unchanged
 */
export function stripParticle(word) {
  if (!HANGUL_WORD.test(word)) return word;
  for (const particle of PARTICLES) {
    if (word.endsWith(particle) && word.length - particle.length >= 2) return word.slice(0, -particle.length);
  }
  return word;
}

/**
 * Turns what a reader typed into the query given to Pagefind.
 * `확산 모델을` → `확산 모델`; an arXiv or Hugging Face URL → its id; `2502.06394v2` → `2502.06394`.
 * @param {string} raw the text from the search box
 * @returns {string} the normalised query ('' when nothing searchable is left)
 */
export function normalizeQuery(raw) {
  return raw
    .normalize("NFC")
    .trim()
    .split(/\s+/)
    .filter((word) => word !== "")
    .map((word) => {
      const url = ARXIV_URL.exec(word);
      const bare = url ? (url[1] ?? word) : word;
      const version = ARXIV_VERSION.exec(bare);
      return stripParticle(version ? (version[1] ?? bare) : bare);
    })
    .join(" ");
}

/**
 * The words of a normalised query to highlight, longest first so overlapping
 * matches mark the longer word.
 * @param {string} query a normalised query
 * @returns {string[]}
 */
export function highlightTerms(query) {
  const terms = query
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter((word) => word.length >= 2 || /[\uAC00-\uD7A3]/.test(word));
  return [...new Set(terms)].sort((a, b) => b.length - a.length);
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const HANGUL_TERM = /^[\uAC00-\uD7A3]{2,40}$/;

/**
 * A term as a pattern. The index joins a whole Hangul word to the next word's start
 * (`강화 학습` is found by `강화학습`; koreanTokens.ts, which leaves out a word ending in a
 * case particle or a verb ending, whose pairs no search reaches), so a Hangul term may also match
 * as such a pair: from a word's start, with the space at one place inside it. Longer
 * terms (no real word is) match only as written, which keeps the pattern small.
 * @param {string} term
 */
function termPattern(term) {
  const written = escapeRegExp(term);
  if (!HANGUL_TERM.test(term)) return written;
  const spaced = [];
  for (let at = 1; at < term.length; at++) spaced.push(`${term.slice(0, at)}\\s+${term.slice(at)}`);
  return `${written}|(?<!\\S)(?:${spaced.join("|")})`;
}

/**
 * Where a snippet that should end at `end` ends: at the end of `text`, or at the next
 * space when one is near, so that no word is cut.
 * @param {string} text
 * @param {number} end
 */
function wordEnd(text, end) {
  if (end >= text.length) return text.length;
  const space = text.indexOf(" ", end);
  return space !== -1 && space < end + 20 ? space : end;
}

/**
 * An HTML snippet of `text` around the first match of any term, with every match
 * in the snippet wrapped in `<mark>`. Matching is by substring, ignoring case, so
 * `학습` is marked inside `강화학습을` (Pagefind's own excerpt marks whole words only),
 * and `강화학습` in `강화 학습`.
 * @param {string} text plain text of the result (the visible part of the record)
 * @param {string[]} terms from `highlightTerms`
 * @param {number} [length] about how many characters to show (default 180)
 * @returns {string | null} escaped HTML, or null when no term occurs in `text`
 */
export function buildSnippet(text, terms, length = 180) {
  if (terms.length === 0) return null;
  const pattern = new RegExp(terms.map(termPattern).join("|"), "giu");
  const first = pattern.exec(text);
  if (!first) return null;
  let start = Math.max(0, first.index - Math.floor(length / 3));
  if (start > 0) {
    const space = text.lastIndexOf(" ", start);
    start = space > start - 20 ? space + 1 : start;
  }
  const end = wordEnd(text, start + length);
  const slice = text.slice(start, end);
  let html = "";
  let last = 0;
  pattern.lastIndex = 0;
  for (const match of slice.matchAll(pattern)) {
    html += `${escapeHtml(slice.slice(last, match.index))}<mark>${escapeHtml(match[0])}</mark>`;
    last = match.index + match[0].length;
  }
  html += escapeHtml(slice.slice(last));
  return `${start > 0 ? "… " : ""}${html}${end < text.length ? " …" : ""}`;
}

/**
 * Whether Pagefind's excerpt is a run of the text the reader sees. A record's content
 * ends with hidden index tokens (word endings, joined words), and an excerpt cut from
 * their middle has no mark to tell it by: `양한 경에서 가와 프라인 …` is no summary.
 * @param {string} excerpt Pagefind's excerpt, with `<mark>` tags
 * @param {string} visible the visible part of the record's content
 */
export function excerptIsVisible(excerpt, visible) {
  const words = (text) =>
    text
      .split(/\s+/)
      .filter((word) => word !== "")
      .join(" ");
  const plain = words(excerpt.replace(/<\/?mark>/g, ""));
  // Pagefind escapes `<` and `>` in an excerpt, and nothing else.
  return plain !== "" && words(visible.replace(/</g, "&lt;").replace(/>/g, "&gt;")).includes(plain);
}

/**
 * The start of a result's summary, escaped and unmarked, for a result none of whose
 * terms the reader can see (it was found by a hidden token): its visible text begins
 * with its title, which the result shows already.
 * @param {string} visible the visible part of the record's content
 * @param {string} title the result's title
 * @param {number} [length] about how many characters to show (default 180)
 */
export function leadSnippet(visible, title, length = 180) {
  const text = (visible.startsWith(title) ? visible.slice(title.length) : visible).trim();
  const end = wordEnd(text, length);
  return `${escapeHtml(text.slice(0, end))}${end < text.length ? " …" : ""}`;
}

// The shapes src/parse/arxiv.ts reads ids in, without a version.
const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})$/;

/**
 * Whether a normalised query is one arXiv id, which names one paper: then only that
 * paper is a result, not the papers Pagefind finds by the id's parts.
 * @param {string} query a normalised query
 */
export function isArxivId(query) {
  return ARXIV_ID.test(query);
}

/**
 * Pagefind returns pages containing every query word (in each shard, a word the shard
 * does not index at all is left out of the query there). When that finds fewer
 * than `enough` papers, readers' wording (`줄이는` for a summary that says `감소`)
 * should not leave them empty-handed, so papers matching some of the words follow,
 * ranked by how many words they match, then by summed Pagefind score (issue #4).
 * @template {{ id: string, score: number }} R
 * @param {R[]} all results of the whole query, kept first and in order
 * @param {R[][]} perWord results of each word searched alone
 * @returns {{ results: R[], partial: number }} merged results and how many are partial matches
 */
export function mergePartialMatches(all, perWord) {
  const seen = new Set(all.map((result) => result.id));
  /** @type {Map<string, { result: R, words: number, score: number }>} */
  const partial = new Map();
  for (const results of perWord) {
    for (const result of results) {
      if (seen.has(result.id)) continue;
      const entry = partial.get(result.id) ?? { result, words: 0, score: 0 };
      entry.words += 1;
      entry.score += result.score;
      partial.set(result.id, entry);
    }
  }
  const extra = [...partial.values()]
    .sort((a, b) => b.words - a.words || b.score - a.score || (a.result.id < b.result.id ? -1 : 1))
    .map((entry) => entry.result);
  return { results: [...all, ...extra], partial: extra.length };
}

/**
 * Opens Pagefind's main bundle with the other shards merged into it (src/search/shards.ts:
 * the main bundle holds the newest week), so it searches and ranks them all together.
 * @param pagefind the main bundle's module, imported
 * @param {string | undefined} shards the other shards' bundle folders, separated by spaces
 *   (the search page's `data-shards`)
 * @param {object} options Pagefind's options (record URLs are site-relative, so `baseUrl`)
 */
export async function openIndex(pagefind, shards, options) {
  await pagefind.options(options);
  await pagefind.init();
  const dirs = (shards ?? "").split(" ").filter((dir) => dir !== "");
  await Promise.all(dirs.map((dir) => pagefind.mergeIndex(dir, options)));
  return pagefind;
}

/** Sorts after every word: the highest code point, as words sort by their UTF-8 bytes. */
const LAST_CHARACTER = "\u{10FFFF}";

/**
 * Loads the index chunks `query` needs before it is searched. Pagefind loads the chunk a word
 * falls in, but not always the next one when the words it starts run on into it (모델의,
 * 모델이… split between two chunks): on the bench's archives 모델 then missed a fifth of its
 * papers, 평가 more. So the chunk where each word's last extension would sit is loaded too, in
 * the same round of downloads as the word's own. Extensions that fill three chunks or more of
 * a shard (a one-letter word's) can still lose the middle ones.
 * @param pagefind an index from `openIndex`
 * @param {string} query a normalised query (see `normalizeQuery`)
 */
export async function preloadQuery(pagefind, query) {
  const words = query.split(" ");
  await Promise.all([pagefind.preload(query), ...words.map((word) => pagefind.preload(`${word}${LAST_CHARACTER}`))]);
}
