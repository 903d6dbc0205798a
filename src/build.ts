import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { BuildCache, type BuildStamp, hashAll, hashFiles, OutputPageCache, sourceKey } from "./cache/index.ts";
import { type ParsedSiteConfig, parseSiteConfig, resolveConfig, type SiteConfig, settingLine } from "./config.ts";
import { ContentError, errorReason, printable, shownPath } from "./errors.ts";
import type { BuildStart } from "./heap.ts";
import {
  type ContentFile,
  checkOutputFolder,
  claimOutputFolder,
  contentText,
  missingFiles,
  OUTPUT_MARKER,
  OUTPUT_MARKER_TEXT,
  readAssets,
  readContent,
  readContentFile,
  recoverInterruptedWrite,
  SiteWriter,
  type StampOptions,
} from "./io/index.ts";
import { buildSite, makeTopicMatcher, type Site } from "./model/index.ts";
import type { SearchIndexing } from "./search/index.ts";
import type { Diagnostic, ParsedFile } from "./types.ts";

// The parser, renderer and search indexer are loaded on first use: a rebuild with nothing
// changed needs none of them, and loading remark, rehype, Eta and Pagefind took 0.2 s,
// longer than the rest of such a build (issue #5). The compiled CLI keeps each in a
// chunk of its own (bin/paper-digest.js).
const loadParser = () => import("./parse/index.ts");
const loadRenderer = () => import("./render/index.ts");
let searchModule: Promise<typeof import("./search/index.ts")> | undefined;
const loadSearch = () => {
  searchModule ??= import("./search/index.ts");
  return searchModule;
};

/**
 * Stops the search indexing of any build under way in this process, its Pagefind processes
 * ended and its temporary files removed: for a signal handler, with `abortOpenWrites`.
 */
export async function stopSearchIndexing(): Promise<void> {
  await (await searchModule?.catch(() => undefined))?.stopSearchIndexing();
}

/** Options shared by `build` and `check`. */
export interface BuildOptions {
  /** Folder of daily markdown files. Default: `content`. */
  readonly contentDir: string;
  /** Output folder. Default: `dist`. */
  readonly outDir: string;
  /** Folder of Eta templates and assets. Default: this package's `templates/`. */
  readonly templatesDir: string;
  /** Settings given on the command line; they win over `site.yaml`. */
  readonly overrides: Partial<SiteConfig>;
  /** Fail instead of skipping unusable content. Default: false. */
  readonly strict: boolean;
  /** Build the Pagefind search index (`--no-search` sets false; the dev server skips it). Default: true. */
  readonly search?: boolean;
  /** Reuse parsed records and pages from the previous build (`--no-cache` sets false). Default: true. */
  readonly cache?: boolean;
  /** Where the build cache lives. Default: `.cache/<output folder name>` beside the output folder. */
  readonly cacheDir?: string;
  /** Called as files are parsed and pages written, for progress output. Default: none. */
  readonly onProgress?: (event: BuildProgress) => void;
  /**
   * Called once per build (and by `loadContent`) once the content folder is read and
   * before any file is parsed, with whether it renders every page or only changed ones and
   * how many content files it has; the CLI tunes the heap by it (`tuneHeapFor`). Not
   * called when nothing changed. Default: none.
   */
  readonly onStart?: (start: BuildStart) => void;
}

/** A progress report: `done` of `total` items of one build phase. */
export interface BuildProgress {
  readonly phase: "parse" | "write";
  readonly done: number;
  /** Known for parsing; for writing only in the last report (pages stream out as rendered). */
  readonly total?: number;
}

/** This package's folder: the nearest one above this module (src/, or lib/<version>/ compiled) with a package.json. */
export const PACKAGE_ROOT = findPackageRoot(import.meta.dirname);

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`Internal error: no package.json above ${from}.`);
  }
}

export const DEFAULT_OPTIONS: BuildOptions = {
  contentDir: "content",
  outDir: "dist",
  templatesDir: join(PACKAGE_ROOT, "templates"),
  overrides: {},
  strict: false,
};

export interface LoadedContent {
  readonly config: SiteConfig;
  readonly files: readonly ParsedFile[];
  readonly site: Site;
  readonly diagnostics: readonly Diagnostic[];
}

/** The settings and content files of a build, read but not parsed. */
interface Inputs {
  readonly config: SiteConfig;
  /** Problems with `site.yaml` and files that could not be read as text. */
  readonly diagnostics: readonly Diagnostic[];
  /** Each file's bytes are let go once it is parsed (`parseAndModel`). */
  readonly contentFiles: ContentFile[];
  /** The line of `site.yaml` that sets `siteUrl`, or 1 (see `withSiteUrlWarning`). */
  readonly siteUrlLine: number;
}

/**
 * The code of a `site.yaml` whose YAML does not parse, so none of its settings can be read.
 * A build stops on it, as on a failing template: built with the default settings instead, the site would lose its title,
 * topics and paging until the file is fixed, and be rewritten whole twice (a YAML typo saved
 * in the dev server rewrote every page, then every page again once fixed).
 */
const UNREADABLE_SETTINGS = "config-unreadable";

/**
 * Reads and parses `site.yaml`. No such file is no settings; one that is there but cannot be
 * read stops the build, as one that does not parse does.
 */
async function readSiteConfig(path: string): Promise<{ configText: string | null; parsed: ParsedSiteConfig }> {
  try {
    const configText = await readFile(path, "utf8");
    return { configText, parsed: parseSiteConfig(configText) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      return { configText: null, parsed: { settings: {}, problems: [] } };
    const problem = {
      message: `site.yaml could not be read (${errorReason(error)}); check that its permissions let you read it. None of its settings can be read meanwhile.`,
      line: 1,
      column: 1,
    };
    return { configText: null, parsed: { settings: {}, problems: [problem], unreadable: true } };
  }
}

/** The settings of a build: `site.yaml` (if any) under the command line's, and the problems with it. */
async function readSettings(
  options: BuildOptions,
): Promise<{ config: SiteConfig; diagnostics: Diagnostic[]; siteUrlLine: number }> {
  const { configText, parsed } = await readSiteConfig(join(options.contentDir, "site.yaml"));
  const { settings, problems, unreadable } = parsed;
  const code = unreadable ? UNREADABLE_SETTINGS : "config";
  const diagnostics = problems.map(
    ({ message, line, column, warning }): Diagnostic => ({
      file: "site.yaml",
      line,
      column,
      message,
      ...(warning === undefined ? { severity: "error", code } : { severity: "warning", code: warning }),
    }),
  );
  // A value given on the command line has no line.
  const fromFile = configText !== null && options.overrides?.siteUrl === undefined;
  const siteUrlLine = (fromFile && settingLine(configText, "siteUrl")) || 1;
  return { config: resolveConfig(settings, options.overrides), diagnostics, siteUrlLine };
}

/** The settings a build with `options` would use, without reading any content (the dev server's base path). */
export async function siteConfigOf(options: BuildOptions): Promise<SiteConfig> {
  return (await readSettings(options)).config;
}

/** @param stamps the last build's stamps of the content files, to skip reading unchanged ones */
async function readInputs(options: BuildOptions, stamps?: StampOptions): Promise<Inputs> {
  const { config, diagnostics, siteUrlLine } = await readSettings(options);
  const contentFiles = await readContent(options.contentDir, stamps);
  for (const content of contentFiles) diagnostics.push(...content.diagnostics);
  return { config, diagnostics, contentFiles, siteUrlLine };
}

/**
 * @param sourceKeys each content file's `sourceKey`, in `inputs.contentFiles` order, when
 *   the caller already hashed them
 */
async function parseAndModel(
  inputs: Inputs,
  options: BuildOptions,
  cache?: BuildCache,
  sourceKeys?: readonly string[],
): Promise<LoadedContent> {
  const { parseDayFile } = await loadParser();
  // Decoded only here: a file whose record is found needs only its bytes' key.
  const parseBytes = (bytes: Uint8Array, file: string) => parseDayFile(contentText(bytes), file);
  const files: ParsedFile[] = [];
  const readLate: Diagnostic[] = [];
  const parsedOf = (content: ContentFile, key: string | undefined): ParsedFile | null => {
    if (content.key !== undefined) {
      // Not read, its stamp unchanged: its record is enough, unless the record is gone.
      const parsed = cache?.recordOf(content.file, content.key);
      if (parsed !== undefined) return parsed;
      const read = readContentFile(options.contentDir, join(options.contentDir, content.file));
      readLate.push(...read.diagnostics);
      return parsedOf(read, undefined);
    }
    if (content.bytes === null) return null;
    return cache ? cache.parse(content.file, content.bytes, parseBytes, key) : parseBytes(content.bytes, content.file);
  };
  const { contentFiles } = inputs;
  for (const [index, content] of contentFiles.entries()) {
    const parsed = parsedOf(content, sourceKeys?.[index]);
    if (parsed !== null) files.push(parsed);
    // The records hold the decoded text, so the bytes are let go: kept to the end, they
    // were the whole content folder's size on top of it.
    if (content.bytes !== null) contentFiles[index] = { ...content, bytes: null };
    // Files read, skipped ones too, so the count reaches its total and ends its line.
    const done = index + 1;
    if (options.onProgress && (done % 50 === 0 || done === contentFiles.length))
      options.onProgress({ phase: "parse", done, total: contentFiles.length });
  }
  const topics = makeTopicMatcher(inputs.config.topics);
  const site = buildSite(files, topics.deriver(cache?.topicHits(files, topics)));
  const diagnostics = [...inputs.diagnostics, ...readLate, ...site.diagnostics];
  return { config: inputs.config, files, site, diagnostics };
}

/** Reads, parses and models the content folder; writes nothing. */
export async function loadContent(options: BuildOptions, cache?: BuildCache): Promise<LoadedContent> {
  const inputs = await readInputs(options);
  options.onStart?.({ kind: "full", contentFiles: inputs.contentFiles.length });
  return parseAndModel(inputs, options, cache);
}

export interface BuildResult {
  readonly config: SiteConfig;
  readonly diagnostics: readonly Diagnostic[];
  readonly papers: number;
  readonly days: number;
  /**
   * The parsed files and the site model, or null when every input was the last
   * build's: the build then stopped before parsing, its output already current.
   */
  readonly content: Pick<LoadedContent, "files" | "site"> | null;
  readonly pages: number;
  readonly written: number;
  readonly unchanged: number;
  /**
   * Parse-cache, page-cache and search-shard hits, for the summary line, and the content
   * files not read because their stamps were unchanged (see `ContentStamps`).
   */
  readonly cacheHits: {
    readonly parsed: number;
    readonly pages: number;
    readonly searchShards: number;
    readonly unreadFiles: number;
  };
  /**
   * What the user should know of a build that succeeded besides its diagnostics, one line
   * each, printed before the summary line: that its cache could not be saved (the next build
   * would be cold without a word).
   */
  readonly notes: readonly string[];
}

/**
 * Where a build keeps its cache unless told otherwise: `.cache/<output folder name>` beside
 * the output folder, one per output folder, so two outputs sharing a parent never evict
 * each other. The deploy workflow saves this folder between runs (.github/workflows/pages.yml).
 * @param outDir the output folder, e.g. `dist`
 */
export function defaultCacheDir(outDir: string): string {
  return join(dirname(outDir), ".cache", basename(outDir));
}

/**
 * The files and folders of this package whose bytes make the tool key: any change to the
 * tool's source (parser, model, views) empties the cache, so a cached record can never
 * differ from what this version would produce (issue #5). package-lock.json too: `npm
 * update` changes the renderer (remark, rehype-sanitize, Eta) without package.json.
 * The deploy workflow keys its saved cache by the same files (.github/workflows/pages.yml).
 */
export const TOOL_KEY_INPUTS = ["src", "package.json", "package-lock.json"] as const;

let toolKeyMemo: string | undefined;
/**
 * The tool's files (`TOOL_KEY_INPUTS`), and the Node version and its ICU and Unicode
 * versions (a Node built against the system's ICU can change them alone): another V8 or
 * ICU may sort, slug or format otherwise.
 */
function toolKey(): string {
  const { icu = "", unicode = "" } = process.versions;
  const runtime = [process.version, icu, unicode];
  toolKeyMemo ??= hashAll([...runtime, ...TOOL_KEY_INPUTS.map((name) => hashFiles(join(PACKAGE_ROOT, name)))]);
  return toolKeyMemo;
}

/**
 * The one place that wires the stages: content → records → site → pages → output.
 * Under `strict`, any error diagnostic fails the build before anything is written.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const outDir = resolve(options.outDir);
  await checkOutputFolder(outDir, [options.contentDir, options.templatesDir, PACKAGE_ROOT], [options.templatesDir]);
  // From before the cache is read until after it is saved: see claimOutputFolder.
  const release = claimOutputFolder(outDir);
  try {
    return await buildInto(outDir, options);
  } finally {
    release();
  }
}

/** `build`, once the output folder is this build's. */
async function buildInto(outDir: string, options: BuildOptions): Promise<BuildResult> {
  const useCache = options.cache !== false;
  const templatesHash = hashFiles(options.templatesDir);
  const cacheDir = options.cacheDir ?? defaultCacheDir(outDir);
  // With --no-cache the previous cache is ignored, but the fresh one is saved for the next build.
  const cache = new BuildCache(cacheDir, toolKey(), useCache);
  const cacheHits = () => ({
    parsed: cache.parseHits,
    pages: cache.renderHits,
    searchShards: cache.shardHits,
    unreadFiles: cache.unreadFiles,
  });
  const prepared = await readAndParse(options, cache, outDir, templatesHash);
  if (prepared.unchanged !== null) {
    const stamp = prepared.unchanged;
    failIfStrict(options, stamp.diagnostics);
    const { papers, days, diagnostics } = stamp;
    const pages = stamp.outputs.length;
    const summary = { papers, days, diagnostics, content: null, pages, written: 0, unchanged: pages };
    return { ...summary, config: prepared.config, cacheHits: cacheHits(), notes: [] };
  }
  const { loaded, inputsHash, settingsHash, missing } = prepared;
  failIfStrict(options, loaded.diagnostics);
  cache.setPageSettings(settingsHash, templatesHash);
  const previousOutputs = cache.previousOutputs(outDir);
  const writer = await SiteWriter.open(outDir, {
    // Without a cache the writer compares with the bytes on disk, so unchanged files still keep their mtime.
    ...(previousOutputs.size > 0 ? { previous: previousOutputs, missing } : {}),
    ...(options.onProgress ? { onProgress: (done: number) => options.onProgress?.({ phase: "write", done }) } : {}),
  });
  const pageCache = new OutputPageCache(cache, outDir, (files) => writer.keep(files));
  // A failed search index fails the build: the renderer stops at its next page rather
  // than render the rest for nothing.
  let searchFailed: { readonly error: unknown } | undefined;
  const emit = (path: string, content: string | Uint8Array) => {
    if (searchFailed !== undefined) throw searchFailed.error;
    writer.add(path, content);
  };
  // Search (issue #4): Pagefind indexes in its own processes while this one renders and
  // writes (issue #5); each shard's files join the same all-or-nothing write as the pages.
  let indexing: SearchIndexing | undefined;
  try {
    if (options.search !== false) {
      const { startSearchIndex } = await loadSearch();
      indexing = await startSearchIndex(loaded.site, emit, pageCache);
      indexing.done.catch((error: unknown) => {
        searchFailed = { error };
      });
    }
    // Pages go to disk as they are rendered, so the whole site never sits in memory.
    const { renderPages } = await loadRenderer();
    await renderPages(loaded.site, loaded.config, options.templatesDir, emit, pageCache);
    for (const [path, bytes] of await readAssets(join(options.templatesDir, "assets"))) emit(path, bytes);
    emit(".nojekyll", "");
    emit(OUTPUT_MARKER, OUTPUT_MARKER_TEXT);
    await indexing?.done;
  } catch (error) {
    // The indexer is stopped and its processes ended before the write is dropped, so that
    // none is left running and no shard arrives after.
    indexing?.cancel();
    await indexing?.done.catch(() => undefined);
    await writer.abort();
    throw error;
  }
  options.onProgress?.({ phase: "write", done: writer.files, total: writer.files });
  // The saved cache describes the output folder until it changes (a build stopped before that
  // keeps it), and would make the next build keep stale pages after.
  const { written, unchanged, hashes } = await writer.commit(() => cache.forgetSaved());
  const { config, diagnostics, files, site } = loaded;
  const counts = { papers: site.papers.size, days: site.days.length };
  const unsaved = await cache.save({
    outputs: hashes,
    outDir,
    stamp: { inputsHash, diagnostics, ...counts },
  });
  const notes =
    unsaved === null
      ? []
      : [
          printable(
            `Note: the build cache could not be saved in ${shownPath(cacheDir)} (${unsaved}), so the next build parses and renders everything again. Let the build create and write that folder.`,
          ),
        ];
  return {
    config,
    diagnostics,
    ...counts,
    content: { files, site },
    pages: hashes.size,
    written,
    unchanged,
    cacheHits: cacheHits(),
    notes,
  };
}

/**
 * Reads the inputs, then either finds them equal to the last build's (its stamp) or
 * parses and models them, checking meanwhile which of the last build's files are
 * still in the output folder (`missing`, for `SiteWriter`). A function apart from `build` so that the file texts are
 * garbage once parsed: an async function keeps its locals alive across every await.
 */
async function readAndParse(
  options: BuildOptions,
  cache: BuildCache,
  outDir: string,
  templatesHash: string,
): Promise<
  | { readonly unchanged: BuildStamp; readonly config: SiteConfig }
  | {
      readonly unchanged: null;
      readonly loaded: LoadedContent;
      readonly inputsHash: string;
      readonly settingsHash: string;
      /** `missingFiles` of the output folder and the previous build's outputs. */
      readonly missing: Promise<ReadonlySet<string>>;
    }
> {
  const stamps = cache.contentStamps(resolve(options.contentDir));
  const inputs = await readInputs(options, { keyOf: (file, stamp) => stamps.keyOf(file, stamp) });
  const unreadable = inputs.diagnostics.filter((d) => d.code === UNREADABLE_SETTINGS);
  if (unreadable.length > 0)
    throw new ContentError("site.yaml could not be read; nothing was written", [...unreadable]);
  // A build with search and one without must never pass for each other (the bundle differs).
  // The templates are not part of it: each page's key holds those its template is made of.
  const settingsHash = hashAll([JSON.stringify(inputs.config), String(options.search !== false)]);
  // Each file read is hashed once: the same keys find its parsed record if the build goes on.
  const sourceKeys = inputs.contentFiles.map(
    (content) => content.key ?? sourceKey(content.file, content.bytes ?? JSON.stringify(content.diagnostics)),
  );
  for (const [index, content] of inputs.contentFiles.entries()) {
    if (content.stamp !== null) stamps.remember(content.file, content.stamp, sourceKeys[index] as string);
  }
  // The settings' problems and the siteUrl line too: a bad value falls back to its default,
  // which leaves the settings as they were, but the build must say so, and stop saying so.
  const inputsHash = hashAll([
    cache.toolKey,
    templatesHash,
    settingsHash,
    JSON.stringify(inputs.diagnostics),
    String(inputs.siteUrlLine),
    ...sourceKeys,
  ]);
  // What a killed build left beside the output folder goes here too: only a build that
  // writes removed it, so it stayed through every build with nothing to do, as large as a
  // whole site. A write it completes (which a saved stamp rules out) makes this build write.
  // One it cannot remove (another user's) fails only a build that writes (SiteWriter.open
  // tries again and says what to delete), not one with nothing to do, which passed before.
  const recovered = await recoverInterruptedWrite(outDir).catch(() => false);
  const unchanged = recovered ? null : await cache.unchangedBuild(inputsHash, outDir);
  if (unchanged !== null) {
    // The files this build read whose stamps had settled need not be read by the next.
    stamps.save();
    return { unchanged, config: inputs.config };
  }
  // Which of the last build's files are still in the output folder is checked on another
  // thread while this one parses and models: a stat each took a second at 10x (issue #5).
  // An interrupted write is completed above, or again by SiteWriter.open if that failed; either
  // way it is sound to check before: the cache is removed before a write and saved after it,
  // so an output folder a write was interrupted in has no previous outputs.
  const missing = missingFiles(outDir, [...cache.previousOutputs(outDir).keys()]);
  // Awaited by SiteWriter.open; without a handler now, a failure while parsing would end the process.
  missing.catch(() => undefined);
  // The renderer and the search indexer load while this one parses (each import waits on
  // files, so it moves on whenever parsing does): loaded only once the site is modelled,
  // the indexer started its work after most pages of a rebuild had rendered (issue #5).
  loadRenderer().catch(() => undefined);
  if (options.search !== false) loadSearch().catch(() => undefined);
  // Another template set may re-render every page (a layout edit), so the heap is tuned as for a full build.
  const incremental = cache.canKeepPages(outDir, settingsHash) && cache.sameTemplates(templatesHash);
  options.onStart?.({ kind: incremental ? "incremental" : "full", contentFiles: inputs.contentFiles.length });
  const loaded = withSiteUrlWarning(await parseAndModel(inputs, options, cache, sourceKeys), inputs.siteUrlLine);
  return { unchanged: null, loaded, inputsHash, settingsHash, missing };
}

/** Under `strict`, any error diagnostic fails the build before anything is written. */
function failIfStrict(options: BuildOptions, diagnostics: readonly Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (options.strict && errors.length > 0) {
    throw new ContentError(`${errors.length} content error(s); nothing was written (--strict)`, diagnostics);
  }
}

/**
 * Feeds, the sitemap and canonical URLs need an absolute origin; say so once per build,
 * at the `siteUrl: ""` line when site.yaml has one.
 */
function withSiteUrlWarning(loaded: LoadedContent, line: number): LoadedContent {
  if (loaded.config.siteUrl !== "") return loaded;
  const warning: Diagnostic = {
    file: "site.yaml",
    line,
    column: 1,
    severity: "warning",
    code: "site-url-missing",
    message:
      "`siteUrl` is not set, so canonical and feed links stay relative and sitemap.xml is skipped. Set `siteUrl: https://<user>.github.io` in site.yaml (in the content folder; make the file if there is none) or pass --site-url.",
  };
  return { ...loaded, diagnostics: [...loaded.diagnostics, warning] };
}
