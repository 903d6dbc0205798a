import type { SiteConfig } from "../config.ts";
import { getOrMake } from "../getOrMake.ts";
import type { Author, Day, Paper, Site, Tag } from "../model/index.ts";
import { groupBy, type Ranking, rankByVotes } from "../model/index.ts";
import { daysBefore, isoWeek, weekRange } from "../model/periods.ts";
import { slugify } from "../model/slug.ts";
import type { DayKey, Media, PaperEntry, PaperId } from "../types.ts";
import { renderInlineMarkdown, renderMarkdown } from "./markdown.ts";
import { encodePath, paths } from "./paths.ts";
import { publishableMedia } from "./text.ts";

/** Builds links under the site's base path. */
export interface Linker {
  /** Site-relative path to a link under the base path, e.g. `/repo/days/2025-02-11/`. */
  href(path: string): string;
  /** Absolute URL when `siteUrl` is set, else the same as `href`. */
  absolute(path: string): string;
}

export function makeLinker(config: SiteConfig): Linker {
  const href = (path: string) => `${config.basePath}${encodePath(path)}`;
  return { href, absolute: (path) => `${config.siteUrl}${href(path)}` };
}

export interface SectionView {
  readonly label: string;
  readonly html: string;
}

/** One paper as shown in a list or on its own page; all HTML is sanitised. */
export interface EntryView {
  readonly id: string;
  readonly title: string;
  readonly href: string;
  readonly date: string;
  readonly dayHref: string;
  readonly arxivUrl: string;
  readonly pdfUrl: string;
  readonly hfUrl: string;
  readonly votes: number | null;
  readonly authors: readonly string[];
  readonly media: Media | null;
  readonly sections: readonly SectionView[];
  readonly bulletsHtml: readonly string[];
  readonly extraHtml: readonly string[];
  readonly tagLinks: readonly NamedLink[];
}

/** A name and where it links to. */
export interface NamedLink {
  readonly name: string;
  readonly href: string;
}

const STANDARD_LABELS = [
  ["whatsNew", "What's New"],
  ["technicalDetails", "Technical Details"],
  ["performanceHighlights", "Performance Highlights"],
] as const;

/**
 * The view of one appearance.
 * @param entry the appearance whose title and summary are shown
 * @param paper the paper it belongs to, for its merged tags
 * @param link builds links under the base path
 * @param authors names to list. Default: the appearance's own authors (a day page);
 *   the paper page passes `paper.authors`, the union over appearances.
 */
export function toEntryView(
  entry: PaperEntry,
  paper: Paper | undefined,
  link: Linker,
  authors: readonly string[] = entry.authors,
): EntryView {
  const sections: SectionView[] = [];
  for (const [field, label] of STANDARD_LABELS) {
    const text = entry[field];
    if (text !== null) sections.push({ label, html: renderMarkdown(text) });
  }
  for (const section of entry.otherSections)
    sections.push({ label: section.label, html: renderMarkdown(section.text) });
  return {
    id: entry.id,
    title: entry.title,
    href: link.href(paths.paper(entry.id)),
    date: entry.date,
    dayHref: link.href(paths.day(entry.date)),
    arxivUrl: entry.url,
    pdfUrl: `https://arxiv.org/pdf/${entry.id}`,
    hfUrl: `https://huggingface.co/papers/${entry.id}`,
    votes: entry.votes,
    authors,
    media: publishableMedia(entry.media),
    sections,
    bulletsHtml: entry.bullets.map(renderInlineMarkdown),
    extraHtml: entry.extra.map(renderMarkdown),
    tagLinks: (paper?.tags ?? entry.tags).map((name) => tagLink(name, link)),
  };
}

export interface DayLink {
  readonly date: string;
  readonly href: string;
  readonly count: number;
}

export interface DayView {
  readonly date: string;
  readonly title: string | null;
  readonly entries: readonly EntryView[];
  readonly notesHtml: readonly string[];
  readonly newer: DayLink | null;
  readonly older: DayLink | null;
}

function dayLink(day: Day | undefined, link: Linker): DayLink | null {
  return day ? { date: day.date, href: link.href(paths.day(day.date)), count: day.entries.length } : null;
}

/** The view of `site.days[index]` (days are newest first). */
export function toDayView(site: Site, index: number, link: Linker): DayView {
  const day = site.days[index] as Day;
  return {
    date: day.date,
    title: day.title,
    entries: day.entries.map((entry) => toEntryView(entry, site.papers.get(entry.id), link)),
    notesHtml: day.notes.map((note) => renderMarkdown(note.markdown)),
    newer: dayLink(site.days[index - 1], link),
    older: dayLink(site.days[index + 1], link),
  };
}

export interface AppearanceView {
  readonly date: string;
  readonly href: string;
  readonly title: string;
  readonly votes: number | null;
}

/** An author on a paper page: linked when they have a page of their own. */
export interface AuthorLink {
  readonly name: string;
  readonly href: string | null;
}

export interface PaperView {
  readonly entry: EntryView;
  readonly authors: readonly AuthorLink[];
  readonly votes: number | null;
  readonly appearances: readonly AppearanceView[];
}

/**
 * A paper's own page: the newest summary, every author over all appearances, and each appearance.
 * @param hasAuthorPage whether the author with this slug has a page to link to
 */
export function toPaperView(paper: Paper, link: Linker, hasAuthorPage: (slug: string) => boolean): PaperView {
  return {
    entry: toEntryView(paper.latest, paper, link, paper.authors),
    authors: paper.authors.map((name, index) => {
      const slug = paper.authorSlugs[index] as string;
      return { name, href: hasAuthorPage(slug) ? link.href(paths.author(slug)) : null };
    }),
    votes: paper.votes,
    appearances: paper.entries.map((entry) => ({
      date: entry.date,
      href: link.href(paths.day(entry.date)),
      title: entry.title,
      votes: entry.votes,
    })),
  };
}

/** Recent days for the home page's list. */
export function recentDays(site: Site, count: number, link: Linker): DayLink[] {
  return site.days.slice(0, count).map((day) => dayLink(day, link) as DayLink);
}

/** A compact paper line for lists, rankings and tag pages. */
export interface PaperRowView {
  readonly id: string;
  readonly title: string;
  readonly href: string;
  readonly votes: number | null;
  /** The appearance shown: newest, or the one inside a ranking's period. */
  readonly date: string;
  readonly dayHref: string;
  readonly authors: string;
  readonly tags: readonly NamedLink[];
}

function shortAuthors(authors: readonly string[]): string {
  return authors.length > 3 ? `${authors.slice(0, 3).join(", ")} 외 ${authors.length - 3}명` : authors.join(", ");
}

/** Which appearance a row shows and the vote count it was ranked by. */
export interface RowShown {
  readonly entry: PaperEntry;
  readonly votes: number | null;
}

/**
 * A compact line for one paper.
 * @param paper the paper
 * @param link builds links under the base path
 * @param shown the appearance whose date is shown and the votes to display. A row
 *   must show the votes it was ranked by: a period ranking passes the appearance's
 *   own count, an all-time or tag list the paper's best (review finding B1).
 *   Default: the newest appearance with the paper's best count.
 */
export function toPaperRow(
  paper: Paper,
  link: Linker,
  shown: RowShown = { entry: paper.latest, votes: paper.votes },
): PaperRowView {
  const { entry, votes } = shown;
  const base = rowBase(paper, link);
  return {
    id: base.id,
    title: base.title,
    href: base.href,
    votes,
    date: entry.date,
    dayHref: link.href(paths.day(entry.date)),
    authors: base.authors,
    tags: base.tags,
  };
}

/** What every row of a paper shows, whichever appearance and count it shows. */
type RowBase = Pick<PaperRowView, "id" | "title" | "href" | "authors" | "tags">;

/**
 * Per linker (one per render), what rows and entries share: each paper's `RowBase` and
 * each tag's link. A paper is a row on its tag, author and ranking pages and beside up to
 * six related papers, so building these once was a twentieth of a cold build at 10x (issue #5).
 */
const linkerMemos = new WeakMap<Linker, { rows: WeakMap<Paper, RowBase>; tags: Map<string, NamedLink> }>();

const memoOf = (link: Linker) => getOrMake(linkerMemos, link, () => ({ rows: new WeakMap(), tags: new Map() }));

function rowBase(paper: Paper, link: Linker): RowBase {
  return getOrMake(memoOf(link).rows, paper, () => ({
    id: paper.id,
    title: paper.latest.title,
    href: link.href(paths.paper(paper.id)),
    authors: shortAuthors(paper.authors),
    tags: paper.tags.map((name) => tagLink(name, link)),
  }));
}

/** The link to a tag's page, by tag name. */
function tagLink(name: string, link: Linker): NamedLink {
  return getOrMake(memoOf(link).tags, name, () => ({ name, href: link.href(paths.tag(slugify(name))) }));
}

/** A ranked line; equal votes share a rank (1, 2, 2, 4) while the order stays stable. */
export interface RankedRowView extends PaperRowView {
  readonly rank: number;
}

export interface RankingView {
  readonly heading: string;
  readonly intro: string;
  readonly ranked: readonly RankedRowView[];
  /** Papers without a vote count, never ranked as 0. */
  readonly unvoted: readonly PaperRowView[];
  /** How many were left off each list (lists stop at `limit`). */
  readonly moreRanked: number;
  readonly moreUnvoted: number;
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
    const better =
      other === undefined ||
      (entry.votes ?? -1) > (other.votes ?? -1) ||
      ((entry.votes ?? -1) === (other.votes ?? -1) && entry.date > other.date);
    if (better) best.set(entry.id, entry);
  }
  return [...best.values()].map((entry) => ({ id: entry.id, date: entry.date, votes: entry.votes, entry }));
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

/** A vote ranking cut to `limit` lines, with each line's shared rank, before any row is made. */
interface RankedList extends Omit<Ranking<RankedEntry>, "ranked"> {
  readonly ranked: readonly { readonly item: RankedEntry; readonly rank: number }[];
}

function rankList(items: Iterable<RankedEntry>, limit: number): RankedList {
  const ranking = rankByVotes(items, limit);
  // A shared rank is the place of the first of its votes, which is never left off before it.
  const ranks = sharedRanks(ranking.ranked);
  return { ...ranking, ranked: ranking.ranked.map((item, index) => ({ item, rank: ranks[index] as number })) };
}

/** The papers a ranked list shows, ranked then unvoted: the page's key is made from them. */
function listedPapers(site: Site, list: RankedList): Paper[] {
  return [...list.ranked.map(({ item }) => item), ...list.unvoted].map((item) => site.papers.get(item.id) as Paper);
}

function rankedRows(site: Site, list: RankedList, link: Linker) {
  const row = (item: RankedEntry) =>
    toPaperRow(site.papers.get(item.id) as Paper, link, { entry: item.entry, votes: item.votes });
  const ranked: RankedRowView[] = list.ranked.map(({ item, rank }) => ({ ...row(item), rank }));
  return { ranked, unvoted: list.unvoted.map(row), moreRanked: list.moreRanked, moreUnvoted: list.moreUnvoted };
}

/**
 * What a ranked list shows besides its papers' own data (which appearance, which
 * count, which rank), for the page's key: with the papers' keys it stands for the rows.
 */
function rankedListParts(list: RankedList): string[] {
  return [
    ...list.ranked.map(({ item, rank }) => `${rank} ${item.id} ${item.entry.date} ${item.votes}`),
    `${list.moreRanked} ${list.moreUnvoted}`,
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

const RANKING_LIMIT = 100;

export function toRankingPages(site: Site, link: Linker): RankingPage[] {
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
  const add = (current: string | null, items: readonly RankedEntry[], heading: string, intro: string) => {
    const list = rankList(items, RANKING_LIMIT);
    // A year, month or ISO week key starts with its year.
    const year = current?.slice(0, 4) ?? yearKeys[0] ?? "";
    const nav = navOf(current, year);
    pages.push({
      path: current === null ? paths.top() : paths.topPeriod(current),
      title: heading,
      intro,
      parts: [heading, intro, nav.keys, current ?? "", ...rankedListParts(list)],
      papers: listedPapers(site, list),
      view: () => ({ heading, intro, ...rankedRows(site, list, link), periods: nav.periods, around: nav.around }),
    });
  };
  const allTime = [...site.papers.values()].map((paper) => ({
    id: paper.id,
    date: paper.latest.date,
    votes: paper.votes,
    entry: paper.latest,
  }));
  add(
    null,
    allTime,
    "전체 추천 순위",
    `소개된 논문 ${site.papers.size}편을 추천 수로 줄 세웠습니다. 같은 추천 수는 더 최근 논문, 그다음 arXiv 번호 순입니다.`,
  );
  const addPeriod = (key: string, entries: readonly PaperEntry[], heading: string) => {
    const best = bestAppearances(entries);
    const intro = `이 기간에 소개된 논문 ${best.length}편을 추천 수로 줄 세웠습니다. 같은 추천 수는 더 최근 논문, 그다음 arXiv 번호 순입니다.`;
    add(key, best, heading, intro);
  };
  for (const key of yearKeys) addPeriod(key, years.get(key) ?? [], `${key}년 추천 순위`);
  for (const key of monthKeys)
    addPeriod(key, months.get(key) ?? [], `${key.slice(0, 4)}년 ${Number(key.slice(5))}월 추천 순위`);
  for (const key of weekKeys) {
    const { start, end } = ranges.get(key) as { start: string; end: string };
    addPeriod(key, weeks.get(key) ?? [], `${key} 주간 추천 순위 (${start} ~ ${end})`);
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

/** A tag with its count and Korean label, for lists and clouds. */
export interface TagLinkView extends NamedLink {
  readonly slug: string;
  readonly label: string | null;
  readonly count: number;
}

export function toTagLinks(site: Site, link: Linker, labels: ReadonlyMap<string, string>): TagLinkView[] {
  return [...site.tags.values()].map((tag) => ({
    slug: tag.slug,
    name: tag.name,
    label: labels.get(tag.slug) ?? null,
    href: link.href(paths.tag(tag.slug)),
    count: tag.paperIds.length,
  }));
}

export interface TagPage extends LazyPage<TagPageView> {
  readonly order: "newest" | "votes";
  /** The first and last day of an older page's papers (newest last); null on the tag's two main pages. */
  readonly range: DayRange | null;
}

export interface DayRange {
  readonly from: string;
  readonly to: string;
}

export interface TagPageView {
  readonly tag: TagLinkView;
  readonly order: "newest" | "votes";
  readonly newestHref: string;
  readonly votesHref: string;
  readonly feedHref: string;
  /** See `TagPage.range`; the count of papers is shown instead when null. */
  readonly range: DayRange | null;
  /** Newest first: every row of this page. By votes: the ranked rows, at most `RANKING_LIMIT`. */
  readonly rows: readonly (PaperRowView & { readonly rank: number | null })[];
  /**
   * By votes only: the papers without a vote count, which follow the ranked ones and
   * are listed under their own heading, never ranked (review finding B2).
   */
  readonly unvoted: readonly PaperRowView[];
  /** By votes: how many were left off each list. */
  readonly moreRanked: number;
  readonly moreUnvoted: number;
  /** Newest first: the pages of newer and of older papers. */
  readonly newer: string | null;
  readonly older: string | null;
}

/**
 * Every page of one tag: its papers newest first, then by votes.
 *
 * Newest first, older papers go in pages of `perPage` counted from the oldest paper
 * (`tags/llm/page/1/` holds the oldest fifty), and the tag's page holds the rest,
 * `perPage` to twice that many. A new paper then changes the tag's page alone, and
 * every `perPage` papers the page before it gets a neighbour; numbered from the newest,
 * every page of a tag changed with every day added (issue #5). By votes, one page
 * ranks the best `RANKING_LIMIT`, like the period rankings.
 */
export function toTagPages(site: Site, tag: Tag, link: Linker, label: string | null, perPage: number): TagPage[] {
  const papers = tag.paperIds.map((id) => site.papers.get(id) as Paper);
  const thisTag = (): TagLinkView => ({
    slug: tag.slug,
    name: tag.name,
    label,
    href: link.href(paths.tag(tag.slug)),
    count: papers.length,
  });
  const hrefs = {
    newestHref: link.href(paths.tag(tag.slug)),
    votesHref: link.href(paths.tagTop(tag.slug)),
    feedHref: link.href(paths.tagFeed(tag.slug)),
  };
  const main = [tag.slug, tag.name, label ?? ""];
  const pages: TagPage[] = [];
  // Chunk k (1-based) holds the k-th `perPage` papers from the oldest; the newest full
  // chunk stays on the tag's page with the papers after it.
  const olderPages = Math.max(0, Math.floor(papers.length / perPage) - 1);
  const chunk = (k: number) => papers.slice(papers.length - k * perPage, papers.length - (k - 1) * perPage);
  const pageHref = (k: number) => link.href(k > olderPages ? paths.tag(tag.slug) : paths.tag(tag.slug, k));
  const newestPage = (rows: readonly Paper[], k: number | null) => {
    const range = k === null ? null : { from: (rows.at(-1) as Paper).latest.date, to: (rows[0] as Paper).latest.date };
    const newer = k === null ? null : pageHref(k + 1);
    const olderK = k === null ? olderPages : k - 1;
    const older = olderK >= 1 ? pageHref(olderK) : null;
    pages.push({
      path: k === null ? paths.tag(tag.slug) : paths.tag(tag.slug, k),
      order: "newest",
      range,
      // The page's own count shows only on the tag's page; older pages show their days.
      parts: [...main, "newest", k === null ? String(papers.length) : "", newer ?? "", older ?? ""],
      papers: rows,
      view: () => ({
        tag: thisTag(),
        order: "newest",
        ...hrefs,
        range,
        rows: rows.map((paper) => ({ ...toPaperRow(paper, link), rank: null })),
        unvoted: [],
        moreRanked: 0,
        moreUnvoted: 0,
        newer,
        older,
      }),
    });
  };
  newestPage(papers.slice(0, papers.length - olderPages * perPage), null);
  for (let k = olderPages; k >= 1; k--) newestPage(chunk(k), k);
  // Tag lists rank by the paper's best count over all appearances, and show that count (B1).
  const list = rankList(
    papers.map((paper) => ({ id: paper.id, date: paper.latest.date, votes: paper.votes, entry: paper.latest })),
    RANKING_LIMIT,
  );
  pages.push({
    path: paths.tagTop(tag.slug),
    order: "votes",
    range: null,
    parts: [...main, "votes", String(papers.length), ...rankedListParts(list)],
    papers: listedPapers(site, list),
    view: () => {
      const { ranked, ...unranked } = rankedRows(site, list, link);
      return {
        tag: thisTag(),
        order: "votes",
        ...hrefs,
        range: null,
        rows: ranked,
        ...unranked,
        newer: null,
        older: null,
      };
    },
  });
  return pages;
}

export interface AuthorIndexView {
  /** The authors with a page, by name. */
  readonly authors: readonly (NamedLink & { readonly count: number })[];
  /** Every author of the archive, with a page or not. */
  readonly total: number;
  /** The papers an author needs for a page (`authorPageMinPapers`). */
  readonly minPapers: number;
}

/** The authors index: the authors that have a page (`authorPages`), by name. */
export function toAuthorIndex(
  site: Site,
  authorPages: readonly Author[],
  link: Linker,
  minPapers: number,
): AuthorIndexView {
  const authors = authorPages.map((author) => ({
    name: author.name,
    href: link.href(paths.author(author.slug)),
    count: author.paperIds.length,
  }));
  authors.sort((a, b) => a.name.localeCompare(b.name, "en") || (a.href < b.href ? -1 : 1));
  return { authors, total: site.authors.size, minPapers };
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
