import { type Author, groupBy, type Paper, type Site } from "../../model/index.ts";
import { paths } from "../paths.ts";
import { type DayRange, newestFirstPages, type PartLink, partLinks } from "./paging.ts";
import type { LazyPage } from "./rankings.ts";
import { type Linker, type NamedLink, type PaperRowView, toPaperRow } from "./rows.ts";

// Author pages, and the authors index: one page, or past `AUTHOR_INDEX_MAX` authors,
// sections by initial.

/** What an author's page shows. */
export interface AuthorPageView {
  /**
   * The author's name and slug, not the model's `Author`: its list of every paper is not
   * in an older page's key, nor is the order of the papers before the own page's.
   */
  readonly author: Pick<Author, "slug" | "name">;
  /** This page's papers, newest first. */
  readonly rows: readonly PaperRowView[];
  /**
   * All of the author's papers, on their own page; null on older pages, which a new paper
   * of the author leaves as they were: a template showing the count there kept it stale.
   */
  readonly count: number | null;
  /** The first and last day of an older page's papers; null on the author's own page. */
  readonly range: DayRange | null;
  /** The page each year of the author's papers begins on (see `NewestFirstPage.years`). */
  readonly years: readonly PartLink[];
  readonly newer: string | null;
  readonly older: string | null;
}

export interface AuthorPage extends LazyPage<AuthorPageView> {
  readonly range: DayRange | null;
}

/**
 * Every page of one author: their papers newest first, paged as a tag's are
 * (`newestFirstPages`): at ten years an author's one page was up to 300 KB, rendered
 * again whenever they had a new paper (issue #5).
 */
export function toAuthorPages(site: Site, author: Author, link: Linker, perPage: number): AuthorPage[] {
  const papers = author.paperIds.map((id) => site.papers.get(id) as Paper);
  const pathOf = (chunk: number | undefined) => paths.author(author.slug, chunk);
  return newestFirstPages(papers, perPage, pathOf, link).map(
    ({ path, papers: rows, range, newer, older, count, years, parts }) => ({
      path,
      range,
      parts: [author.slug, author.name, ...parts],
      papers: rows,
      view: () => ({
        author: { slug: author.slug, name: author.name },
        rows: rows.map((paper) => toPaperRow(paper, link)),
        count,
        range,
        newer,
        older,
        years,
      }),
    }),
  );
}

export interface AuthorIndexView {
  /** This page's authors with a page, by name: all of them, or one section's when the index is split. */
  readonly authors: readonly IndexedAuthor[];
  /**
   * The counts of the whole index, on its first page; null on a section's page, which then
   * changes only when the section does.
   */
  readonly counts: AuthorCounts | null;
  /** The sections and their pages when the index is split, else null. */
  readonly sections: readonly SectionLink[] | null;
  /** The section of this page of a split index, e.g. `A` or `Jia`; null on the index's first page. */
  readonly section: string | null;
}

export interface IndexedAuthor extends NamedLink {
  /** The author's papers. */
  readonly count: number;
}

export interface AuthorCounts {
  /** How many authors have a page. */
  readonly withPages: number;
  /** Every author of the archive, with a page or not. */
  readonly total: number;
  /** The papers an author needs for a page (`authorPageMinPapers`). */
  readonly minPapers: number;
}

/** A link to a section of a split authors index: the authors whose names start with `name`. */
export type SectionLink = PartLink;

export interface AuthorIndexPage {
  readonly path: string;
  readonly view: AuthorIndexView;
}

/**
 * The most authors the index lists on one page. Past it the index is split into sections
 * by the names' initials, and a section with more than this many authors is split again by
 * one more letter of the names, until each holds at most this many (or its names have no
 * letter left to tell them apart). At ten years the index's one page of 42,000 authors was
 * 4 MB for a reader to load (issue #5). A section's page changes only when one of its
 * authors does, or a section comes or goes.
 */
export const AUTHOR_INDEX_MAX = 1000;

/**
 * The authors index: the authors that have a page (`authorPages`), by name; one page, or,
 * for more than `max` of them, a page that lists the sections and a page for each section.
 */
export function toAuthorIndexPages(
  site: Site,
  authorPages: readonly Author[],
  link: Linker,
  minPapers: number,
  max = AUTHOR_INDEX_MAX,
): AuthorIndexPage[] {
  const authors = authorPages.map((author) => ({
    name: author.name,
    href: link.href(paths.author(author.slug)),
    count: author.paperIds.length,
  }));
  authors.sort((a, b) => a.name.localeCompare(b.name, "en") || (a.href < b.href ? -1 : 1));
  const counts = { withPages: authors.length, total: site.authors.size, minPapers };
  if (authors.length <= max) {
    return [{ path: paths.authors(), view: { authors, counts, sections: null, section: null } }];
  }
  const sections = sectionsOf(authors, max);
  const parts = [...sections].map(([section, list]) => ({
    key: section,
    name: section,
    href: link.href(paths.authorsSection(section)),
    count: list.length,
  }));
  return [
    { path: paths.authors(), view: { authors: [], counts, sections: partLinks(parts, null), section: null } },
    ...[...sections].map(([section, list]) => ({
      path: paths.authorsSection(section),
      view: { authors: list, counts: null, sections: partLinks(parts, section), section },
    })),
  ];
}

/**
 * The sections of `authors` (in name order): by initial, then each section of more than
 * `max` by one more letter (`sectionOf`), in index order. Two names get one key only when
 * their letters agree to that depth, so no two sections share a key, even with case folded.
 */
function sectionsOf<T extends { readonly name: string }>(authors: readonly T[], max: number): Map<string, T[]> {
  // Each name's letters once: folding them is most of what splitting takes.
  const lettersOf = new Map(authors.map((author) => [author, filedLetters(author.name)]));
  const letters = (author: T) => lettersOf.get(author) as string;
  const sections = new Map<string, T[]>();
  /** `list`: the names that share `key`, their first `depth - 1` letters at least. */
  const split = (list: T[], key: string, depth: number) => {
    // Names whose letters are all used up are alike: no more of them can tell them apart.
    const longest = list.reduce((most, author) => Math.max(most, letters(author).length), 0);
    if (list.length <= max || depth - 1 >= longest) {
      sections.set(key, list);
      return;
    }
    const parts = [...groupBy(list, (author) => sectionFrom(letters(author), depth))];
    parts.sort(([a], [b]) => compareSections(a, b));
    for (const [part, members] of parts) split(members, part, depth + 1);
  };
  const initials = [...groupBy(authors, (author) => sectionFrom(letters(author), 0))];
  initials.sort(([a], [b]) => compareSections(a, b));
  for (const [initial, list] of initials) split(list, initial, 1);
  return sections;
}

/** What names that start with no Latin letter and no Hangul are filed under. */
export const OTHER_INITIAL = "기타";

/** The 19 initial consonants of Hangul syllables (and U+1100 to U+1112), each tense one filed under its plain one. */
const HANGUL_INITIALS = "ㄱㄱㄴㄷㄷㄹㅁㅂㅂㅅㅅㅇㅈㅈㅊㅋㅌㅍㅎ";

/** Latin letters that no normalisation takes apart, as the letter they are filed under. */
const LATIN_FOLDS: Readonly<Record<string, string>> = {
  Æ: "A",
  æ: "a",
  Đ: "D",
  đ: "d",
  Ð: "D",
  ð: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  ĸ: "k",
  Ł: "L",
  ł: "l",
  Ŀ: "L",
  ŀ: "l",
  Ŋ: "N",
  ŋ: "n",
  Ø: "O",
  ø: "o",
  Œ: "O",
  œ: "o",
  ß: "s",
  ſ: "s",
  Þ: "T",
  þ: "t",
  Ŧ: "T",
  ŧ: "t",
};

/**
 * A name's letters as they are filed, end to end: Hangul syllables as they are, a leading
 * jamo as its plain initial consonant, any other letter without its accents and
 * compatibility forms (`É` → `E`, `Ａ` → `A`, `Ł` → `L`).
 */
function filedLetters(name: string): string {
  // Most names are ASCII, whose letters are already as they are filed.
  if (ASCII.test(name)) return name.replace(NOT_ASCII_LETTER, "");
  let letters = "";
  for (const [letter] of name.normalize("NFKC").matchAll(/\p{L}/gu)) {
    const code = letter.codePointAt(0) as number;
    if (code >= 0xac00 && code <= 0xd7a3) letters += letter;
    else if (code >= 0x1100 && code <= 0x1112) letters += HANGUL_INITIALS[code - 0x1100] as string;
    else {
      const base = String.fromCodePoint(letter.normalize("NFKD").codePointAt(0) as number);
      letters += LATIN_FOLDS[base] ?? base;
    }
  }
  return letters;
}

const ASCII = /^\p{ASCII}*$/u;
const NOT_ASCII_LETTER = /[^A-Za-z]+/g;

/**
 * The first `count` letters of `letters`, counted by code point: a letter beyond the Basic
 * Multilingual Plane (`𝐀`) is one letter, never half of one.
 */
function firstLetters(letters: string, count: number): string {
  let end = 0;
  for (let taken = 0; taken < count && end < letters.length; taken++) {
    end += (letters.codePointAt(end) as number) > 0xffff ? 2 : 1;
  }
  return letters.slice(0, end);
}

const isLatin = (letter: string) => /^[A-Za-z]$/.test(letter);

/**
 * The section a name is filed under at `depth`. At 0 its initial: a capital Latin letter
 * (`É` → `E`), a Hangul syllable's plain initial consonant (`김` → `ㄱ`, `뚜` → `ㄷ`), or
 * `OTHER_INITIAL`. Deeper, `depth` more letters of the name after the first for a Latin name
 * (`Ha` for `Hà Minh` at 1, `Han` at 2), `depth` letters for any other (`김`, `김민`; `王`);
 * fewer when the name has no more; `OTHER_INITIAL` for a name without letters.
 */
export function sectionOf(name: string, depth: number): string {
  return sectionFrom(filedLetters(name), depth);
}

/** `sectionOf` a name whose letters, as they are filed, are `letters`. */
function sectionFrom(letters: string, depth: number): string {
  const first = firstLetters(letters, 1);
  if (first === "") return OTHER_INITIAL;
  if (depth === 0) {
    const code = first.codePointAt(0) as number;
    // Syllables are ordered by initial consonant, 588 (21 vowels × 28 finals) to each.
    if (code >= 0xac00 && code <= 0xd7a3) return HANGUL_INITIALS[Math.floor((code - 0xac00) / 588)] as string;
    if (HANGUL_INITIALS.includes(first)) return first;
    return isLatin(first) ? first.toUpperCase() : OTHER_INITIAL;
  }
  const taken = firstLetters(letters, isLatin(first) ? depth + 1 : depth);
  return `${first.toUpperCase()}${taken.slice(first.length).toLowerCase()}`;
}

/** Latin initials and sections first, then Hangul, then the others, each in name order. */
function compareSections(a: string, b: string): number {
  return sectionRank(a) - sectionRank(b) || a.localeCompare(b, "en") || (a < b ? -1 : 1);
}

function sectionRank(section: string): number {
  if (section === OTHER_INITIAL) return 3;
  if (isLatin(section.charAt(0))) return 0;
  return /^[\uAC00-\uD7A3ㄱ-ㅎ]/.test(section) ? 1 : 2;
}
