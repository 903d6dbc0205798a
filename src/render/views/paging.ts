import type { Paper } from "../../model/index.ts";
import type { Linker, NamedLink } from "./rows.ts";

/** The first and last day of a page's papers. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/** One page of a list of papers shown newest first (`newestFirstPages`). */
export interface NewestFirstPage {
  readonly path: string;
  /** Newest first. */
  readonly papers: readonly Paper[];
  /** The first and last day of an older page's papers (newest last); null on the list's own page. */
  readonly range: DayRange | null;
  /** Links to the pages of newer and of older papers. */
  readonly newer: string | null;
  readonly older: string | null;
  /**
   * How many papers the list holds, on its own page only; null on older pages, which a new
   * paper leaves as they were, so their views must not hold it either (a template of a
   * site owner's showing it there kept it stale).
   */
  readonly count: number | null;
  /**
   * The page each year of the list begins on, newest year first, when some year begins on
   * an older page (else none: every link would be to the list's own page). Without them,
   * a topic's papers of the year before were some twenty "older" clicks away at two years.
   * Counts are null: the links are part of every page's key.
   */
  readonly years: readonly PartLink[];
  /** What the page shows besides its papers, for its key: `count`, the pager's and the years' links. */
  readonly parts: readonly string[];
}

/**
 * The pages of a list of papers shown newest first (a tag's, an author's). Older papers go
 * in pages of `perPage` counted from the oldest (`page/1/` holds the oldest fifty), and the
 * list's own page holds the rest, `perPage` to twice that many. A new paper then changes the
 * list's own page alone, and every `perPage` papers the page before it gets a neighbour;
 * numbered from the newest, every page of a list changed with every day added (issue #5).
 * @param papers newest first
 * @param pathOf the page's path: the list's own for `undefined`, else its numbered page's
 */
export function newestFirstPages(
  papers: readonly Paper[],
  perPage: number,
  pathOf: (chunk: number | undefined) => string,
  link: Linker,
): NewestFirstPage[] {
  // Chunk k (1-based) holds the k-th `perPage` papers from the oldest; the newest full
  // chunk stays on the list's own page with the papers after it.
  const olderPages = Math.max(0, Math.floor(papers.length / perPage) - 1);
  const chunkOf = (k: number) => papers.slice(papers.length - k * perPage, papers.length - (k - 1) * perPage);
  const hrefOf = (k: number) => link.href(pathOf(k > olderPages ? undefined : k));
  const years = yearStarts(papers, perPage, olderPages);
  const yearsPart = years.map(({ year, chunk }) => `${year}:${chunk ?? ""}`).join(" ");
  // Once per list, not per page: a topic has hundreds of pages at ten years, and adding a
  // day looks at every one to keep it (issue #5).
  const yearHrefs = years.map(({ chunk }) => link.href(pathOf(chunk)));
  const pageOf = (rows: readonly Paper[], chunk: number | undefined): NewestFirstPage => {
    const range =
      chunk === undefined ? null : { from: (rows.at(-1) as Paper).latest.date, to: (rows[0] as Paper).latest.date };
    const olderChunk = chunk === undefined ? olderPages : chunk - 1;
    const newer = chunk === undefined ? null : hrefOf(chunk + 1);
    const older = olderChunk >= 1 ? hrefOf(olderChunk) : null;
    const count = chunk === undefined ? papers.length : null;
    const parts = [String(count ?? ""), newer ?? "", older ?? "", yearsPart];
    // Two years can begin on one page; only the newer is this page's, as a set marks one
    // item current (WAI-ARIA), and the older links here.
    const currentYear = years.findIndex(({ chunk: start }) => start === chunk);
    const yearLinks = years.map(({ year }, at) => ({
      name: year,
      href: yearHrefs[at] as string,
      count: null,
      current: at === currentYear,
    }));
    return { path: pathOf(chunk), papers: rows, range, newer, older, count, years: yearLinks, parts };
  };
  const pages = [pageOf(papers.slice(0, papers.length - olderPages * perPage), undefined)];
  for (let k = olderPages; k >= 1; k--) pages.push(pageOf(chunkOf(k), k));
  return pages;
}

/** A year of a list and the chunk its newest paper is on (undefined: the list's own page). */
interface YearStart {
  readonly year: string;
  readonly chunk: number | undefined;
}

/**
 * Each year of `papers` (newest first) and the chunk its newest paper is on (see
 * `newestFirstPages`; undefined for the list's own page), or none when every year begins on
 * the list's own page. A chunk is counted from the oldest paper, so a year's stays as newer
 * papers of a later year come, not changing with every paper added (issue #5): the links
 * change when a year comes or goes, when a year's first page leaves the list's own page as
 * that fills, and when a paper of an earlier year is added, removed or shown again (which
 * moves the pages after it anyway).
 */
function yearStarts(papers: readonly Paper[], perPage: number, olderPages: number): YearStart[] {
  if (olderPages === 0) return [];
  const starts: YearStart[] = [];
  // Papers are newest first, so a year's papers come together: a date below `${year}-` is
  // the next year's newest. One comparison a paper, where a slice and a map lookup a paper
  // were a tenth of a second of adding a day at ten years (issue #5).
  let floor = "\uffff";
  for (let index = 0; index < papers.length; index++) {
    const date = (papers[index] as Paper).latest.date;
    if (date >= floor) continue;
    const year = date.slice(0, 4);
    floor = `${year}-`;
    const chunk = Math.floor((papers.length - 1 - index) / perPage) + 1;
    starts.push({ year, chunk: chunk > olderPages ? undefined : chunk });
  }
  // The newest year always begins on the list's own page, so this also asks for two years.
  return starts.some(({ chunk }) => chunk !== undefined) ? starts : [];
}

/** A link to one part of a list split into pages: a section of the authors index, a year of the archive. */
export interface PartLink extends NamedLink {
  /** How many the part holds, on the list's first page; null on the parts' own pages. */
  readonly count: number | null;
  /** Whether it is the page it is shown on. */
  readonly current: boolean;
}

/**
 * The links to every part of a split list as the page of part `current` shows them, or
 * the list's first page when `current` is null. Counts show only on the first page, so a
 * part's own page changes only when the part does, or a part comes or goes (issue #5).
 * @param parts each part's key, link and count, and any field its links carry besides
 */
export function partLinks<P extends NamedLink & { readonly key: string; readonly count: number }>(
  parts: readonly P[],
  current: string | null,
): (Omit<P, "key" | "count"> & PartLink)[] {
  return parts.map(({ key, count, ...link }) => ({
    ...link,
    count: current === null ? count : null,
    current: key === current,
  }));
}
