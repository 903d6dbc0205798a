import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import type { Paper, Site } from "../model/index.ts";
import { type PagefindBinary, PagefindRun, pagefindBinary } from "./pagefindCli.ts";
import { listingOrder, removeAbandoned, scratchFolder, workFolderPrefix } from "./scratchFolder.ts";
import { type SearchDocument, toSearchDocument } from "./searchDocument.ts";
import { SearchIndexError, searchFailure, unwritable } from "./searchFailure.ts";
import { planSearchShards, SEARCH_BUNDLE_DIR, type SearchShard } from "./shards.ts";

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
 * Each Pagefind process indexes one shard at a time and holds the shard's index in
 * memory (about 1.4 GB for a year of papers), so two run at once.
 */
const MAX_PROCESSES = 2;

/** Indexing under way in the Pagefind processes (`startSearchIndex`). */
export interface SearchIndexing {
  /**
   * Settles once every shard is indexed and emitted, or after the first failure once every
   * process has ended; the shards' temporary files are removed by then.
   */
  readonly done: Promise<void>;
  /** Stops indexing (the build failed elsewhere): no more shards, the processes ended; `done` then settles. */
  cancel(): void;
}

/**
 * Starts indexing every paper with Pagefind's command line, one shard at a time per
 * process, two at once (see `planSearchShards`); shards whose documents did not change
 * since the last build are kept by `cache` instead. A shard's search documents are written
 * as HTML files to a folder of their own under `scratchFolder()`, and the
 * bundle Pagefind writes beside them is read back and removed. It resolves once the first
 * shards' processes have started, so a caller that then renders on this thread has them
 * indexed meanwhile (issue #5; bench/HISTORY.md has the figures).
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
  const scratch = resolve(scratchFolder());
  let workDir: string;
  try {
    // Made in the same turn as the indexer is registered, so that a signal that comes now finds it.
    workDir = mkdtempSync(join(scratch, workFolderPrefix()));
  } catch (error) {
    throw unwritable(scratch, error);
  }
  // Pagefind numbers pages in the order the file system lists their files, so a shard
  // indexed where that order differs has other bytes than a clean build would give it.
  let order: string;
  try {
    order = listingOrder(workDir);
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw unwritable(scratch, error);
  }
  const pending: Job[] = [];
  for (const shard of planSearchShards(site)) {
    const key = cache?.papersKey([shard.dir, order], shard.papers) ?? "";
    if (cache?.reuseShard(shard.dir, key) !== true) pending.push({ shard, key });
  }
  if (pending.length === 0) {
    rmSync(workDir, { recursive: true, force: true });
    return { done: Promise.resolve(), cancel: () => undefined };
  }
  // Largest shards first, so the processes finish close together.
  pending.sort((a, b) => b.shard.papers.length - a.shard.papers.length);
  const indexer = new ShardIndexer(workDir, scratch, pending, (job, files) => {
    for (const [path, bytes] of files) emit(path, bytes);
    cache?.recordShard(job.shard.dir, job.key, [...files.keys()]);
  });
  const count = Math.min(MAX_PROCESSES, availableParallelism(), pending.length);
  const done = indexer.run(count).finally(() => running.delete(indexer));
  running.set(indexer, done);
  // The caller awaits `done` later; until then a failure must not count as unhandled.
  done.catch(() => undefined);
  return {
    done,
    cancel: () => indexer.stop(new SearchIndexError("The search index was not built: the build failed.")),
  };
}

/** Indexing under way in this process, for `stopSearchIndexing`. */
const running = new Map<ShardIndexer, Promise<void>>();

/**
 * Stops every indexing under way in this process and waits until its processes have ended
 * and its temporary files are removed: for a signal handler (Ctrl-C during a build), which
 * then ends the process. Removing them as the process exits (`ShardIndexer.run`) cannot
 * wait for a killed process to end, and one still writing its bundle left files behind.
 */
export async function stopSearchIndexing(): Promise<void> {
  await Promise.all(
    [...running].map(([indexer, done]) => {
      indexer.stop(new SearchIndexError("The search index was not built: the build was stopped."));
      return done.catch(() => undefined);
    }),
  );
}

/** A shard to index, and the key its files are recorded under. */
interface Job {
  readonly shard: SearchShard;
  readonly key: string;
}

/** Indexes a list of shards on a few Pagefind processes at once, in one temporary folder. */
class ShardIndexer {
  readonly #runs = new Set<PagefindRun>();
  #next = 0;
  #failure: { readonly error: Error } | undefined;
  /** Found as indexing starts, so that a failure to find it takes the same way out as any. */
  #binary: PagefindBinary | null = null;

  /**
   * @param workDir the temporary folder, removed once every shard is done or indexing stopped
   * @param scratch the folder it is in
   * @param indexed takes each shard's files as soon as it is indexed
   */
  constructor(
    readonly workDir: string,
    readonly scratch: string,
    readonly pending: readonly Job[],
    readonly indexed: (job: Job, files: ReadonlyMap<string, Uint8Array>) => void,
  ) {}

  /**
   * Indexes every shard, `count` at a time; each loop writes its first shard's documents and
   * starts its process before this returns. Settles once all of them have ended, so that none
   * writes to the temporary folder after it is removed, nor leaves a process running; rejects
   * with the first failure.
   */
  async run(count: number): Promise<void> {
    // A process that exits otherwise (`process.exit` with indexing under way) ends the
    // processes too, and removes what it can.
    const onExit = () => this.#abandon();
    process.once("exit", onExit);
    // Those of builds that were killed (the system ends the largest process when memory
    // runs out) would hold their space for good: in /dev/shm, memory until the next boot.
    // Beside the indexing: a scratch folder may hold thousands of others.
    const swept = removeAbandoned(this.scratch);
    const failed = (error: unknown) => this.stop(searchFailure(error, { binary: this.#binary, scratch: this.scratch }));
    try {
      this.#binary = pagefindBinary();
      await Promise.all(Array.from({ length: count }, () => this.#loop().catch(failed)));
    } catch (error) {
      failed(error);
    } finally {
      await swept;
      process.off("exit", onExit);
      await rm(this.workDir, { recursive: true, force: true }).catch(() => undefined);
    }
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  /** Takes no new shard and ends the processes; the first error given is what `run` rejects with. */
  stop(error: Error): void {
    this.#failure ??= { error };
    this.#next = this.pending.length;
    for (const run of this.#runs) run.kill();
  }

  async #loop(): Promise<void> {
    for (let job = this.pending[this.#next++]; job !== undefined; job = this.pending[this.#next++]) {
      const files = await this.#index(job.shard, join(this.workDir, String(this.#next)));
      // A shard that ends after another failed is of no use.
      if (files === null || this.#failure !== undefined) return;
      this.indexed(job, files);
    }
  }

  /**
   * Indexes one shard in `dir`: its search documents are made here, so only the shards being
   * indexed hold theirs, and written to `dir/site/`; Pagefind writes its bundle to `dir/bundle/`.
   * @returns the bundle's files by output path, or null when indexing stopped meanwhile
   */
  async #index(shard: SearchShard, dir: string): Promise<Map<string, Uint8Array> | null> {
    const siteDir = join(dir, "site");
    const outDir = join(dir, "bundle");
    const documents = shard.papers.length > 0 ? shard.papers.map(toSearchDocument) : [PLACEHOLDER];
    try {
      writeDocuments(siteDir, documents);
    } catch (error) {
      throw unwritable(this.scratch, error);
    }
    if (this.#failure !== undefined) return null;
    const run = new PagefindRun(siteDir, outDir, this.#binary as PagefindBinary);
    this.#runs.add(run);
    await run.done.finally(() => this.#runs.delete(run));
    const bundle = await readBundle(outDir, shard.dir);
    const files = shard.papers.length > 0 ? bundle : emptyBundle(bundle, shard.dir);
    const indexed = pageCount(files.get(`${shard.dir}pagefind-entry.json`));
    if (indexed !== shard.papers.length) {
      throw new SearchIndexError(
        `Pagefind indexed ${indexed} of the ${shard.papers.length} papers of ${shard.dir}. Build again, or without search (--no-search), and report it to Pagefind if it happens again.`,
      );
    }
    await rm(dir, { recursive: true, force: true });
    return files;
  }

  /** Ends everything at once, as the process exits. */
  #abandon(): void {
    for (const run of this.#runs) run.kill();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}

/**
 * Writes each search document as `<url>index.html` under `siteDir`, whence Pagefind's command
 * line gives it that URL. One at a time, in order: Pagefind numbers pages in the order it
 * lists their files, and the numbers are in the index's bytes. Some file systems list a
 * folder by the order its files were made in (tmpfs), so writes that finished in any order
 * made a rebuild's index differ from a clean build's; others in an order of their own (ext4,
 * by a hash of the name), which is why `listingOrder` is part of a shard's key.
 */
function writeDocuments(siteDir: string, documents: readonly SearchDocument[]): void {
  for (const { url, html } of documents) {
    const folder = join(siteDir, ...url.split("/"));
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "index.html"), html);
  }
}

/**
 * Reads the bundle Pagefind wrote to `outDir`, by output path under `bundleDir`, without
 * what the site does not use.
 */
async function readBundle(outDir: string, bundleDir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const main = bundleDir === SEARCH_BUNDLE_DIR;
  for (const entry of await readdir(outDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const path = relative(outDir, file).split(sep).join("/");
    if (UNUSED_BUNDLE_FILE.test(path) || (!main && MAIN_BUNDLE_ONLY.test(path))) continue;
    files.set(`${bundleDir}${path}`, await readFile(file));
  }
  return files;
}

/**
 * What is indexed for a shard without papers (a site without any): Pagefind's command line
 * makes no index of no pages, so it is given this one, and `emptyBundle` leaves it out.
 */
const PLACEHOLDER: SearchDocument = {
  url: "/",
  html: '<!doctype html><html lang="ko"><body><p>empty</p></body></html>',
};

/**
 * The bundle of no pages that Pagefind's Node API made for an empty index, from one made
 * for `PLACEHOLDER`: its scripts and WebAssembly, and its entry file with no languages, so
 * that the search page loads and finds nothing.
 */
function emptyBundle(bundle: ReadonlyMap<string, Uint8Array>, bundleDir: string): Map<string, Uint8Array> {
  const entryPath = `${bundleDir}pagefind-entry.json`;
  const files = new Map([...bundle].filter(([path]) => MAIN_BUNDLE_ONLY.test(path.slice(bundleDir.length))));
  const entry = JSON.parse(new TextDecoder().decode(bundle.get(entryPath))) as Record<string, unknown>;
  files.set(entryPath, new TextEncoder().encode(JSON.stringify({ ...entry, languages: {} })));
  return files;
}

/** The number of pages a bundle's `pagefind-entry.json` says it holds, or 0. */
function pageCount(entry: Uint8Array | undefined): number {
  if (entry === undefined) return 0;
  const { languages } = JSON.parse(new TextDecoder().decode(entry)) as {
    languages?: Record<string, { page_count?: number }>;
  };
  return Object.values(languages ?? {}).reduce((sum, language) => sum + (language.page_count ?? 0), 0);
}
