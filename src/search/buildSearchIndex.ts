import { availableParallelism } from "node:os";
import * as pagefind from "pagefind";
import { DigestError } from "../errors.ts";
import type { Paper, Site } from "../model/index.ts";
import { toSearchDocument } from "./searchDocument.ts";
import { planSearchShards, SEARCH_BUNDLE_DIR, type SearchShard } from "./shards.ts";

/** Pagefind failed while building the search index. */
export class SearchIndexError extends DigestError {}

/** Keeps a shard's files from the previous build when its key is unchanged (issue #5). */
export interface ShardCache {
  /** The key of whatever is made from `papers` and `parts` (the same key pages are kept by); `""` when unknown. */
  papersKey(parts: readonly string[], papers: readonly Paper[]): string;
  /**
   * Keeps the shard's files from the previous build and records them for the next one.
   * @param dir the shard's bundle folder, e.g. `pagefind/shards/2024-q2/`
   * @param key `papersKey([dir], papers)`; `""` never matches
   * @returns false to index the shard again
   */
  reuseShard(dir: string, key: string): boolean;
  /** Records the files a shard produced under `key`, for the next build. */
  recordShard(dir: string, key: string, files: readonly string[]): void;
}

// Pagefind's ready-made UIs and its highlighter: the search page has its own UI.
const UNUSED_BUNDLE_FILE = /^pagefind-(ui|modular-ui|component-ui|highlight)\.(js|css)$/;
// Shards merged into the main bundle need only their index: the main bundle's scripts and
// WebAssembly search them all (Pagefind's `mergeIndex` does not load a second wasm).
const MAIN_BUNDLE_ONLY = /^(pagefind\.js|pagefind-worker\.js|wasm\.[^/]+\.pagefind)$/;

/**
 * Each Pagefind process indexes one shard at a time on one core and holds the
 * shard's index in memory (about 1.4 GB for a year of papers), so two run at once.
 */
const MAX_SERVICES = 2;

type PagefindApi = typeof pagefind;

/**
 * Indexes every paper with Pagefind, in memory, one shard at a time per Pagefind
 * process (see `planSearchShards`); shards whose documents did not change since
 * the last build are kept by `cache` instead.
 * @param site the site model
 * @param emit receives each file of a shard as soon as the shard is indexed, by output
 *   path (`pagefind/pagefind.js`, `pagefind/shards/2023-h2/index/…`), so no more than the
 *   shards being indexed are ever held in memory
 * @param cache keeps unchanged shards; default: index everything
 */
export async function buildSearchIndex(
  site: Site,
  emit: (path: string, bytes: Uint8Array) => void,
  cache?: ShardCache,
): Promise<void> {
  const pending: { shard: SearchShard; key: string }[] = [];
  for (const shard of planSearchShards(site)) {
    const key = cache?.papersKey([shard.dir], shard.papers) ?? "";
    if (cache?.reuseShard(shard.dir, key) !== true) pending.push({ shard, key });
  }
  if (pending.length === 0) return;
  // Largest shards first, so the processes finish close together.
  pending.sort((a, b) => b.shard.papers.length - a.shard.papers.length);
  const services = await startServices(Math.min(MAX_SERVICES, availableParallelism(), pending.length));
  try {
    let next = 0;
    await Promise.all(
      services.map(async (service) => {
        for (let job = pending[next++]; job !== undefined; job = pending[next++]) {
          const files = await indexShard(service, job.shard);
          for (const [path, bytes] of files) emit(path, bytes);
          cache?.recordShard(job.shard.dir, job.key, [...files.keys()]);
        }
      }),
    );
  } finally {
    // Each service is a child process; leaving one running would keep the CLI alive.
    await Promise.all(services.map((service) => service.close()));
  }
}

/**
 * The `pagefind` module runs one child process per module instance, so a second
 * instance (same file, another URL) gives a second process that indexes in parallel.
 */
async function startServices(count: number): Promise<PagefindApi[]> {
  const services: PagefindApi[] = [pagefind];
  for (let n = 1; n < count; n += 1) {
    services.push((await import(`${import.meta.resolve("pagefind")}?service=${n}`)) as PagefindApi);
  }
  return services;
}

/** Indexes one shard; its search documents are made here, so only the shards being indexed hold theirs. */
async function indexShard(service: PagefindApi, shard: SearchShard): Promise<Map<string, Uint8Array>> {
  const { dir } = shard;
  const documents = shard.papers.map(toSearchDocument);
  const created = await service.createIndex({ forceLanguage: "ko" });
  if (!created.index) throw new SearchIndexError(`Pagefind could not start: ${created.errors.join("; ")}`);
  const index = created.index;
  try {
    // Requests go to one child process; a few hundred in flight keeps it busy without
    // queueing thousands of promises at once.
    for (let start = 0; start < documents.length; start += 256) {
      const batch = documents.slice(start, start + 256).map(async ({ url, html }) => {
        const added = await index.addHTMLFile({ url, content: html });
        if (added.errors.length > 0) {
          throw new SearchIndexError(`Pagefind could not index ${url}: ${added.errors.join("; ")}`);
        }
      });
      await Promise.all(batch);
    }
    const { errors, files } = await index.getFiles();
    if (errors.length > 0) throw new SearchIndexError(`Pagefind could not build the index: ${errors.join("; ")}`);
    const out = new Map<string, Uint8Array>();
    const main = dir === SEARCH_BUNDLE_DIR;
    for (const file of files) {
      const path = file.path.split("\\").join("/");
      if (UNUSED_BUNDLE_FILE.test(path) || (!main && MAIN_BUNDLE_ONLY.test(path))) continue;
      out.set(`${dir}${path}`, file.content);
    }
    return out;
  } finally {
    await index.deleteIndex();
  }
}
