import { DEFAULT_CONFIG } from "../../config.ts";
import type { Paper, Site, Tag } from "../../model/index.ts";
import { paths } from "../paths.ts";
import { type DayRange, newestFirstPages, type PartLink } from "./paging.ts";
import { bestAppearance, type LazyPage, listedPapers, rankedListParts, rankedRows, rankList } from "./rankings.ts";
import { type Linker, type NamedLink, type PaperRowView, toPaperRow } from "./rows.ts";

// Tag lists and each tag's pages.

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

export interface TagPageView {
  /**
   * The tag; its count on its own newest page only, which every new paper of the tag
   * changes. Null on older pages and on its ranking, which a new paper leaves as they were
   * unless it joins them (issue #5).
   */
  readonly tag: Omit<TagLinkView, "count"> & { readonly count: number | null };
  readonly order: "newest" | "votes";
  readonly newestHref: string;
  readonly votesHref: string;
  readonly feedHref: string;
  /** See `TagPage.range`: null on the topic's own newest page, which shows its count instead, and on its ranking. */
  readonly range: DayRange | null;
  /** Newest first: every row of this page. By votes: the ranked rows, at most `rankingSize`. */
  readonly rows: readonly (PaperRowView & { readonly rank: number | null })[];
  /**
   * By votes only: the papers without a vote count, which follow the ranked ones and
   * are listed under their own heading, never ranked (review finding B2).
   */
  readonly unvoted: readonly PaperRowView[];
  /** By votes: where each list stops, and whether papers were left off it (see `RankingView`). */
  readonly limit: number;
  readonly rankedCut: boolean;
  readonly unvotedCut: boolean;
  /** Newest first: the pages of newer and of older papers. */
  readonly newer: string | null;
  readonly older: string | null;
  /** Newest first: the page each year begins on (see `NewestFirstPage.years`); none by votes. */
  readonly years: readonly PartLink[];
}

/**
 * Every page of one tag: its papers newest first, on pages counted from the oldest
 * (`newestFirstPages`: `tags/llm/page/1/` holds the oldest fifty), then by votes, one page
 * ranking the best `rankingSize`, like the period rankings.
 */
export function toTagPages(
  site: Site,
  tag: Tag,
  link: Linker,
  label: string | null,
  perPage: number,
  rankingSize = DEFAULT_CONFIG.rankingSize,
): TagPage[] {
  const papers = tag.paperIds.map((id) => site.papers.get(id) as Paper);
  const hrefs = {
    newestHref: link.href(paths.tag(tag.slug)),
    votesHref: link.href(paths.tagTop(tag.slug)),
    feedHref: link.href(paths.tagFeed(tag.slug)),
  };
  const thisTag = (count: number | null): TagPageView["tag"] => ({
    slug: tag.slug,
    name: tag.name,
    label,
    href: hrefs.newestHref,
    count,
  });
  const main = [tag.slug, tag.name, label ?? ""];
  const pages: TagPage[] = newestFirstPages(papers, perPage, (chunk) => paths.tag(tag.slug, chunk), link).map(
    ({ path, papers: rows, range, newer, older, count, years, parts }) => ({
      path,
      order: "newest",
      range,
      parts: [...main, "newest", ...parts],
      papers: rows,
      view: () => ({
        tag: thisTag(count),
        order: "newest",
        ...hrefs,
        range,
        rows: rows.map((paper) => ({ ...toPaperRow(paper, link), rank: null })),
        unvoted: [],
        limit: rankingSize,
        rankedCut: false,
        unvotedCut: false,
        newer,
        older,
        years,
      }),
    }),
  );
  // Tag lists rank by the paper's best count over all appearances, and show that count (B1).
  const list = rankList(papers.map(bestAppearance), rankingSize);
  pages.push({
    path: paths.tagTop(tag.slug),
    order: "votes",
    range: null,
    parts: [...main, "votes", ...rankedListParts(list)],
    papers: listedPapers(site, list),
    view: () => {
      const { ranked, ...unranked } = rankedRows(site, list, link);
      return {
        tag: thisTag(null),
        order: "votes",
        ...hrefs,
        range: null,
        rows: ranked,
        ...unranked,
        newer: null,
        older: null,
        years: [],
      };
    },
  });
  return pages;
}
