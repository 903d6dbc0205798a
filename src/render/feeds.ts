import type { Paper } from "../model/index.ts";
import type { Media } from "../types.ts";
import { paths } from "./paths.ts";
import { escapeXml, publishableMedia } from "./text.ts";
import type { Linker } from "./views/index.ts";

/** What a feed is about. */
export interface FeedInfo {
  readonly title: string;
  readonly description: string;
  /** Site-relative path of the feed file. */
  readonly path: string;
  /** Site-relative path of the page the feed mirrors. */
  readonly pagePath: string;
  /**
   * Who writes the feed (the site's title), in both feeds: Atom needs an author for each
   * entry, and a paper with no authors named takes the feed's (RFC 4287 4.2.1), where it
   * used to be given `arXiv`, which wrote none of it; JSON Feed's `authors` holds one or more.
   */
  readonly author: string;
}

/** A feed item: one paper and the summary text shown for it. */
export interface FeedItem {
  readonly paper: Paper;
  /** Plain-text summary. */
  readonly summary: string;
}

const updatedOf = (paper: Paper) => `${paper.latest.date}T00:00:00Z`;
/** When the digest first showed the paper (appearances are oldest first): a paper shown again keeps it, and updates. */
const publishedOf = (paper: Paper) => `${(paper.entries[0] ?? paper.latest).date}T00:00:00Z`;

/**
 * Writes an Atom 1.0 feed. Entry ids are `urn:arxiv:<id>` so they stay stable when the site moves.
 * @param items newest first
 */
export function renderAtom(info: FeedInfo, items: readonly FeedItem[], link: Linker): string {
  const updated = items[0] ? updatedOf(items[0].paper) : "1970-01-01T00:00:00Z";
  const entries = items.map(({ paper, summary }) =>
    [
      "  <entry>",
      `    <id>urn:arxiv:${escapeXml(paper.id)}</id>`,
      `    <title>${escapeXml(paper.latest.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escapeXml(link.absolute(paths.paper(paper.id)))}"/>`,
      `    <published>${publishedOf(paper)}</published>`,
      `    <updated>${updatedOf(paper)}</updated>`,
      ...paper.authors.slice(0, 20).map((name) => `    <author><name>${escapeXml(name)}</name></author>`),
      ...paper.tags.map((tag) => `    <category term="${escapeXml(tag)}"/>`),
      `    <summary type="text">${escapeXml(summary)}</summary>`,
      "  </entry>",
    ].join("\n"),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ko">',
    `  <id>${escapeXml(feedId(info, link))}</id>`,
    `  <title>${escapeXml(info.title)}</title>`,
    `  <subtitle>${escapeXml(info.description)}</subtitle>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(link.absolute(info.path))}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(link.absolute(info.pagePath))}"/>`,
    `  <updated>${updated}</updated>`,
    `  <author><name>${escapeXml(info.author)}</name></author>`,
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}

function feedId(info: FeedInfo, link: Linker): string {
  const url = link.absolute(info.path);
  return /^https?:/.test(url) ? url : `urn:paper-digest:${info.path}`;
}

/** Writes a JSON Feed 1.1 document. */
export function renderJsonFeed(info: FeedInfo, items: readonly FeedItem[], link: Linker): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: info.title,
    description: info.description,
    language: "ko",
    home_page_url: link.absolute(info.pagePath),
    feed_url: link.absolute(info.path),
    authors: [{ name: info.author }],
    items: items.map(({ paper, summary }) => ({
      id: `urn:arxiv:${paper.id}`,
      url: link.absolute(paths.paper(paper.id)),
      external_url: paper.latest.url,
      title: paper.latest.title,
      content_text: summary,
      date_published: publishedOf(paper),
      // A paper appears at most once a day, so a second appearance is a later day.
      ...(paper.entries.length > 1 ? { date_modified: updatedOf(paper) } : {}),
      // With none, the feed's authors are the item's (JSON Feed 1.1: one or more, or left out).
      ...(paper.authors.length > 0 ? { authors: paper.authors.map((name) => ({ name })) } : {}),
      tags: paper.tags,
      ...imageOf(publishableMedia(paper.latest.media)),
    })),
  };
  return `${JSON.stringify(feed, null, 1)}\n`;
}

/** The sitemap protocol allows at most 50,000 URLs per file. */
export const SITEMAP_MAX_URLS = 50_000;

/**
 * Sitemap files (absolute URLs; callers skip this without a `siteUrl`): one
 * `sitemap.xml` up to `maxUrls` pages, else `sitemap-1.xml`, `sitemap-2.xml`, …
 * of `maxUrls` each and `sitemap.xml` as their index, which robots.txt names.
 * @returns output path → XML
 */
export function renderSitemaps(
  pages: readonly { path: string; lastmod: string | null }[],
  link: Linker,
  maxUrls = SITEMAP_MAX_URLS,
): Map<string, string> {
  const urls = pages.map(
    ({ path, lastmod }) =>
      `  <url><loc>${escapeXml(link.absolute(path))}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ""}</url>`,
  );
  if (urls.length <= maxUrls) return new Map([[paths.sitemap(), sitemapXml("urlset", urls)]]);
  const out = new Map<string, string>();
  const parts: string[] = [];
  for (let start = 0; start < urls.length; start += maxUrls) {
    const path = paths.sitemapPart(parts.length + 1);
    out.set(path, sitemapXml("urlset", urls.slice(start, start + maxUrls)));
    parts.push(`  <sitemap><loc>${escapeXml(link.absolute(path))}</loc></sitemap>`);
  }
  out.set(paths.sitemap(), sitemapXml("sitemapindex", parts));
  return out;
}

/** One sitemap document: a `urlset` of pages or a `sitemapindex` of sitemap files. */
function sitemapXml(root: "urlset" | "sitemapindex", children: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`,
    ...children,
    `</${root}>`,
    "",
  ].join("\n");
}

/**
 * robots.txt allowing everything and naming the sitemap when there is one.
 * @param link builds the absolute sitemap URL; `null` when the site has no `siteUrl`
 */
export function renderRobots(link: Linker | null): string {
  const sitemap = link === null ? "" : `\nSitemap: ${link.absolute(paths.sitemap())}\n`;
  return `User-agent: *\nAllow: /\n${sitemap}`;
}

/** JSON Feed's `image` for a paper: only a thumbnail, never a video. */
function imageOf(media: Media | null): { image?: string } {
  return media?.kind === "image" ? { image: media.url } : {};
}
