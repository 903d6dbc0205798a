import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ShardCache } from "../search/buildSearchIndex.ts";
import type { BuildCache } from "./BuildCache.ts";

/** What `renderSite` asks before rendering a page. */
export interface PageCache {
  /**
   * Returns the page's previous output when its template inputs are unchanged,
   * or `undefined` to render it.
   * @param file output path, e.g. `days/2025-02-11/index.html`
   * @param key `pageKey(template, meta, data)`; `""` never matches
   */
  reuse(file: string, key: string): Uint8Array | undefined;
  /** Drops what `reuse` recorded for a page whose render then failed. */
  forgetPage(file: string): void;
}

/**
 * A page and search-shard cache backed by the previous output folder: a page or
 * shard reused from the last build is read back from `outDir`, and its bytes are
 * remembered with their known hash so the writer need not hash or compare them again.
 */
export class OutputPageCache implements PageCache, ShardCache {
  /** Bytes handed out by `reuse`, with the hash they had when written. */
  readonly reused = new WeakMap<Uint8Array, string>();
  private readonly outputs: ReadonlyMap<string, string>;

  constructor(
    private readonly cache: BuildCache,
    private readonly outDir: string,
  ) {
    this.outputs = cache.previousOutputs(outDir);
  }

  reuse(file: string, key: string): Uint8Array | undefined {
    if (key === "") {
      this.cache.forgetPage(file);
      return undefined;
    }
    if (!this.cache.pageUnchanged(file, key, this.outDir)) return undefined;
    const bytes = this.readPrevious(file);
    if (bytes === undefined) {
      // Someone removed the file from the output folder: render it again.
      this.cache.forgetPage(file);
      this.cache.renderHits -= 1;
    }
    return bytes;
  }

  reuseShard(dir: string, key: string): Map<string, Uint8Array> | undefined {
    const files = this.cache.previousShard(dir, key, this.outDir);
    if (files === undefined) return undefined;
    const out = new Map<string, Uint8Array>();
    for (const file of files) {
      const bytes = this.readPrevious(file);
      if (bytes === undefined) return undefined;
      out.set(file, bytes);
    }
    this.cache.shardHits += 1;
    return out;
  }

  recordShard(dir: string, key: string, files: readonly string[]): void {
    this.cache.recordShard(dir, key, files);
  }

  /** A file as the previous build wrote it, or `undefined` if it is gone or was never hashed. */
  private readPrevious(file: string): Uint8Array | undefined {
    const hash = this.outputs.get(file);
    if (hash === undefined) return undefined;
    try {
      const bytes = readFileSync(join(this.outDir, file));
      this.reused.set(bytes, hash);
      return bytes;
    } catch {
      return undefined;
    }
  }

  forgetPage(file: string): void {
    this.cache.forgetPage(file);
  }
}
