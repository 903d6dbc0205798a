import { getOrMake } from "../getOrMake.ts";
import { groupBy, type Paper, type Site } from "../model/index.ts";
import { isoWeek, weekRange } from "../model/periods.ts";

/** Folder of the main search bundle inside the output, with a trailing slash. */
export const SEARCH_BUNDLE_DIR = "pagefind/";

/** One part of the search index. Pagefind builds each part alone; the search page merges them. */
export interface SearchShard {
  /**
   * Bundle folder inside the output, with a trailing slash: `pagefind/` for the main
   * bundle (the newest week, with Pagefind's scripts), `pagefind/shards/<name>/` for the rest
   * (`2024-05-w19`, `2024-q2`, `2023-h2`).
   */
  readonly dir: string;
  /** Papers whose newest appearance falls in this shard's period, newest first. */
  readonly papers: readonly Paper[];
}

/** Per site: the search page lists the shards, and the indexer indexes them. */
const plans = new WeakMap<Site, readonly SearchShard[]>();

/**
 * Splits the papers into search shards by the date of their newest appearance, so that
 * adding a day re-indexes only the newest week (issue #5) and each Pagefind run holds at
 * most a year of papers:
 * - the main bundle: the newest month's days from the newest ISO week's Monday on;
 * - the newest month's earlier days: one shard per ISO week, of that week's days in the
 *   month (`shards/2024-05-w19/`; at most five);
 * - the newest year's earlier months: one shard per quarter (`shards/2024-q2/`);
 * - every earlier year: one shard per half (`shards/2023-h2/`).
 * So a day re-indexes at most a week, a Monday the week before it too, the first day of a
 * month a quarter, an edit to an older year's day half a year, and only a new year a whole
 * year (its quarters as two halves). The month's weeks were one shard until re-indexing the
 * month so far made a Monday the dearest day. Half years, not whole ones, because a year
 * was one Pagefind process's work for seconds after the other had finished (a third of a
 * cold build at 1x), and editing an old day re-indexed all of its year; quarters
 * throughout would double the shards every search fetches.
 * A paper that appears again in the main bundle's days moves there, so the shard it
 * left is rebuilt too.
 * @returns the main bundle first, then the other shards newest first; only the main bundle can be empty
 */
export function planSearchShards(site: Site): readonly SearchShard[] {
  return getOrMake(plans, site, () => planOf(site));
}

function planOf(site: Site): readonly SearchShard[] {
  const papers = site.newest;
  const newest = papers[0]?.latest.date;
  const shardOf = newest === undefined ? () => SEARCH_BUNDLE_DIR : shardDirs(newest);
  // The main bundle always exists, so a site without papers still has a (empty) search index.
  const byDir = groupBy(papers, (paper) => shardOf(paper.latest.date));
  return [
    { dir: SEARCH_BUNDLE_DIR, papers: byDir.get(SEARCH_BUNDLE_DIR) ?? [] },
    ...[...byDir].filter(([dir]) => dir !== SEARCH_BUNDLE_DIR).map(([dir, list]) => ({ dir, papers: list })),
  ];
}

/** The shard folder of each day, for a site whose newest day is `newest`. */
function shardDirs(newest: string): (date: string) => string {
  const month = newest.slice(0, 7);
  const year = newest.slice(0, 4);
  const weekStart = weekRange(isoWeek(newest)).start;
  return (date) => {
    if (date.startsWith(`${month}-`))
      return date >= weekStart ? SEARCH_BUNDLE_DIR : `${SEARCH_BUNDLE_DIR}shards/${month}-w${isoWeek(date).slice(-2)}/`;
    if (!date.startsWith(`${year}-`))
      return `${SEARCH_BUNDLE_DIR}shards/${date.slice(0, 4)}-h${date.slice(5, 7) <= "06" ? 1 : 2}/`;
    const quarter = Math.ceil(Number(date.slice(5, 7)) / 3);
    return `${SEARCH_BUNDLE_DIR}shards/${year}-q${quarter}/`;
  };
}
