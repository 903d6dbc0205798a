import type { Site } from "../model/index.ts";
import { buildSearchIndex } from "./buildSearchIndex.ts";

export { buildSearchIndex, SEARCH_BUNDLE_DIR, SearchIndexError } from "./buildSearchIndex.ts";
export { hangulIndexTokens } from "./koreanTokens.ts";
export { HIDDEN_TOKENS_MARK, toSearchDocument } from "./searchDocument.ts";

/**
 * Adds the Pagefind search bundle to the rendered site, so `writeSite` writes it
 * in the same atomic step as the pages.
 * @param rendered output path → content; gains every `pagefind/…` file
 * @param site the site model
 */
export async function addSearchIndex(rendered: Map<string, string | Uint8Array>, site: Site): Promise<void> {
  for (const [path, bytes] of await buildSearchIndex(site)) rendered.set(path, bytes);
}
