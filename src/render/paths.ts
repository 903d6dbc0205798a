import { SEARCH_BUNDLE_DIR } from "../search/shards.ts";
import type { DayKey, PaperId } from "../types.ts";

/**
 * Site-relative paths of every page kind (no leading slash; directories end with `/`).
 * Paths hold raw slugs (Hangul stays Hangul): they name output files, and the
 * linker percent-encodes them inside URLs.
 */
export const paths = {
  home: () => "",
  day: (date: DayKey) => `days/${date}/`,
  paper: (id: PaperId) => `papers/${paperSlug(id)}/`,
  tags: () => "tags/",
  /** Newest first: the newest papers, or with `chunk`, the chunk-th `perPage` from the oldest. */
  tag: (slug: string, chunk?: number) => (chunk === undefined ? `tags/${slug}/` : `tags/${slug}/page/${chunk}/`),
  /** By votes. */
  tagTop: (slug: string) => `tags/${slug}/top/`,
  tagFeed: (slug: string) => `tags/${slug}/feed.xml`,
  top: () => "top/",
  /** `2025`, `2025-02` or an ISO week `2025-W07`. */
  topPeriod: (period: string) => (/W/.test(period) ? `top/weeks/${period}/` : `top/${period}/`),
  /** The archive's first page, the newest year. */
  archive: () => "archive/",
  /** One year of the archive. */
  archiveYear: (year: string) => `archive/${year}/`,
  authors: () => "authors/",
  /** An author's newest papers, or with `chunk`, the chunk-th `perPage` from the oldest. */
  author: (slug: string, chunk?: number) =>
    chunk === undefined ? `authors/${slug}/` : `authors/${slug}/page/${chunk}/`,
  /** A section of the authors index, when it is split (`_` is in no slug, so this is no author's page). */
  authorsSection: (section: string) => `authors/_/${section}/`,
  feedAtom: () => "feed.xml",
  feedJson: () => "feed.json",
  sitemap: () => "sitemap.xml",
  /** One part of a sitemap split at 50,000 URLs (numbered from 1). */
  sitemapPart: (n: number) => `sitemap-${n}.xml`,
  robots: () => "robots.txt",
  notFound: () => "404.html",
  /** What the JSON API holds: the years and days with their counts and URLs. */
  apiIndex: () => "api/index.json",
  /** Every appearance dated in one year, newest day first. */
  yearJson: (year: string) => `api/papers/${year}.json`,
  dayJson: (date: DayKey) => `api/days/${date}.json`,
  stylesheet: () => "assets/style.css",
  /**
   * The tab icon: without one a browser asks for `/favicon.ico` at the origin's root, which
   * for a project site on GitHub Pages is another site's (or a 404 in every tab).
   */
  icon: () => "assets/icon.svg",
  /** The search page (issue #4), its own stylesheet and script, and Pagefind's entry script. */
  search: () => "search/",
  searchStylesheet: () => "assets/search.css",
  searchScript: () => "assets/search.js",
  searchBundle: () => `${SEARCH_BUNDLE_DIR}pagefind.js`,
};

/** Old-style ids contain a slash; keep each paper page one folder deep. */
export function paperSlug(id: PaperId): string {
  return id.replace(/\//g, "_");
}

/** The file a site-relative page path is written to. */
export function outputFile(path: string): string {
  return path === "" || path.endsWith("/") ? `${path}index.html` : path;
}

const URL_SAFE_PATH = /^[A-Za-z0-9\-._~/]*$/;

/** Percent-encodes each segment of a site-relative path (Hangul slugs, spaces). */
export function encodePath(path: string): string {
  // Most paths (arXiv ids, dates) need no encoding; the check is far cheaper than the split.
  if (URL_SAFE_PATH.test(path)) return path;
  return path
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}
