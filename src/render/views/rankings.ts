import { DEFAULT_CONFIG } from "../../config.ts";
import { getOrMake } from "../../getOrMake.ts";
import type { Day, Paper, Site } from "../../model/index.ts";
import { groupBy, type Ranking, rankByVotes, ranksAbove } from "../../model/index.ts";
import { daysBefore, isoWeek, weekRange } from "../../model/periods.ts";
import type { DayKey, PaperEntry, PaperId } from "../../types.ts";
import { paths } from "../paths.ts";
import { type Linker, type NamedLink, type PaperRowView, toPaperRow } from "./rows.ts";

// Vote rankings: the period pages, the home page's week and the ranked lists tag pages share.

/** A ranked line; equal votes share a rank (1, 2, 2, 4) while the order stays stable. */
export interface RankedRowView extends PaperRowView {
  readonly rank: number;
}

export interface RankingView {
  readonly heading: string;
  /** A week's first and last day, shown under the heading (and in the page's title after it); null for other pages. */
  readonly dates: { readonly start: string; readonly end: string } | null;
  readonly intro: string;
  readonly ranked: readonly RankedRowView[];
  /** Papers without a vote count, never ranked as 0. */
  readonly unvoted: readonly PaperRowView[];
  /** Where each list stops: `rankingSize` rows (site.yaml). */
  readonly limit: number;
  /**
   * Whether papers were left off each list, not how many: that count changed with every
   * paper the period or tag gained, and with it a page of a hundred rows whose papers were
   * the same (issue #5: twenty topic rankings rewritten for every day added).
   */
  readonly rankedCut: boolean;
  readonly unvotedCut: boolean;
  /** Lists of periods: years, months and weeks on the all-time and year pages; a month's weeks. */
  readonly periods: readonly PeriodGroupView[];
  /** A month's or week's neighbours and the periods it lies in; null on the all-time and year pages. */
  readonly around: PeriodNeighbours | null;
}

/**
 * Links from a month or week page to the months or weeks just before and after it and
 * to the periods it lies in. Only these, not every month and week of its year: then a
 * new week or month changes the page of the one before it and no other (issue #5).
 */
export interface PeriodNeighbours {
  readonly previous: NamedLink | null;
  readonly next: NamedLink | null;
  /** The year, then the months, that the period's days fall in. */
  readonly within: readonly NamedLink[];
}

export interface PeriodGroupView {
  readonly label: string;
  readonly links: readonly (NamedLink & { readonly current: boolean })[];
  /** Shown unfolded: the years, a month's weeks, and the list holding the page's own period. */
  readonly open: boolean;
}

interface RankedEntry {
  readonly id: PaperId;
  readonly date: string;
  readonly votes: number | null;
  readonly entry: PaperEntry;
}

/** One line per paper: its best-voted appearance among `entries` (newer wins ties). */
function bestAppearances(entries: readonly PaperEntry[]): RankedEntry[] {
  const best = new Map<PaperId, PaperEntry>();
  for (const entry of entries) {
    const other = best.get(entry.id);
    if (other === undefined || ranksAbove(entry, other)) best.set(entry.id, entry);
  }
  return [...best.values()].map((entry) => ({ id: entry.id, date: entry.date, votes: entry.votes, entry }));
}

/**
 * A paper's line in an all-time or topic ranking: its best appearance (`Paper.best`),
 * whose day the line shows. Its latest day went with its best count before, which
 * another day had given.
 */
export function bestAppearance({ best }: Paper): RankedEntry {
  return { id: best.id, date: best.date, votes: best.votes, entry: best };
}

/**
 * Competition ranks for a list already in rank order: equal votes share the rank
 * of the first of them, and the next one skips (1, 2, 2, 4).
 * @param ranked items in rank order
 * @returns one rank per item
 */
export function sharedRanks(ranked: readonly { readonly votes: number | null }[]): number[] {
  const ranks: number[] = [];
  ranked.forEach((item, index) => {
    const previous = ranked[index - 1];
    ranks.push(previous !== undefined && previous.votes === item.votes ? (ranks[index - 1] as number) : index + 1);
  });
  return ranks;
}

/**
 * A vote ranking cut to `limit` lines, with each line's shared rank, before any row is
 * made; whether it left papers off, and not how many (see `RankingView`).
 */
interface RankedList extends Pick<Ranking<RankedEntry>, "unvoted"> {
  readonly ranked: readonly { readonly item: RankedEntry; readonly rank: number }[];
  readonly limit: number;
  readonly rankedCut: boolean;
  readonly unvotedCut: boolean;
}

export function rankList(items: Iterable<RankedEntry>, limit: number): RankedList {
  const { ranked, unvoted, moreRanked, moreUnvoted } = rankByVotes(items, limit);
  // A shared rank is the place of the first of its votes, which is never left off before it.
  const ranks = sharedRanks(ranked);
  return {
    ranked: ranked.map((item, index) => ({ item, rank: ranks[index] as number })),
    unvoted,
    limit,
    rankedCut: moreRanked > 0,
    unvotedCut: moreUnvoted > 0,
  };
}

/** The papers a ranked list shows, ranked then unvoted: the page's key is made from them. */
export function listedPapers(site: Site, list: RankedList): Paper[] {
  return [...list.ranked.map(({ item }) => item), ...list.unvoted].map((item) => site.papers.get(item.id) as Paper);
}

export function rankedRows(site: Site, list: RankedList, link: Linker) {
  const row = (item: RankedEntry) =>
    toPaperRow(site.papers.get(item.id) as Paper, link, { entry: item.entry, votes: item.votes });
  const ranked: RankedRowView[] = list.ranked.map(({ item, rank }) => ({ ...row(item), rank }));
  const { limit, rankedCut, unvotedCut } = list;
  return { ranked, unvoted: list.unvoted.map(row), limit, rankedCut, unvotedCut };
}

/**
 * What a ranked list shows besides its papers' own data (which appearance, which
 * count, which rank), for the page's key: with the papers' keys it stands for the rows.
 */
export function rankedListParts(list: RankedList): string[] {
  return [
    ...list.ranked.map(({ item, rank }) => `${rank} ${item.id} ${item.entry.date} ${item.votes}`),
    `${list.rankedCut} ${list.unvotedCut}`,
    ...list.unvoted.map((item) => `${item.id} ${item.entry.date}`),
  ];
}

/**
 * A page whose view is made only when the page is rendered: its key is made from
 * `parts` and the keys of `papers` (renderSite's `papersPage`), so a page kept from the
 * last build costs neither rows nor a hash of them (issue #5).
 */
export interface LazyPage<View> {
  readonly path: string;
  /** Everything the page shows that is not its papers' own data (order, ranks, counts, links). */
  readonly parts: readonly string[];
  /** The papers whose data the page shows, in order. */
  readonly papers: readonly Paper[];
  view(): View;
}

/** Every ranking page: all time, each year, month and ISO week. */
export interface RankingPage extends LazyPage<RankingView> {
  readonly title: string;
  readonly intro: string;
}

/**
 * What a period's ranking says of itself. Without its number of papers, which changed
 * with every paper the period gained: the year's page was rewritten for every day added,
 * its hundred rows the same (issue #5). The archive counts each day's papers.
 */
const PERIOD_INTRO =
  "이 기간에 소개된 논문을 추천 수로 줄 세웠습니다. 같은 추천 수는 더 최근 논문, 그다음 arXiv 번호 순입니다.";

/** @param size how many papers each ranking shows (`rankingSize`) */
export function toRankingPages(site: Site, link: Linker, size = DEFAULT_CONFIG.rankingSize): RankingPage[] {
  // Days, not entries, are grouped: a week's key takes date arithmetic, once per day
  // instead of once per paper (fifteen times as often; issue #5).
  const daysBy = (keyOf: (date: DayKey) => string) => groupBy(site.days, (day) => keyOf(day.date));
  const entriesOf = (days: Map<string, Day[]>) =>
    new Map([...days].map(([key, group]) => [key, group.flatMap((day) => day.entries)]));
  const daysByMonth = daysBy((date) => date.slice(0, 7));
  const daysByWeek = daysBy(isoWeek);
  const years = entriesOf(daysBy((date) => date.slice(0, 4)));
  const months = entriesOf(daysByMonth);
  const weeks = entriesOf(daysByWeek);
  const newestFirst = (map: Map<string, PaperEntry[]>) => [...map.keys()].sort().reverse();
  const yearKeys = newestFirst(years);
  const monthKeys = newestFirst(months);
  const weekKeys = newestFirst(weeks);
  const ranges = new Map(weekKeys.map((key) => [key, weekRange(key)]));
  const yearName = (key: string) => `${key}년`;
  const monthName = (key: string) => `${key.slice(0, 4)}년 ${Number(key.slice(5))}월`;
  const weekName = (key: string) => {
    const { start, end } = ranges.get(key) as { start: string; end: string };
    return `${key} (${start.slice(5)}~${end.slice(5)})`;
  };
  const linkTo = (key: string, name: (key: string) => string): NamedLink => ({
    name: name(key),
    href: link.href(paths.topPeriod(key)),
  });
  // Built once per list: rebuilding the lists per page was O(W²) (P4).
  const group = (label: string, keys: readonly string[], name: (key: string) => string, open = false) => {
    const links = keys.map((key) => ({ ...linkTo(key, name), current: false }));
    return {
      keys,
      plain: { label, links, open },
      marked: (current: string) => ({
        label,
        links: links.map((l, i) => ({ ...l, current: keys[i] === current })),
        open: true,
      }),
    };
  };
  const yearGroup = group("연도별", yearKeys, yearName, true);
  // The all-time and year pages list every year and the months and weeks of one year (the
  // newest on the all-time page); both change whenever a day is added to their period anyway.
  const listsOf = new Map<string, { groups: ReturnType<typeof group>[]; keys: string }>();
  const yearLists = (year: string) =>
    getOrMake(listsOf, year, () => {
      const months = monthKeys.filter((key) => key.startsWith(year));
      const weeksOfYear = weekKeys.filter((key) => key.startsWith(year));
      return {
        groups: [yearGroup, group(`${year}년 월별`, months, monthName), group(`${year}년 주별`, weeksOfYear, weekName)],
        // What the page's key needs of the lists: the names and links follow from the keys.
        keys: [yearKeys, months, weeksOfYear].map((keys) => keys.join(" ")).join("\n"),
      };
    });
  // The weeks a month's days fall in, newest first; the years and months a week's days fall in, oldest first.
  const distinct = (days: readonly Day[] | undefined, keyOf: (date: DayKey) => string) => [
    ...new Set((days ?? []).map((day) => keyOf(day.date))),
  ];
  /** A month's or week's page navigation, and what of it the page's key needs. */
  const neighbours = (keys: readonly string[], name: (key: string) => string) => {
    const at = new Map(keys.map((key, index) => [key, index]));
    return (key: string, within: readonly string[], lists: PeriodGroupView[]) => {
      const index = at.get(key) as number;
      // Newest first: the previous period is the next key.
      const previous = keys[index + 1] ?? null;
      const next = keys[index - 1] ?? null;
      const around: PeriodNeighbours = {
        previous: previous === null ? null : linkTo(previous, name),
        next: next === null ? null : linkTo(next, name),
        within: within.map((period) => linkTo(period, period.length === 4 ? yearName : monthName)),
      };
      const listed = lists.flatMap((list) => list.links.map((l) => l.href));
      return { around, periods: lists, keys: [previous, next, ...within, ...listed].join(" ") };
    };
  };
  const monthNav = neighbours(monthKeys, monthName);
  const weekNav = neighbours(weekKeys, weekName);
  const navOf = (current: string | null, year: string) => {
    if (current !== null && current.length === 7) {
      const weeks = distinct(daysByMonth.get(current), isoWeek);
      return monthNav(current, [year], [group(`${monthName(current)} 주별`, weeks, weekName, true).plain]);
    }
    if (current?.includes("-W")) {
      const days = [...(daysByWeek.get(current) ?? [])].reverse();
      const within = [...distinct(days, (date) => date.slice(0, 4)), ...distinct(days, (date) => date.slice(0, 7))];
      return weekNav(current, within, []);
    }
    const lists = yearLists(year);
    const periods = lists.groups.map((g) =>
      current !== null && g.keys.includes(current) ? g.marked(current) : g.plain,
    );
    return { around: null, periods, keys: lists.keys };
  };
  const pages: RankingPage[] = [];
  const add = (
    current: string | null,
    items: readonly RankedEntry[],
    heading: string,
    intro: string,
    dates: RankingView["dates"] = null,
  ) => {
    const list = rankList(items, size);
    // A year, month or ISO week key starts with its year.
    const year = current?.slice(0, 4) ?? yearKeys[0] ?? "";
    const nav = navOf(current, year);
    const title = dates === null ? heading : `${heading} (${dates.start} ~ ${dates.end})`;
    pages.push({
      path: current === null ? paths.top() : paths.topPeriod(current),
      title,
      intro,
      parts: [title, intro, nav.keys, current ?? "", ...rankedListParts(list)],
      papers: listedPapers(site, list),
      view: () => ({
        heading,
        dates,
        intro,
        ...rankedRows(site, list, link),
        periods: nav.periods,
        around: nav.around,
      }),
    });
  };
  const allTime = [...site.papers.values()].map(bestAppearance);
  add(
    null,
    allTime,
    "전체 추천 순위",
    "소개된 모든 논문을 추천 수로 줄 세웠습니다. 같은 추천 수는 더 최근 논문, 그다음 arXiv 번호 순입니다.",
  );
  const addPeriod = (key: string, entries: readonly PaperEntry[], heading: string, dates?: RankingView["dates"]) => {
    add(key, bestAppearances(entries), heading, PERIOD_INTRO, dates);
  };
  for (const key of yearKeys) addPeriod(key, years.get(key) ?? [], `${key}년 추천 순위`);
  for (const key of monthKeys)
    addPeriod(key, months.get(key) ?? [], `${key.slice(0, 4)}년 ${Number(key.slice(5))}월 추천 순위`);
  for (const key of weekKeys) {
    addPeriod(key, weeks.get(key) ?? [], `${key} 주간 추천 순위`, ranges.get(key) as { start: string; end: string });
  }
  return pages;
}

/** The week ending on the latest day: its most voted papers, for the home page. */
export function weekTop(site: Site, link: Linker, count: number): RankedRowView[] {
  const latest = site.days[0];
  if (!latest) return [];
  const from = daysBefore(latest.date, 7);
  const entries = site.entries.filter((entry) => entry.date >= from && entry.date <= latest.date);
  return rankedRows(site, rankList(bestAppearances(entries), count), link).ranked;
}
