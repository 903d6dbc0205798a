import { createHash, type Hash, hash as oneShotHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { errorReason, WriteError } from "../errors.ts";
import { getOrMake } from "../getOrMake.ts";
import { isIgnoredName } from "../io/ignoredNames.ts";
import { listFilesSync } from "../io/listFiles.ts";
import { missingFiles } from "../io/missingFiles.ts";
import type { RelatedMemo, TopicHits, TopicMatcher } from "../model/index.ts";
import type { Diagnostic, PaperEntry, ParsedFile } from "../types.ts";
import { ContentStamps } from "./ContentStamps.ts";
import { RecordStore } from "./RecordStore.ts";
import { seal, unseal } from "./sealed.ts";
import { writeAtomically } from "./writeAtomically.ts";

/**
 * Bump when the shape of parsed records or the meaning of a cached entry
 * changes; every older cache is then ignored (issue #5: the cache must never
 * make output differ from a clean build).
 */
export const CACHE_FORMAT = 8;

/**
 * Files and folders of any cache format's, e.g. `build-v3.bin`, and the temporary files of
 * their saves (`build-v8.bin.123-1.tmp`), which a build killed while saving left behind.
 */
const STALE_CACHE_FILE = /^(?:build|stamp|content)-v\d+\.bin(?:\.\d+-\d+\.tmp)?$|^parsed-v\d+$/;

/** What the previous build left behind for the next one. */
interface CacheFile {
  readonly format: number;
  /** Tool version and parser version; a mismatch drops everything. */
  readonly toolKey: string;
  /** The settings' hash (`setPageSettings`); a mismatch drops page and shard keys. */
  readonly settingsHash: string;
  /** The whole template set's hash, for telling a build that may re-render every page. */
  readonly templatesHash: string;
  /** Output path → hash of the page's template inputs. */
  readonly pageKeys: ReadonlyMap<string, string>;
  /** Search shard folder → hash of its documents and the files it produced. */
  readonly searchShards: ReadonlyMap<string, ShardRecord>;
  /** Output path → hash of its bytes as written. */
  readonly outputs: ReadonlyMap<string, string>;
  /** Absolute output folder these hashes describe. */
  readonly outDir: string;
  /** Related lists by window and query (`RelatedMemo`), each as its ids joined by spaces. */
  readonly related: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Page group name → the key its pages were kept or made under (`pageGroupUnchanged`). */
  readonly pageGroups: ReadonlyMap<string, string>;
  /** Each content file's topic hits (see `topicHits`), under the matcher's `key`. */
  readonly topicHits: SavedTopicHits;
}

/**
 * `CacheFile` as saved: its two largest maps, both keyed by output path, as strings of
 * values joined in one order. At ten years (108,000 files) loading the cache took 148 to
 * 249 ms with the maps saved as they are, and 106 to 149 ms so (issue #5).
 */
interface StoredCacheFile extends Omit<CacheFile, "pageKeys" | "outputs"> {
  /** The output paths (`CacheFile.outputs`' keys), joined by `JOIN`. */
  readonly paths: string;
  /** Each path's output hash, in the order of `paths`, joined by `JOIN`. */
  readonly hashes: string;
  /**
   * Each path's page key, or "" for a file without one, in the order of `paths`, joined by
   * `JOIN`. The keys of pages missing from the outputs are left out: a page key is only
   * ever used for a file of the output (`pageUnchanged`, `pageGroupUnchanged`).
   */
  readonly pageKeys: string;
}

/** `BuildStamp` as saved: its outputs joined by `JOIN`. */
interface StoredStamp extends Omit<BuildStamp, "outputs"> {
  readonly outputs: string;
}

/** Joins the values of a saved list: no output path, hash or key holds a NUL. */
const JOIN = "\0";

/** The values joined into `text` with `JOIN` (none for ""). */
function splitJoined(text: string): string[] {
  return text === "" ? [] : text.split(JOIN);
}

/** `splitJoined`, or undefined when `text` holds other than `count` values. */
function splitJoinedCount(text: string, count: number): string[] | undefined {
  const values = count === 0 ? [] : text.split(JOIN);
  return values.length === count ? values : undefined;
}

/** Content file's source key → its appearances' `TopicHits`, end to end in file order. */
interface SavedTopicHits {
  readonly matcherKey: string;
  readonly byFile: ReadonlyMap<string, Uint16Array>;
}

/**
 * A finished build in brief, saved apart from the records so that a build whose
 * inputs are all unchanged can stop without loading (or parsing) anything else.
 */
export interface BuildStamp {
  /** Hash of every input: tool, templates, settings, options and each content file's path and bytes. */
  readonly inputsHash: string;
  /** Absolute output folder the build wrote. */
  readonly outDir: string;
  /** Every file of that output, as paths relative to it. */
  readonly outputs: readonly string[];
  /** What the build reported, to report again. */
  readonly papers: number;
  readonly days: number;
  readonly diagnostics: readonly Diagnostic[];
}

/** A search shard as the previous build wrote it. */
interface ShardRecord {
  readonly key: string;
  readonly files: readonly string[];
}

/**
 * The key of a content file's parsed record: hash of its path and bytes (or, for a file
 * that is no text, of what the build says about it).
 */
export function sourceKey(file: string, source: string | Uint8Array): string {
  return hashAll([file, source]);
}

/**
 * Fast hash of a list of parts, used for cache keys (not security-relevant); each part
 * is ended by a NUL so that `["ab", "c"]` and `["a", "bc"]` differ. An iterable, not a
 * spread: keys of thousands of parts would overflow the stack.
 */
export function hashAll(parts: Iterable<string | Uint8Array>): string {
  // Strings are joined before they are hashed: one `update` per part cost more than the
  // hashing on a rebuild at 10x, whose 160,000 page keys have a dozen short parts each
  // (issue #5). The bytes hashed, and so the keys, are the same.
  let hash: Hash | undefined;
  let text = "";
  for (const part of parts) {
    if (typeof part === "string") {
      text += `${part}\0`;
      if (text.length >= HASH_JOIN_LIMIT) {
        hash = (hash ?? createHash("sha1")).update(text);
        text = "";
      }
    } else {
      hash = (hash ?? createHash("sha1")).update(text).update(part).update("\0");
      text = "";
    }
  }
  // Most keys are a few short strings, hashed in one call without a Hash object: half the
  // time of those 160,000 page keys.
  return hash === undefined ? oneShotHash("sha1", text, "base64url") : hash.update(text).digest("base64url");
}

/** Characters of strings joined before `hashAll` hands them to the hash. */
const HASH_JOIN_LIMIT = 1 << 16;

/**
 * Hash of a file, or of every file under a folder (relative names and bytes), so an
 * edit to templates, tool source or the lock file invalidates what depends on it.
 * A missing path hashes like an empty folder; rendering reports the real problem. Linked
 * files and folders count as theirs (`listFilesSync`). What `isIgnoredName` names does not
 * count: a swap file opened beside a template is no change to the site.
 */
export function hashFiles(path: string): string {
  const hash = createHash("sha1");
  let files: string[] = [];
  try {
    files = statSync(path).isFile() ? [path] : listFilesSync(path, isIgnoredName);
  } catch {
    // Missing: no files.
  }
  for (const file of files) {
    hash.update(relative(path, file));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("base64url");
}

/**
 * Records kept between builds in `.cache/`: parsed files keyed by content
 * hash (a `RecordStore`), per-page input hashes and per-file output hashes.
 * Safe to delete at any time; a missing or unreadable cache is an empty one.
 */
export class BuildCache {
  readonly path: string;
  /** The `BuildStamp` of the last build, beside the records. */
  readonly stampPath: string;
  /** The content files' stamps (see `contentStamps`). */
  private readonly contentStampsPath: string;
  readonly toolKey: string;
  /** Hash of the settings; pages and shards made under other ones are never reused. */
  private settingsHash = "";
  /** Hash of the whole template set (see `sameTemplates`). */
  private templatesHash = "";
  private readonly enabled: boolean;
  /** Loaded on first use: a build that stops at `unchangedBuild` never reads the records. */
  private previousFile: CacheFile | null | undefined;
  private readonly records: RecordStore;
  private stamps: ContentStamps | undefined;
  /** Files known by their stamps whose records were gone, so they were read after all. */
  private readAfterAll = 0;
  /** Content file → the key of its parsed record (hash of path and bytes). */
  private readonly sourceKeys = new Map<string, string>();
  private readonly pageKeysNext = new Map<string, string>();
  private readonly shardsNext = new Map<string, ShardRecord>();
  private topicHitsNext: SavedTopicHits = { matcherKey: "", byFile: new Map() };
  private readonly pageGroupsNext = new Map<string, string>();
  private readonly relatedNext = new Map<string, Map<string, string>>();
  /** The last build's related lists, and this build's (see `RelatedMemo`). */
  readonly related: RelatedMemo = {
    // Asked once per key and build (a site model keeps the lists it has), so only the last build's are looked up.
    get: (window, query) => {
      const ids = this.previous?.related.get(window)?.get(query);
      if (ids === undefined) return undefined;
      this.relatedNextOf(window).set(query, ids);
      return ids === "" ? [] : ids.split(" ");
    },
    set: (window, query, ids) => {
      this.relatedNextOf(window).set(query, ids.join(" "));
    },
    keepWindow: (window) => {
      const kept = this.previous?.related.get(window);
      if (kept === undefined) return;
      const next = this.relatedNextOf(window);
      for (const [query, ids] of kept) next.set(query, ids);
    },
  };
  private relatedNextOf(window: string): Map<string, string> {
    return getOrMake(this.relatedNext, window, () => new Map());
  }

  /** Parse cache hits and misses in this build. */
  parseHits = 0;
  parseMisses = 0;
  /** Pages whose template inputs were unchanged and that were kept, not re-rendered (counted by the page cache). */
  renderHits = 0;
  /** Search shards whose documents were unchanged and that were not re-indexed. */
  shardHits = 0;

  /**
   * @param dir cache folder, e.g. `.cache`
   * @param toolKey tool and parser version; any change empties the cache
   * @param enabled false for `--no-cache`: start empty (the new cache is still saved)
   */
  constructor(
    private readonly dir: string,
    toolKey: string,
    enabled = true,
  ) {
    this.path = join(dir, `build-v${CACHE_FORMAT}.bin`);
    this.records = new RecordStore(join(dir, `parsed-v${CACHE_FORMAT}`), toolKey);
    this.stampPath = join(dir, `stamp-v${CACHE_FORMAT}.bin`);
    this.contentStampsPath = join(dir, `content-v${CACHE_FORMAT}.bin`);
    this.toolKey = toolKey;
    this.enabled = enabled;
  }

  private get previous(): CacheFile | null {
    if (this.previousFile === undefined)
      this.previousFile = this.enabled ? loadCacheFile(this.path, this.toolKey) : null;
    return this.previousFile;
  }

  /**
   * The last build's stamp when it wrote `outDir` from inputs hashing to `inputsHash`
   * and every file it wrote is still there: the output is then already what this
   * build would write (issue #5, a rebuild with nothing changed).
   */
  async unchangedBuild(inputsHash: string, outDir: string): Promise<BuildStamp | null> {
    if (!this.enabled) return null;
    let stamp: BuildStamp;
    try {
      const stored = unseal(readFileSync(this.stampPath)) as StoredStamp;
      if (typeof stored.outputs !== "string") return null;
      stamp = { ...stored, outputs: splitJoined(stored.outputs) };
    } catch {
      return null;
    }
    const same =
      stamp.inputsHash === inputsHash &&
      stamp.outDir === outDir &&
      stamp.outputs.length > 0 &&
      // Nothing else runs meanwhile, so two threads share the check (at 10x: 374 to 402 ms,
      // against 464 to 491 ms on one).
      (await missingFiles(outDir, stamp.outputs, { threads: 2 })).size === 0;
    return same ? stamp : null;
  }

  /**
   * Whether the previous build wrote `outDir` with this tool and settings, so pages whose
   * inputs (their template's files among them) are unchanged can be kept from it.
   * @param settingsHash what `setPageSettings` will be given
   */
  canKeepPages(outDir: string, settingsHash: string): boolean {
    const previous = this.previous;
    return previous !== null && previous.outDir === outDir && previous.settingsHash === settingsHash;
  }

  /** Whether the previous build rendered with the same template set as `templatesHash`. */
  sameTemplates(templatesHash: string): boolean {
    return this.previous?.templatesHash === templatesHash;
  }

  /**
   * Sets the hash of the settings this build renders with, and of its template set;
   * call before asking `pageUnchanged`.
   */
  setPageSettings(settingsHash: string, templatesHash: string): void {
    this.settingsHash = settingsHash;
    this.templatesHash = templatesHash;
  }

  /**
   * Returns the parsed record for a file, parsing only when its path or bytes changed.
   * @param file content-relative path
   * @param bytes the file's bytes
   * @param parse the parser to run on a miss (the only use of the bytes beyond their key)
   * @param key `sourceKey(file, bytes)`, when the caller already has it
   */
  parse(
    file: string,
    bytes: Uint8Array,
    parse: (bytes: Uint8Array, file: string) => ParsedFile,
    key = sourceKey(file, bytes),
  ): ParsedFile {
    let parsed = this.saved(file, key);
    if (parsed === undefined) {
      parsed = parse(bytes, file);
      this.records.put(key, parsed);
      this.parseMisses += 1;
      this.sourceKeys.set(file, key);
    }
    return parsed;
  }

  /**
   * The parsed record of a file this build did not read, by the key its unchanged stamp
   * gave (see `ContentStamps`); undefined when there is no such record, and the file must
   * be read and parsed after all.
   */
  recordOf(file: string, key: string): ParsedFile | undefined {
    const parsed = this.saved(file, key);
    if (parsed === undefined) this.readAfterAll += 1;
    return parsed;
  }

  /** The record saved under `key`, if any, counted as this build's record of `file`. */
  private saved(file: string, key: string): ParsedFile | undefined {
    const parsed = this.enabled ? this.records.get(key) : undefined;
    if (parsed !== undefined) {
      this.parseHits += 1;
      this.sourceKeys.set(file, key);
    }
    return parsed;
  }

  /**
   * The stamps and keys of the content files the last build read from `contentDir`, and
   * this build's, saved with the cache. A build reads one content folder.
   * @param contentDir the absolute content folder
   */
  contentStamps(contentDir: string): ContentStamps {
    this.stamps ??= new ContentStamps(this.contentStampsPath, this.toolKey, contentDir, this.enabled);
    return this.stamps;
  }

  /**
   * Each appearance's topic hits: the last build's for files parsed from the same bytes
   * under the same taxonomy, `hitsOf` for the rest.
   * @param files this build's parsed files (their source keys known to this cache)
   * @param matcher the taxonomy, to match files whose hits are not kept under its `key`
   */
  topicHits(
    files: readonly ParsedFile[],
    matcher: Pick<TopicMatcher, "hitsOf" | "width" | "key">,
  ): Map<PaperEntry, TopicHits> {
    const { hitsOf, width, key: matcherKey } = matcher;
    const saved = this.previous?.topicHits;
    const before = saved?.matcherKey === matcherKey ? saved.byFile : new Map<string, Uint16Array>();
    const byFile = new Map<string, Uint16Array>();
    const hits = new Map<PaperEntry, TopicHits>();
    for (const { file, entries } of files) {
      const key = this.sourceKeys.get(file);
      let flat = key === undefined ? undefined : before.get(key);
      if (flat === undefined || flat.length !== entries.length * width) {
        flat = new Uint16Array(entries.length * width);
        for (const [index, entry] of entries.entries()) flat.set(hitsOf(entry), index * width);
      }
      for (const [index, entry] of entries.entries())
        hits.set(entry, flat.subarray(index * width, (index + 1) * width));
      if (key !== undefined) byFile.set(key, flat);
    }
    this.topicHitsNext = { matcherKey, byFile };
    return hits;
  }

  /** Content files this build did not read because their stamps were unchanged. */
  get unreadFiles(): number {
    return (this.stamps?.hits ?? 0) - this.readAfterAll;
  }

  /** Hash of the path and bytes of a content file parsed in this build, if it was. */
  sourceKey(file: string): string | undefined {
    return this.sourceKeys.get(file);
  }

  /** Output hashes of the previous build when it wrote to `outDir` (to skip comparing bytes on disk). */
  previousOutputs(outDir: string): ReadonlyMap<string, string> {
    const previous = this.previous;
    return previous !== null && previous.outDir === outDir ? previous.outputs : new Map();
  }

  /**
   * Whether a page can be reused as written last time: same output path, same
   * settings and same key (its template's files and inputs).
   * @param path output path
   * @param key the page's `pageKey` or `papersKey` (which holds its template's files too)
   */
  pageUnchanged(path: string, key: string, outDir: string): boolean {
    this.pageKeysNext.set(path, key);
    const previous = this.previousFor(outDir);
    return previous !== null && previous.pageKeys.get(path) === key && previous.outputs.has(path);
  }

  /**
   * Whether a group of pages is unchanged: the previous build wrote `outDir` under this
   * build's settings and made or kept the group under `key`, with a page
   * key for each of `files` (the group's pages, which `key` must determine). Each page's
   * key is then carried to the next build, which finds the pages one by one when the
   * group has changed.
   * @param name the group, e.g. `papers 2025-02-11`
   */
  pageGroupUnchanged(name: string, key: string, files: readonly string[], outDir: string): boolean {
    this.pageGroupsNext.set(name, key);
    const previous = this.previousFor(outDir);
    if (previous === null || previous.pageGroups.get(name) !== key) return false;
    const keys = files.map((file) => (previous.outputs.has(file) ? previous.pageKeys.get(file) : undefined));
    if (keys.includes(undefined)) return false;
    for (const [index, file] of files.entries()) this.pageKeysNext.set(file, keys[index] as string);
    return true;
  }

  /**
   * The files a search shard produced in the previous build, if it wrote to `outDir`
   * under the same settings from papers with the same `key`.
   */
  previousShard(dir: string, key: string, outDir: string): readonly string[] | undefined {
    const shard = this.previousFor(outDir)?.searchShards.get(dir);
    return shard?.key === key ? shard.files : undefined;
  }

  /** The previous build's records when it wrote `outDir` under this build's settings. */
  private previousFor(outDir: string): CacheFile | null {
    return this.canKeepPages(outDir, this.settingsHash) ? this.previous : null;
  }

  /** Records the files a search shard produced in this build. */
  recordShard(dir: string, key: string, files: readonly string[]): void {
    this.shardsNext.set(dir, { key, files });
  }

  /** Forgets a page key recorded by `pageUnchanged` (its render failed or was not written). */
  forgetPage(path: string): void {
    this.pageKeysNext.delete(path);
  }

  /**
   * Removes the saved cache before the output is replaced: a build killed after its
   * output swap but before `save` must not leave a cache describing the previous
   * output (its page and output hashes would make the next build keep stale pages).
   * @throws WriteError when it cannot be removed (its folder's permissions): a later build
   *   would trust it, even one that cannot read it now, so the output must not change
   */
  forgetSaved(): void {
    for (const path of [this.stampPath, this.path]) {
      try {
        rmSync(path, { force: true });
      } catch (error) {
        throw new WriteError(
          `The build cache \`${path}\` could not be removed (${errorReason(error)}) and would make the next build keep stale pages; let the build write \`${this.dir}\` (its permissions), or delete that folder, and build again`,
        );
      }
    }
  }

  /** Waits until every parsed record handed to the store so far is written (or has failed to be). */
  async settled(): Promise<void> {
    await this.records.settled();
  }

  /**
   * Writes the cache for the next build, atomically (temp file + rename), once the
   * parsed records are written. A failure does not fail the build: a missing cache only
   * costs time.
   * @returns why the cache could not be saved (`EACCES`), or null once it is
   */
  async save(state: {
    outputs: ReadonlyMap<string, string>;
    outDir: string;
    stamp: Omit<BuildStamp, "outDir" | "outputs">;
  }): Promise<string | null> {
    await this.settled();
    const paths = [...state.outputs.keys()];
    const data: StoredCacheFile = {
      format: CACHE_FORMAT,
      toolKey: this.toolKey,
      settingsHash: this.settingsHash,
      templatesHash: this.templatesHash,
      paths: paths.join(JOIN),
      hashes: paths.map((path) => state.outputs.get(path)).join(JOIN),
      pageKeys: paths.map((path) => this.pageKeysNext.get(path) ?? "").join(JOIN),
      searchShards: this.shardsNext,
      outDir: state.outDir,
      related: this.relatedNext,
      pageGroups: this.pageGroupsNext,
      topicHits: this.topicHitsNext,
    };
    const stamp: StoredStamp = { ...state.stamp, outDir: state.outDir, outputs: data.paths };
    let failure: string | null = null;
    try {
      mkdirSync(join(this.path, ".."), { recursive: true });
      writeAtomically(this.path, seal(data));
      writeAtomically(this.stampPath, seal(stamp));
      this.stamps?.save();
    } catch (error) {
      // Read-only checkout or full disk: the next build is cold, never wrong.
      failure = errorReason(error);
    }
    this.records.keepOnly(new Set(this.sourceKeys.values()));
    this.removeOtherFormats();
    return failure;
  }

  /** Deletes what caches of other formats left in the folder (at ten years, 140 MB). */
  private removeOtherFormats(): void {
    const current = new Set(
      [this.path, this.stampPath, this.records.dir, this.contentStampsPath].map((path) => basename(path)),
    );
    try {
      for (const name of readdirSync(this.dir)) {
        if (STALE_CACHE_FILE.test(name) && !current.has(name))
          rmSync(join(this.dir, name), { recursive: true, force: true });
      }
    } catch {
      // Nothing to clean.
    }
  }
}

function loadCacheFile(path: string, toolKey: string): CacheFile | null {
  try {
    if (!statSync(path).isFile()) return null;
    const data = unseal(readFileSync(path)) as StoredCacheFile;
    if (data.format !== CACHE_FORMAT || data.toolKey !== toolKey || typeof data.paths !== "string") return null;
    if (!(data.related instanceof Map) || !(data.pageGroups instanceof Map)) return null;
    if (!(data.topicHits?.byFile instanceof Map)) return null;
    const { paths: joinedPaths, hashes: joinedHashes, pageKeys: joinedKeys, ...rest } = data;
    const paths = splitJoined(joinedPaths);
    const hashes = splitJoinedCount(joinedHashes, paths.length);
    const keys = splitJoinedCount(joinedKeys, paths.length);
    if (hashes === undefined || keys === undefined) return null;
    const outputs = new Map<string, string>();
    const pageKeys = new Map<string, string>();
    for (const [index, file] of paths.entries()) {
      outputs.set(file, hashes[index] as string);
      const key = keys[index] as string;
      if (key !== "") pageKeys.set(file, key);
    }
    return { ...rest, outputs, pageKeys };
  } catch {
    return null;
  }
}
