/**
 * Turns a tag or author name into its URL slug. The rule, pinned in
 * test/model/slug.test.ts: NFC, Latin diacritics dropped, lowercase, every run of
 * characters that are neither letters nor digits becomes one `-`, no `-` at either end.
 * Hangul and other scripts stay as they are (percent-encoded only inside URLs),
 * because romanised Korean is hard to read. `LLM`, ` llm ` and `Llm` share one slug.
 * @param name the display name
 * @returns the slug, or `-` when the name has no letter or digit at all
 */
export function slugify(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    if (slugs.size >= SLUG_MEMO_LIMIT) slugs.clear();
    slug = slugifyUncached(name);
    slugs.set(name, slug);
  }
  return slug;
}

// Tags repeat across papers and a Korean tag's slug is several Unicode regex passes, so
// slugs are memoised; the memo is a pure function's cache, bounded in size.
const SLUG_MEMO_LIMIT = 200_000;
const slugs = new Map<string, string>();

/**
 * `slugify` without its memo, for names that mostly occur once, as authors do: at 10x,
 * 431,000 author names of which 314,000 distinct took 174 ms to slug directly and 340 to
 * 440 ms through the memo, whose inserts cost more than the slugs they save (issue #5).
 */
export function slugifyUncached(name: string): string {
  // Most names are ASCII, where normalising and the Unicode classes change nothing; the
  // ASCII rule gives the same slug (pinned by a property test) at a fraction of the cost.
  const slug = (ASCII.test(name) ? asciiSlug(name) : unicodeSlug(name)).replace(/^-+|-+$/g, "");
  return slug === "" ? "-" : slug;
}

const ASCII = /^[^\u0080-\uffff]*$/;

export function asciiSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/\+/g, "-plus-")
    .replace(/[^a-z0-9]+/g, "-");
}

export function unicodeSlug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/(?<=\p{Script=Latin})\p{M}+/gu, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/\+/g, "-plus-")
    .replace(/[^\p{L}\p{N}]+/gu, "-");
}
