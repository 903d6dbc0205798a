import type { Author, Site } from "../../model/index.ts";
import { groupBy } from "../../model/index.ts";
import { paths } from "../paths.ts";
import type { Linker, NamedLink } from "./rows.ts";

// The authors index and the archive's calendar.

export interface AuthorIndexView {
  /** This page's authors with a page, by name: all of them, or one section's when the index is split. */
  readonly authors: readonly (NamedLink & { readonly count: number })[];
  /**
   * The counts of the whole index, on its first page; null on a section's page, which then
   * changes only when the section does.
   */
  readonly counts: AuthorCounts | null;
  /** The sections and their pages when the index is split, else null. */
  readonly sections: readonly SectionLink[] | null;
  /** The section of this page of a split index, e.g. `A` or `Ha`; null on the index's first page. */
  readonly section: string | null;
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
export interface SectionLink extends NamedLink {
  /** How many authors it lists, on the index's first page; null on the sections' own pages. */
  readonly count: number | null;
  /** Whether it is the page it is shown on. */
  readonly current: boolean;
}

export interface AuthorIndexPage {
  readonly path: string;
  readonly view: AuthorIndexView;
}

/**
 * The most authors the index lists on one page. Past it the index is split into sections
 * by the names' initials, and an initial with more than this many authors by the names'
 * first two letters (a Hangul name's first syllable): at ten years its 42,000 authors with
 * a page made one page of 4 MB for a reader to load (issue #5); split, its largest page
 * is 260 KB. A section's page changes only when one of its authors does (or a section
 * comes or goes), though adding a day touches most sections at that size.
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
  const byInitial = groupBy(authors, (author) => initialOf(author.name));
  const initials = [...byInitial.keys()].sort((a, b) => initialRank(a) - initialRank(b) || (a < b ? -1 : 1));
  const sections = new Map<string, typeof authors>();
  for (const initial of initials) {
    const list = byInitial.get(initial) ?? [];
    if (list.length <= max) sections.set(initial, list);
    else {
      const byPrefix = [...groupBy(list, (author) => prefixOf(author.name))];
      byPrefix.sort(([a], [b]) => a.localeCompare(b, "en") || (a < b ? -1 : 1));
      // A name of other letters that starts with a bare jamo has the prefix `ㄱ`, which may be
      // a section already: one page then lists both.
      for (const [prefix, part] of byPrefix) sections.set(prefix, [...(sections.get(prefix) ?? []), ...part]);
    }
  }
  // Counts only on the first page: each section's page changes only with its own authors
  // (and when a section comes or goes), so adding a day re-renders only the sections it touches.
  const linksFrom = (current: string | null) =>
    [...sections].map(([section, list]) => ({
      name: section,
      href: link.href(paths.authorsSection(section)),
      count: current === null ? list.length : null,
      current: section === current,
    }));
  return [
    { path: paths.authors(), view: { authors: [], counts, sections: linksFrom(null), section: null } },
    ...[...sections].map(([section, list]) => ({
      path: paths.authorsSection(section),
      view: { authors: list, counts: null, sections: linksFrom(section), section },
    })),
  ];
}

/** What names that start with no Latin letter or Hangul syllable are filed under. */
export const OTHER_INITIAL = "기타";

/** The 19 initial consonants of Hangul syllables, in order, each tense one filed under its plain one. */
const HANGUL_INITIALS = "ㄱㄱㄴㄷㄷㄹㅁㅂㅂㅅㅅㅇㅈㅈㅊㅋㅌㅍㅎ";

/** A name's letters, each as it is filed: composed, and a Latin letter without its accents. */
function filedLetters(name: string): string[] {
  return (name.normalize("NFC").match(/\p{L}/gu) ?? []).map((letter) =>
    /[\uAC00-\uD7A3]/.test(letter) ? letter : letter.normalize("NFD").charAt(0),
  );
}

/**
 * The initial a name is filed under in a split authors index: its first letter, as a capital
 * Latin letter without accents (`É` → `E`) or a Hangul syllable's plain initial consonant
 * (`김` → `ㄱ`, `뚜` → `ㄷ`), else `OTHER_INITIAL`.
 */
export function initialOf(name: string): string {
  const first = filedLetters(name)[0] ?? "";
  if (/^[\uAC00-\uD7A3]$/.test(first)) {
    // Syllables are ordered by initial consonant, 588 (21 vowels × 28 finals) to each.
    return HANGUL_INITIALS[Math.floor(((first.codePointAt(0) as number) - 0xac00) / 588)] as string;
  }
  return /^[A-Za-z]$/.test(first) ? first.toUpperCase() : OTHER_INITIAL;
}

/**
 * The section a name is filed under within an initial too large for one page: its first two
 * letters for a Latin name (`Ha` for `Hà Minh`), its first syllable for a Hangul name, its
 * first letter for any other (`王`), or `OTHER_INITIAL` for a name without letters.
 */
export function prefixOf(name: string): string {
  const [first = "", second = ""] = filedLetters(name);
  if (/^[A-Za-z]$/.test(first)) return `${first.toUpperCase()}${/^[A-Za-z]$/.test(second) ? second.toLowerCase() : ""}`;
  return first === "" ? OTHER_INITIAL : first;
}

/** Latin letters first, then Hangul initials, then the others. */
function initialRank(initial: string): number {
  if (initial === OTHER_INITIAL) return 2;
  return /^[A-Z]$/.test(initial) ? 0 : 1;
}

/** A calendar month of the archive: Monday-first weeks, each day with its paper count. */
export interface MonthView {
  readonly key: string;
  readonly label: string;
  readonly topHref: string;
  readonly total: number;
  readonly weeks: readonly (readonly ({
    readonly day: number;
    readonly date: string;
    readonly count: number;
    readonly href: string | null;
  } | null)[])[];
}

export interface ArchiveView {
  readonly years: readonly {
    readonly year: string;
    readonly topHref: string;
    readonly total: number;
    readonly months: readonly MonthView[];
  }[];
}

export function toArchiveView(site: Site, link: Linker): ArchiveView {
  const counts = new Map(site.days.map((day) => [day.date, day.entries.length]));
  const monthKeys = [...new Set(site.days.map((day) => day.date.slice(0, 7)))].sort().reverse();
  const months: MonthView[] = monthKeys.map((key) => {
    const [year, month] = key.split("-").map(Number) as [number, number];
    const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const offset = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
    const cells: MonthView["weeks"][number][number][] = Array.from({ length: offset }, () => null);
    let total = 0;
    for (let day = 1; day <= length; day++) {
      const date = `${key}-${String(day).padStart(2, "0")}`;
      const count = counts.get(date) ?? 0;
      total += count;
      cells.push({ day, date, count, href: counts.has(date) ? link.href(paths.day(date)) : null });
    }
    while (cells.length % 7 !== 0) cells.push(null);
    const weeks = Array.from({ length: cells.length / 7 }, (_, index) => cells.slice(index * 7, index * 7 + 7));
    return { key, label: `${year}년 ${month}월`, topHref: link.href(paths.topPeriod(key)), total, weeks };
  });
  const years = [...new Set(monthKeys.map((key) => key.slice(0, 4)))].map((year) => {
    const own = months.filter((month) => month.key.startsWith(year));
    return {
      year,
      topHref: link.href(paths.topPeriod(year)),
      total: own.reduce((sum, month) => sum + month.total, 0),
      months: own,
    };
  });
  return { years };
}
