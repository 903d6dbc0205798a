import type { ChildProcess } from "node:child_process";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
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

/** Indexing under way in the Pagefind processes (`startSearchIndex`). */
export interface SearchIndexing {
  /** Settles once every shard is indexed and emitted, or on the first failure. */
  readonly done: Promise<void>;
}

/**
 * Starts indexing every paper with Pagefind, in memory, one shard at a time per Pagefind
 * process (see `planSearchShards`); shards whose documents did not change since the last
 * build are kept by `cache` instead. It resolves once each process has its first shard, so
 * a caller that then renders on this thread has them index meanwhile. Started from a
 * callback, they waited 0.14 s for the renderer's first turn of the event loop when a day
 * was added at 1x, where indexing the week is the build's longest path (issue #5: such
 * builds took 0.94 to 1.17 s against 1.03 to 1.21 s, interleaved, in memory).
 * @param site the site model
 * @param emit receives each file of a shard as soon as the shard is indexed, by output
 *   path (`pagefind/pagefind.js`, `pagefind/shards/2023-h2/index/…`), so no more than the
 *   shards being indexed are ever held in memory
 * @param cache keeps unchanged shards; default: index everything
 */
export async function startSearchIndex(
  site: Site,
  emit: (path: string, bytes: Uint8Array) => void,
  cache?: ShardCache,
): Promise<SearchIndexing> {
  const pending: { shard: SearchShard; key: string }[] = [];
  for (const shard of planSearchShards(site)) {
    const key = cache?.papersKey([shard.dir], shard.papers) ?? "";
    if (cache?.reuseShard(shard.dir, key) !== true) pending.push({ shard, key });
  }
  if (pending.length === 0) return { done: Promise.resolve() };
  // Largest shards first, so the processes finish close together.
  pending.sort((a, b) => b.shard.papers.length - a.shard.papers.length);
  const services = await startServices(Math.min(MAX_SERVICES, availableParallelism(), pending.length)).catch(
    (error: unknown) => {
      throw searchFailure(error, null);
    },
  );
  let next = 0;
  // Each service's loop runs up to its first request before this returns.
  const indexed = Promise.all(
    services.map(async (service) => {
      for (let job = pending[next++]; job !== undefined; job = pending[next++]) {
        const files = await indexShard(service, job.shard).catch((error: unknown) => {
          // The other process takes no new shard: the services are closed once this fails.
          next = pending.length;
          throw searchFailure(error, service.ended);
        });
        for (const [path, bytes] of files) emit(path, bytes);
        cache?.recordShard(job.shard.dir, job.key, [...files.keys()]);
      }
    }),
  );
  // Each service is a child process; leaving one running would keep the CLI alive.
  const done = indexed.then(() => undefined).finally(() => Promise.all(services.map((service) => service.close())));
  // The caller awaits `done` later; until then a failure must not count as unhandled.
  done.catch(() => undefined);
  return { done };
}

/**
 * Pagefind's own failures (`Pagefind backend closed`) say nothing of what to do, so they
 * are given a message that does, with theirs as the reason.
 * @param ended how the process ended unasked (`PagefindService.ended`), if it did
 */
function searchFailure(error: unknown, ended: string | null): SearchIndexError {
  if (error instanceof SearchIndexError) return error;
  const stopped = ended === null ? "Pagefind stopped" : `Pagefind's process ${ended}`;
  const advice = ended?.endsWith("SIGKILL")
    ? "On Linux that is most often the system ending it when memory runs out: build with less running beside it, or without search (--no-search)."
    : "Run `npm ci` to reinstall it, or build without search (--no-search).";
  return new SearchIndexError(`${stopped} before the search index was built. ${advice}`, { cause: error });
}

/**
 * One `pagefind` module instance, whose one child process it starts on its first request.
 * The module notices that its process is gone only when writing to it fails, so one that
 * died while a reply was awaited (killed for want of memory, or not a Pagefind binary at
 * all) left the build waiting for ever. This watches the process and closes the module
 * when it ends unasked, which answers every awaited reply with an error.
 */
class PagefindService {
  /** How the process ended unasked (`was killed by SIGKILL`, `exited with code 1`), once it has. */
  ended: string | null = null;
  #closing = false;

  constructor(readonly api: PagefindApi) {}

  createIndex(): ReturnType<PagefindApi["createIndex"]> {
    const { result, children } = spawnedDuring(() => this.api.createIndex({ forceLanguage: "ko" }));
    for (const child of children) {
      child.once("exit", (code, signal) => {
        if (this.#closing) return;
        this.ended = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
        void this.api.close();
      });
    }
    return result;
  }

  close(): Promise<null> {
    this.#closing = true;
    return this.api.close();
  }
}

/** Calls `call`, with the child processes it started (Node's `child_process` diagnostics channel). */
function spawnedDuring<T>(call: () => T): { result: T; children: ChildProcess[] } {
  const children: ChildProcess[] = [];
  const onSpawn = (message: unknown) => children.push((message as { process: ChildProcess }).process);
  subscribe("child_process", onSpawn);
  try {
    return { result: call(), children };
  } finally {
    unsubscribe("child_process", onSpawn);
  }
}

/**
 * The `pagefind` module runs one child process per module instance, so a second
 * instance (same file, another URL) gives a second process that indexes in parallel.
 */
async function startServices(count: number): Promise<PagefindService[]> {
  const services = [new PagefindService(pagefind)];
  for (let n = 1; n < count; n += 1) {
    const api = (await import(`${import.meta.resolve("pagefind")}?service=${n}`)) as PagefindApi;
    services.push(new PagefindService(api));
  }
  return services;
}

/** Indexes one shard; its search documents are made here, so only the shards being indexed hold theirs. */
async function indexShard(service: PagefindService, shard: SearchShard): Promise<Map<string, Uint8Array>> {
  const { dir } = shard;
  const documents = shard.papers.map(toSearchDocument);
  const created = await service.createIndex();
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
