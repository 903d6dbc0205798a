import type { Paper } from "../model/index.ts";
import { markdownToPlainText } from "../render/markdown.ts";
import { paths } from "../render/paths.ts";
import { escapeXml, publishableMedia, titleLanguage } from "../render/text.ts";
import { hangulIndexTokens } from "./koreanTokens.ts";

/** One paper as Pagefind indexes it. */
export interface SearchDocument {
  /** Site-relative URL with a leading slash; the browser prefixes the base path. */
  readonly url: string;
  /** A small HTML page: Pagefind weights the `<h1>` title above the summary text. */
  readonly html: string;
}

/**
 * Separates the text a reader may see in a snippet from the extra Korean tokens.
 * Pagefind skips punctuation when indexing but keeps it in a result's `content`,
 * where the search page cuts at this mark (templates/assets/search.js).
 */
export const HIDDEN_TOKENS_MARK = "¶‖§";

/**
 * Builds the record Pagefind indexes for one paper: title, authors, arXiv id, tags,
 * every day it appeared on (with any other title it had), all summary text, then
 * hidden Korean tokens (see `hangulIndexTokens`) after `HIDDEN_TOKENS_MARK`.
 * Metadata (`title`, `date`, `votes`, `tags`, `id`, `image`, and `titleLang` for an English
 * title) is what a result shows.
 * @param paper the paper with all its appearances
 */
export function toSearchDocument(paper: Paper): SearchDocument {
  const entry = paper.latest;
  const summary = [
    entry.whatsNew,
    entry.technicalDetails,
    entry.performanceHighlights,
    ...entry.otherSections.map((section) => `${section.label}: ${section.text}`),
    ...entry.bullets,
    ...entry.extra,
  ]
    .filter((text): text is string => text !== null && text.trim() !== "")
    .map(markdownToPlainText);
  const otherTitles = [...new Set(paper.entries.map((e) => e.title))].filter((title) => title !== entry.title);
  const dates = paper.entries.map((e) => e.date);
  const visible = [entry.title, ...otherTitles, paper.authors.join(" "), paper.tags.join(" "), ...summary].join(" ");
  const hidden = hangulIndexTokens(visible);
  const meta: Record<string, string> = {
    title: entry.title,
    id: paper.id,
    date: entry.date,
    votes: paper.votes === null ? "" : String(paper.votes),
    tags: paper.tags.join(", "),
  };
  const media = publishableMedia(entry.media);
  if (media?.kind === "image") meta.image = media.url;
  const titleLang = titleLanguage(entry.title);
  // The result's link says its title's language, as the pages' do (see titleLanguage).
  if (titleLang !== null) meta.titleLang = titleLang;
  const metaTags = Object.entries(meta)
    .map(([key, value]) => `<meta data-pagefind-meta="${key}:${escapeXml(value)}">`)
    .join("");
  const html = [
    `<!doctype html><html lang="ko"><head>${metaTags}</head><body>`,
    `<h1>${escapeXml(entry.title)}</h1>`,
    ...otherTitles.map((title) => `<h2>${escapeXml(title)}</h2>`),
    `<p>${escapeXml(paper.authors.join(", "))}</p>`,
    `<p>arXiv ${escapeXml(paper.id)} · ${dates.join(" ")}</p>`,
    paper.tags.length > 0 ? `<p>${escapeXml(paper.tags.join(", "))}</p>` : "",
    ...summary.map((text) => `<p>${escapeXml(text)}</p>`),
    hidden.length > 0
      ? `<div data-pagefind-weight="0.5">${HIDDEN_TOKENS_MARK} ${escapeXml(hidden.join(" "))}</div>`
      : "",
    "</body></html>",
  ].join("\n");
  return { url: `/${paths.paper(paper.id)}`, html };
}
