import type { Paper } from "../../model/index.ts";
import type { Linker } from "./rows.ts";

/** The first and last day of a page's papers. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/** One page of a list of papers shown newest first (`newestFirstPages`). */
export interface NewestFirstPage {
  readonly path: string;
  /** The page's number counted from the oldest, or undefined on the list's own page. */
  readonly chunk: number | undefined;
  /** Newest first. */
  readonly papers: readonly Paper[];
  /** The first and last day of an older page's papers (newest last); null on the list's own page. */
  readonly range: DayRange | null;
  /** Links to the pages of newer and of older papers. */
  readonly newer: string | null;
  readonly older: string | null;
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
  const pageOf = (rows: readonly Paper[], chunk: number | undefined): NewestFirstPage => {
    const range =
      chunk === undefined ? null : { from: (rows.at(-1) as Paper).latest.date, to: (rows[0] as Paper).latest.date };
    const olderChunk = chunk === undefined ? olderPages : chunk - 1;
    return {
      path: pathOf(chunk),
      chunk,
      papers: rows,
      range,
      newer: chunk === undefined ? null : hrefOf(chunk + 1),
      older: olderChunk >= 1 ? hrefOf(olderChunk) : null,
    };
  };
  const pages = [pageOf(papers.slice(0, papers.length - olderPages * perPage), undefined)];
  for (let k = olderPages; k >= 1; k--) pages.push(pageOf(chunkOf(k), k));
  return pages;
}
