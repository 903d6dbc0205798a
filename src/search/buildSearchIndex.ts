import * as pagefind from "pagefind";
import { DigestError } from "../errors.ts";
import type { Site } from "../model/index.ts";
import { toSearchDocument } from "./searchDocument.ts";

/** Pagefind failed while building the search index. */
export class SearchIndexError extends DigestError {}

/** Folder of the search bundle inside the output, with a trailing slash. */
export const SEARCH_BUNDLE_DIR = "pagefind/";

// Pagefind's ready-made UIs and its highlighter: the search page has its own UI.
const UNUSED_BUNDLE_FILE = /^pagefind-(ui|modular-ui|component-ui|highlight)\.(js|css)$/;

/**
 * Indexes every paper with Pagefind, in memory.
 * @param site the site model
 * @returns bundle files keyed by output path (`pagefind/pagefind.js`, `pagefind/index/…`)
 */
export async function buildSearchIndex(site: Site): Promise<Map<string, Uint8Array>> {
  const created = await pagefind.createIndex({ forceLanguage: "ko" });
  if (!created.index) throw new SearchIndexError(`Pagefind could not start: ${created.errors.join("; ")}`);
  const index = created.index;
  try {
    const papers = [...site.papers.values()];
    // Requests go to one child process; a few hundred in flight keeps it busy without
    // queueing thousands of promises at once.
    for (let start = 0; start < papers.length; start += 256) {
      const batch = papers.slice(start, start + 256).map(async (paper) => {
        const { url, html } = toSearchDocument(paper);
        const added = await index.addHTMLFile({ url, content: html });
        if (added.errors.length > 0) {
          throw new SearchIndexError(`Pagefind could not index paper ${paper.id}: ${added.errors.join("; ")}`);
        }
      });
      await Promise.all(batch);
    }
    const { errors, files } = await index.getFiles();
    if (errors.length > 0) throw new SearchIndexError(`Pagefind could not build the index: ${errors.join("; ")}`);
    const out = new Map<string, Uint8Array>();
    for (const file of files) {
      const path = file.path.split("\\").join("/");
      if (UNUSED_BUNDLE_FILE.test(path)) continue;
      out.set(`${SEARCH_BUNDLE_DIR}${path}`, file.content);
    }
    return out;
  } finally {
    await index.deleteIndex();
    // The service is a child process; leaving it running would keep the CLI alive.
    await pagefind.close();
  }
}
