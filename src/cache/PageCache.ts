import type { ShardCache } from "../search/buildSearchIndex.ts";
import { type BuildCache, filesPresent } from "./BuildCache.ts";

/** What `renderPages` asks before rendering a page. */
export interface PageCache {
  /**
   * Keeps the page's previous output when its template inputs are unchanged.
   * @param file output path, e.g. `days/2025-02-11/index.html`
   * @param key `pageKey(template, meta, data)`; `""` never matches
   * @returns true when the page was kept and must not be rendered
   */
  reuse(file: string, key: string): boolean;
  /** Drops what `reuse` recorded for a page whose render then failed. */
  forgetPage(file: string): void;
}

/**
 * Carries a file of the previous build into the new output without reading it
 * (`SiteWriter.keep`); false when the previous output does not have it.
 */
export type KeepPrevious = (file: string) => boolean;

/**
 * A page and search-shard cache backed by the previous output folder: a page or
 * shard reused from the last build stays where it is, never read back or rendered.
 */
export class OutputPageCache implements PageCache, ShardCache {
  constructor(
    private readonly cache: BuildCache,
    private readonly outDir: string,
    private readonly keep: KeepPrevious,
  ) {}

  reuse(file: string, key: string): boolean {
    if (key === "") {
      this.cache.forgetPage(file);
      return false;
    }
    if (!this.cache.pageUnchanged(file, key, this.outDir)) return false;
    if (this.keep(file)) {
      this.cache.renderHits += 1;
      return true;
    }
    // Someone removed the file from the output folder: render it again.
    this.cache.forgetPage(file);
    return false;
  }

  reuseShard(dir: string, key: string): readonly string[] | undefined {
    const files = this.cache.previousShard(dir, key, this.outDir);
    // All or nothing: a shard missing one file is indexed again, and its files must not be kept twice.
    if (files === undefined || !filesPresent(this.outDir, files)) return undefined;
    for (const file of files) {
      if (!this.keep(file)) throw new Error(`Internal error: \`${file}\` vanished from the output folder.`);
    }
    this.cache.shardHits += 1;
    return files;
  }

  recordShard(dir: string, key: string, files: readonly string[]): void {
    this.cache.recordShard(dir, key, files);
  }

  forgetPage(file: string): void {
    this.cache.forgetPage(file);
  }
}
