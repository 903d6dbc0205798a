import { getOrMake } from "../getOrMake.ts";
import type { Paper, RelatedMemo } from "../model/index.ts";
import type { ShardCache } from "../search/buildSearchIndex.ts";
import { type BuildCache, hashAll } from "./BuildCache.ts";

/** What `renderPages` asks before rendering a page. */
export interface PageCache {
  /**
   * Keeps the page's previous output when its template inputs are unchanged.
   * @param file output path, e.g. `days/2025-02-11/index.html`
   * @param key `pageKey(template, templateKey, meta, data)`, or `papersKey` for a page made
   *   from its papers; `""` never matches
   * @returns true when the page was kept and must not be rendered
   */
  reuse(file: string, key: string): boolean;
  /** Drops what `reuse` recorded for a page whose render then failed. */
  forgetPage(file: string): void;
  /**
   * A page key made from the papers a page shows instead of from its view: for files
   * (paper, author, day, tag and ranking pages, day JSON) whose whole content is a function of `parts`
   * and those papers, so the view need not be built, let alone hashed, to find the file
   * unchanged (issue #5).
   * @returns `""` when a paper's source files are unknown (then the page is rendered)
   */
  papersKey(parts: readonly string[], papers: readonly Paper[]): string;
  /**
   * Keeps a group of pages whole when the group's `key` is unchanged, checked once
   * instead of page by page (renderSite's paper pages, by day).
   * @param name names the group from build to build
   * @param key determines every page of the group and their files; `""` never matches
   * @param files the group's output files
   * @returns true when every page was kept and none may be rendered; false, and each
   *   page must be asked for with `reuse`
   */
  reuseGroup(name: string, key: string, files: readonly string[]): boolean;
  /** Related lists of the last build, and where this build's go. */
  readonly related?: RelatedMemo;
}

/**
 * Carries files of the previous build into the new output without reading them
 * (`SiteWriter.keep`), all or none; false when the previous output lacks any.
 */
export type KeepPrevious = (files: readonly string[]) => boolean;

/**
 * A page and search-shard cache backed by the previous output folder: a page or
 * shard reused from the last build stays where it is, never read back or rendered.
 */
export class OutputPageCache implements PageCache, ShardCache {
  /** Per paper: a paper is asked for again by each page that lists it. */
  private readonly paperKeys = new WeakMap<Paper, string>();

  readonly related: RelatedMemo;

  constructor(
    private readonly cache: BuildCache,
    private readonly outDir: string,
    private readonly keep: KeepPrevious,
  ) {
    this.related = cache.related;
  }

  reuse(file: string, key: string): boolean {
    if (key === "") {
      this.cache.forgetPage(file);
      return false;
    }
    return this.cache.pageUnchanged(file, key, this.outDir) && this.keepPages([file]);
  }

  /**
   * A paper record is made from its entries, so it cannot change while the files its
   * entries come from keep their bytes, except for its tags: a tag's spelling is chosen
   * across the whole site (buildSite), so the tags are part of the key. The settings are
   * checked apart (with each page and shard). Much cheaper than hashing what is made
   * from the paper, and shared by its search document and every page that shows it.
   */
  private paperKey(paper: Paper): string {
    return getOrMake(this.paperKeys, paper, () => this.makePaperKey(paper));
  }

  private makePaperKey(paper: Paper): string {
    let text = `${paper.id}\0`;
    for (const entry of paper.entries) {
      const source = this.cache.sourceKey(entry.source.file);
      if (source === undefined) return "";
      text += `${source}\0`;
    }
    return hashAll([text, ...paper.tags]);
  }

  reuseGroup(name: string, key: string, files: readonly string[]): boolean {
    return key !== "" && this.cache.pageGroupUnchanged(name, key, files, this.outDir) && this.keepPages(files);
  }

  /**
   * Keeps pages the cache found unchanged; when someone removed one from the output
   * folder, forgets their keys instead, so they are rendered (or asked for) again.
   */
  private keepPages(files: readonly string[]): boolean {
    if (this.keep(files)) {
      this.cache.renderHits += files.length;
      return true;
    }
    for (const file of files) this.cache.forgetPage(file);
    return false;
  }

  papersKey(parts: readonly string[], papers: readonly Paper[]): string {
    // Joined here, not spread into `hashAll`'s parts: adding a day at ten years hashes the
    // keys of papers listed on pages some 600,000 times (issue #5). Each key is a hash of
    // one length, so they need no separator.
    let keys = "";
    for (const paper of papers) {
      const key = this.paperKey(paper);
      if (key === "") return "";
      keys += key;
    }
    return hashAll([...parts, "", keys]);
  }

  reuseShard(dir: string, key: string): boolean {
    if (key === "") return false;
    const files = this.cache.previousShard(dir, key, this.outDir);
    // A shard missing one of its files is indexed again.
    if (files === undefined || !this.keep(files)) return false;
    this.cache.shardHits += 1;
    this.cache.recordShard(dir, key, files);
    return true;
  }

  recordShard(dir: string, key: string, files: readonly string[]): void {
    this.cache.recordShard(dir, key, files);
  }

  forgetPage(file: string): void {
    this.cache.forgetPage(file);
  }
}
