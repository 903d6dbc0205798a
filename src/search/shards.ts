import type { Paper, Site } from "../model/index.ts";

/** Folder of the main search bundle inside the output, with a trailing slash. */
export const SEARCH_BUNDLE_DIR = "pagefind/";

/** One part of the search index. Pagefind builds each part alone; the search page merges them. */
export interface SearchShard {
  /**
   * Bundle folder inside the output, with a trailing slash: `pagefind/` for the main
   * bundle (the newest month, with Pagefind's scripts), `pagefind/shards/<name>/` for the rest.
   */
  readonly dir: string;
  /** Papers whose newest appearance falls in this shard's period, newest first. */
  readonly papers: readonly Paper[];
}

/** Per site: the search page lists the shards, and the indexer indexes them. */
const plans = new WeakMap<Site, readonly SearchShard[]>();

/**
 * Splits the papers into search shards by the date of their newest appearance, so that
 * adding a day re-indexes only the newest month (issue #5) and each Pagefind run holds
 * at most a year of papers. The main bundle holds the newest month; the newest year's
 * earlier months are in one shard per quarter (`shards/2024-q2/`); every earlier year is
 * one shard (`shards/2023/`). So when a month ends it joins a shard of at most three
 * months, and only when a year ends are its quarters indexed again as one year.
 * A paper that appears again in the newest month moves to the main bundle, so the
 * shard it left is rebuilt too.
 * @returns the main bundle first, then the other shards newest first; only the main bundle can be empty
 */
export function planSearchShards(site: Site): readonly SearchShard[] {
  let plan = plans.get(site);
  if (plan !== undefined) return plan;
  const papers = site.newest;
  const newestMonth = papers[0]?.latest.date.slice(0, 7) ?? "";
  const newestYear = newestMonth.slice(0, 4);
  // The main bundle always exists, so a site without papers still has a (empty) search index.
  const byDir = new Map<string, Paper[]>([[SEARCH_BUNDLE_DIR, []]]);
  for (const paper of papers) {
    const dir = shardDir(paper.latest.date, newestMonth, newestYear);
    const list = byDir.get(dir);
    if (list === undefined) byDir.set(dir, [paper]);
    else list.push(paper);
  }
  plan = [...byDir].map(([dir, list]) => ({ dir, papers: list }));
  plans.set(site, plan);
  return plan;
}

function shardDir(date: string, newestMonth: string, newestYear: string): string {
  if (date.startsWith(`${newestMonth}-`)) return SEARCH_BUNDLE_DIR;
  const year = date.slice(0, 4);
  if (year !== newestYear) return `${SEARCH_BUNDLE_DIR}shards/${year}/`;
  const quarter = Math.ceil(Number(date.slice(5, 7)) / 3);
  return `${SEARCH_BUNDLE_DIR}shards/${year}-q${quarter}/`;
}
