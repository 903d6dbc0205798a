import { availableParallelism } from "node:os";
import { DigestError, errorReason } from "../errors.ts";
import type { Paper, Site } from "../model/index.ts";
import { muteServiceStopped, type PagefindService, type ProcessEnd, startServices } from "./pagefindService.ts";
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

/** Indexing under way in the Pagefind processes (`startSearchIndex`). */
export interface SearchIndexing {
  /** Settles once every shard is indexed and emitted and the processes are closed, or on the first failure. */
  readonly done: Promise<void>;
  /** Stops indexing (the build failed elsewhere): no more shards, the processes ended; `done` then settles. */
  cancel(): void;
}

/**
 * Starts indexing every paper with Pagefind, in memory, one shard at a time per Pagefind
 * process (see `planSearchShards`); shards whose documents did not change since the last
 * build are kept by `cache` instead. It resolves once each process has been sent its first
 * request, so a caller that then renders on this thread has them index meanwhile: started
 * from a callback, they waited for the renderer's first turn of the event loop, when a day
 * is added the build's longest path (issue #5; bench/HISTORY.md has the figures).
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
  if (pending.length === 0) return { done: Promise.resolve(), cancel: () => undefined };
  // Largest shards first, so the processes finish close together.
  pending.sort((a, b) => b.shard.papers.length - a.shard.papers.length);
  const count = Math.min(MAX_SERVICES, availableParallelism(), pending.length);
  const services = await startServices(count).catch((error: unknown) => {
    throw searchFailure(error, null);
  });
  const unmute = muteServiceStopped();
  let next = 0;
  let failed = false;
  const stop = () => {
    next = pending.length;
    failed = true;
  };
  // Each service's loop runs up to its first request before this returns.
  const indexed = Promise.all(
    services.map(async (service) => {
      try {
        for (let job = pending[next++]; job !== undefined; job = pending[next++]) {
          const files = await indexShard(service, job.shard).catch(async (error: unknown) => {
            // A failed write can come before the dead process's exit, which says why it died.
            if (!(error instanceof SearchIndexError)) await service.exited(1000);
            throw searchFailure(error, service.ended);
          });
          for (const [path, bytes] of files) emit(path, bytes);
          cache?.recordShard(job.shard.dir, job.key, [...files.keys()]);
        }
      } catch (error) {
        // The index cannot be whole: the other process takes no new shard either.
        stop();
        throw error;
      }
    }),
  );
  // Each service is a child process; leaving one running would keep the CLI alive. After a
  // failure they are killed: the other may be in the middle of a reply.
  const close = () => Promise.all(services.map((service) => service.close(failed)));
  const done = indexed
    .then(close, async (error: unknown) => {
      await close();
      throw error;
    })
    .then(() => undefined)
    .finally(unmute);
  // The caller awaits `done` later; until then a failure must not count as unhandled.
  done.catch(() => undefined);
  const cancel = () => {
    stop();
    void close();
  };
  return { done, cancel };
}

/**
 * Pagefind's own failures (`Pagefind backend closed`) say nothing of what to do, so they
 * are given a message that does, with theirs as the reason.
 * @param ended how the process ended unasked (`PagefindService.ended`), if it did
 */
function searchFailure(error: unknown, ended: ProcessEnd | null): SearchIndexError {
  if (error instanceof SearchIndexError) return error;
  if (ended?.startError !== undefined) {
    return new SearchIndexError(`Pagefind could not be started (${errorReason(ended.startError)}). ${REINSTALL}`, {
      cause: ended.startError,
    });
  }
  const how =
    ended === null
      ? "Pagefind stopped"
      : ended.signal !== null
        ? `Pagefind's process was killed by ${ended.signal}`
        : `Pagefind's process exited with code ${ended.code}`;
  return new SearchIndexError(`${how} before the search index was built. ${adviceFor(ended)}`, { cause: error });
}

const REINSTALL = "Run `npm ci` to reinstall it, or build without search (--no-search).";

/** Signals a process gets when it crashes by itself. */
const CRASH_SIGNALS = new Set(["SIGSEGV", "SIGABRT", "SIGBUS", "SIGILL", "SIGFPE"]);

/** What to do about a Pagefind process that ended so. */
function adviceFor(ended: ProcessEnd | null): string {
  if (ended?.signal === "SIGKILL") {
    return "On Linux that is most often the system ending it when memory runs out: build with less running beside it, or without search (--no-search).";
  }
  // 101 is a Rust panic's exit code.
  if (ended?.code === 101 || CRASH_SIGNALS.has(ended?.signal ?? "")) {
    return "Pagefind crashed (its own message, if any, is above): build again, or without search (--no-search), and report it to Pagefind if it happens again.";
  }
  if (ended?.signal) return "Something outside the build ended it: build again, or without search (--no-search).";
  return REINSTALL;
}

/** Indexes one shard; its search documents are made here, so only the shards being indexed hold theirs. */
async function indexShard(service: PagefindService, shard: SearchShard): Promise<Map<string, Uint8Array>> {
  const { dir } = shard;
  const documents = shard.papers.map(toSearchDocument);
  const created = await service.request(() => service.api.createIndex({ forceLanguage: "ko" }));
  if (!created.index) throw new SearchIndexError(`Pagefind could not start: ${created.errors.join("; ")}`);
  const index = created.index;
  // Requests go to one child process; a few hundred in flight keeps it busy without
  // queueing thousands of promises at once.
  for (let start = 0; start < documents.length; start += 256) {
    const batch = documents.slice(start, start + 256).map(async ({ url, html }) => {
      const added = await service.request(() => index.addHTMLFile({ url, content: html }));
      if (added.errors.length > 0) {
        throw new SearchIndexError(`Pagefind could not index ${url}: ${added.errors.join("; ")}`);
      }
    });
    await Promise.all(batch);
  }
  const { errors, files } = await service.request(() => index.getFiles());
  if (errors.length > 0) throw new SearchIndexError(`Pagefind could not build the index: ${errors.join("; ")}`);
  // Frees the process's copy for the next shard. Not after a failure: the service is closed
  // then, which drops its indexes.
  await service.request(() => index.deleteIndex());
  const out = new Map<string, Uint8Array>();
  const main = dir === SEARCH_BUNDLE_DIR;
  for (const file of files) {
    const path = file.path.split("\\").join("/");
    if (UNUSED_BUNDLE_FILE.test(path) || (!main && MAIN_BUNDLE_ONLY.test(path))) continue;
    out.set(`${dir}${path}`, file.content);
  }
  return out;
}
