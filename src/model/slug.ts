/**
 * Turns a tag or author name into its URL slug. The rule, pinned in
 * test/model/slug.test.ts: NFC, Latin diacritics dropped, lowercase, letters such as `ł`,
 * `ø` and `ß` spelt `l`, `o` and `ss`, every run of
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
  return withinNameLimit(asciiSlug(name) ?? unicodeSlug(name));
}

/**
 * Longest slug in UTF-8 bytes. A slug is a folder's name, and file systems refuse names
 * over 255 bytes: a tag or author name past that stopped the whole site from being
 * written (a security review found it with a 100-syllable tag).
 */
export const SLUG_MAX_BYTES = 120;
const HASH_CHARS = 8;

/** `slug`, or when too long its start and a hash of the whole, so that long slugs stay apart. */
function withinNameLimit(slug: string): string {
  // Three bytes is the most a UTF-16 code unit takes in UTF-8.
  if (slug.length * 3 <= SLUG_MAX_BYTES) return slug;
  const encoder = new TextEncoder();
  if (encoder.encode(slug).length <= SLUG_MAX_BYTES) return slug;
  let start = "";
  let bytes = 0;
  for (const char of slug) {
    const size = encoder.encode(char).length;
    if (bytes + size > SLUG_MAX_BYTES - HASH_CHARS - 1) break;
    start += char;
    bytes += size;
  }
  return `${start.replace(/-+$/, "")}-${fnv1a(slug)}`;
}

/** 32-bit FNV-1a of the UTF-16 code units, as 8 hex digits. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(HASH_CHARS, "0");
}

/** Per ASCII code: its lowercase form when it is a letter or digit, else 0. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, code) =>
  code >= 65 && code <= 90 ? code + 32 : (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? code : 0,
);
const DASH = 45;
const PLUS = 43;
const PLUS_WORD = [112, 108, 117, 115]; // "plus"
// Longer names take the Unicode path, which gives the same slug (String.fromCharCode
// takes the codes as arguments, and their number is bounded by the stack).
const ASCII_SLUG_MAX = 1024;
const slugCodes: number[] = [];

/**
 * The slug of a name written in ASCII only, in one pass over its characters (most author
 * names: at 10x, 431,000 of them slugged and put in a set in about 220 ms, against 430 ms
 * with the three regular expressions this replaced); null for any other name. The same
 * rule as `unicodeSlug`, which a property test pins.
 */
export function asciiSlug(name: string): string | null {
  if (name.length > ASCII_SLUG_MAX) return null;
  slugCodes.length = 0;
  let separated = false;
  for (let index = 0; index < name.length; index += 1) {
    const code = name.charCodeAt(index);
    if (code >= 128) return null;
    const word = ASCII_WORD[code] as number;
    if (word !== 0) {
      if (separated && slugCodes.length > 0) slugCodes.push(DASH);
      separated = false;
      slugCodes.push(word);
    } else if (code === PLUS) {
      if (slugCodes.length > 0) slugCodes.push(DASH);
      slugCodes.push(...PLUS_WORD);
      separated = true;
    } else separated = true;
  }
  return slugCodes.length === 0 ? "-" : String.fromCharCode(...slugCodes);
}

/**
 * Latin letters no normalisation takes apart, spelt as their names usually are without
 * them, so `Łukasz`/`Lukasz` and `Nießner`/`Niessner` are one author, as `José`/`Jose` are.
 */
const LATIN_LETTERS: Readonly<Record<string, string>> = {
  æ: "ae",
  đ: "d",
  ð: "d",
  ħ: "h",
  ı: "i",
  ĸ: "k",
  ł: "l",
  ŀ: "l",
  ŋ: "n",
  ø: "o",
  œ: "oe",
  ß: "ss",
  ſ: "s",
  þ: "th",
  ŧ: "t",
};
const LATIN_LETTER = new RegExp(`[${Object.keys(LATIN_LETTERS).join("")}]`, "g");

/** The slug of any name (see `slugify`). */
export function unicodeSlug(name: string): string {
  const slug = name
    .normalize("NFD")
    .replace(/(?<=\p{Script=Latin})\p{M}+/gu, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(LATIN_LETTER, (letter) => LATIN_LETTERS[letter] ?? letter)
    .replace(/\+/g, "-plus-")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "-" : slug;
}
