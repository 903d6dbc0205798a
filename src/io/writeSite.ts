import { createHash, randomBytes } from "node:crypto";
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { basename, dirname, join, posix, relative, resolve } from "node:path";
import { errorReason, WriteError } from "../errors.ts";
import { missingFiles } from "./missingFiles.ts";
import { WritePool } from "./WritePool.ts";

/**
 * Files written on this thread before the rest go to a `WritePool`: a rebuild that
 * adds a few dozen files is done before worker threads would have started.
 */
const POOL_FROM = 64;

/**
 * Writes started and neither committed nor aborted, so that a process stopped by a signal
 * can drop them (`abortOpenWrites`) instead of leaving their staging folders behind.
 */
const openWriters = new Set<SiteWriter>();

/** Whether `abortOpenWrites` ran: the process is stopping, and a build that fails now only failed for that. */
let stopping = false;

/** Writes this process has committed: a build whose count has grown since it began has replaced its output folder. */
let commits = 0;

/** How many writes this process has committed so far (see `commits`). */
export function committedWrites(): number {
  return commits;
}

/**
 * Drops every write not yet committed: its staging folder goes and the output folder stays
 * as it was. For a signal handler (Ctrl-C during a build); a write whose commit has begun
 * is never among them, as its commit runs without a pause once the files are written.
 * A build still running then fails at its next file (see `writesStopped`).
 * @returns how many writes were dropped
 */
export async function abortOpenWrites(): Promise<number> {
  stopping = true;
  const writers = [...openWriters];
  await Promise.all(writers.map((writer) => writer.abort()));
  return writers.length;
}

/** True once `abortOpenWrites` ran: a build's failure since then is the stop's, not worth reporting. */
export function writesStopped(): boolean {
  return stopping;
}

/** What a finished write did. */
export interface WriteResult {
  /** Files written new. */
  readonly written: number;
  /** Files kept from the previous site (never written, so their mtime is kept). */
  readonly unchanged: number;
  /** Output path → `hashBytes` of every file of the new site. */
  readonly hashes: Map<string, string>;
}

/**
 * Writes a site to `outDir`, one file at a time as it is rendered (so the whole site
 * never has to sit in memory, issue #5), without touching `outDir` until `commit`
 * (issue #6). New and changed files go to a staging folder beside `outDir`; files
 * whose bytes did not change are never written, so they keep their mtime. `commit`
 * then writes a journal of the change and applies it with renames: a build that fails
 * before `commit` leaves the previous site as it was, and one killed while applying
 * is completed from its journal by the next build (`recoverInterruptedWrite`). On a
 * rebuild only what changed is moved, not the whole site (issue #5).
 */
export class SiteWriter {
  private written = 0;
  private unchanged = 0;
  private readonly hashes = new Map<string, string>();
  private readonly folders = new Set<string>();
  /** Paths written to the staging folder, to move into the site on commit. */
  private readonly staged: string[] = [];
  /** Files given to `add`; from the `POOL_FROM`th on they go to `pool`. */
  private added = 0;
  /** Writes the files added after the first `POOL_FROM`. */
  private pool: WritePool | undefined;
  private closed = false;

  private constructor(
    private readonly target: string,
    /** The folder the new site is written to before it is moved in. */
    readonly staging: string,
    /** Files of the site being replaced; `undefined` when there is none. */
    private readonly previousFiles: ReadonlySet<string> | undefined,
    /** Files of `options.previous` that are not in the output folder. */
    private readonly missing: ReadonlySet<string>,
    private readonly options: WriteOptions,
  ) {}

  /**
   * Starts a write: completes or cleans up after an interrupted build and creates the staging
   * folder. Call it holding the output folder's claim (`claimOutputFolder`), as a build does:
   * it removes any other process's staging folder (`recoverInterruptedWrite`).
   * @param outDir the output folder
   */
  static async open(outDir: string, options: WriteOptions = {}): Promise<SiteWriter> {
    const target = resolve(outDir);
    const stamp = `${process.pid}-${randomBytes(4).toString("hex")}`;
    const staging = join(dirname(target), `.${basename(target)}.building-${stamp}`);
    await recoverInterruptedWrite(outDir);
    const previousFiles = (await exists(target))
      ? new Set(options.previous ? options.previous.keys() : await listFiles(target))
      : undefined;
    const missing =
      previousFiles && options.previous
        ? await (options.missing ?? missingFiles(target, [...previousFiles]))
        : new Set<string>();
    // Made and registered in one step, so a signal handler never sees a staging folder
    // that `abortOpenWrites` does not know of.
    mkdirSync(staging, { recursive: true });
    const writer = new SiteWriter(target, staging, previousFiles, missing, options);
    openWriters.add(writer);
    return writer;
  }

  /**
   * Adds one file to the new site. The first files are written here with sync calls
   * (thousands of small awaited fs operations cost more than they overlap); from
   * `POOL_FROM` on, worker threads hash, compare and write them, and a failure
   * is reported by `commit`.
   * @param path output path, e.g. `days/2025-02-11/index.html`; each path once
   * @param content the file's text or bytes; bytes are the writer's from now on (their memory
   *   may move to a writing thread, leaving the caller's array empty)
   * @throws WriteError when the file cannot be written (then call `abort`)
   */
  add(path: string, content: string | Uint8Array): void {
    const safe = this.claim(path);
    const unless = this.unchangedWhen(safe);
    const bytes = typeof content === "string" ? Buffer.from(content) : content;
    try {
      if (this.added < POOL_FROM) {
        const hash = hashBytes(bytes);
        const same =
          unless.unlessHash !== undefined
            ? unless.unlessHash === hash
            : unless.unlessSameAs !== undefined && sameBytesSync(unless.unlessSameAs, bytes);
        this.record(safe, hash, !same);
        if (!same) writeFileSync(this.destination(safe), bytes);
      } else {
        // Claimed now; its hash comes from the pool on commit.
        this.hashes.set(safe, "");
        this.pool ??= new WritePool(this.staging);
        this.pool.write({ path: safe, bytes, ...unless }, true);
      }
    } catch (error) {
      throw new WriteError(`Could not write \`${safe}\`; the previous site in \`${this.target}\` is unchanged`, {
        cause: error,
      });
    }
    this.added += 1;
    this.progress();
  }

  /** What shows that a file of the previous site is unchanged: its hash, or else its bytes on disk. */
  private unchangedWhen(safe: string): { unlessHash?: string; unlessSameAs?: string } {
    if (this.previousFiles?.has(safe) !== true) return {};
    if (!this.options.previous) return { unlessSameAs: join(this.target, safe) };
    const hash = this.previousHash(safe);
    return hash === undefined ? {} : { unlessHash: hash };
  }

  /**
   * The previous build's hash of a file that is still in the output folder (`options.previous`),
   * else undefined. Only such a file can be kept or found unchanged by its hash: the cache may
   * name files of an output folder that was since deleted, in whole or in part.
   */
  private previousHash(safe: string): string | undefined {
    if (this.previousFiles?.has(safe) !== true || this.missing.has(safe)) return undefined;
    return this.options.previous?.get(safe);
  }

  /** Records a file added: its hash, and whether it was staged or found unchanged. */
  private record(safe: string, hash: string, written: boolean): void {
    this.hashes.set(safe, hash);
    if (written) {
      this.staged.push(safe);
      this.written += 1;
    } else this.unchanged += 1;
  }

  /**
   * Carries files of the previous site over unchanged, without reading them: for pages
   * and search shards the cache knows did not change (issue #5). All or nothing, so a
   * search shard missing one file is indexed again instead of kept in part.
   * @param paths output paths, as the previous build wrote them (with `options.previous`)
   * @returns false when the previous site lacks any of them, or there is none; nothing is added then
   */
  keep(paths: readonly string[]): boolean {
    const safePaths = paths.map((path) => this.claim(path));
    const hashes = safePaths.map((safe) => this.previousHash(safe));
    if (hashes.includes(undefined)) return false;
    for (const [index, safe] of safePaths.entries()) {
      this.hashes.set(safe, hashes[index] as string);
      this.unchanged += 1;
      this.progress();
    }
    return true;
  }

  /** Files added or kept so far. */
  get files(): number {
    return this.hashes.size;
  }

  private claim(path: string): string {
    // The search index emits from its own tasks; a late file must not recreate the staging folder.
    if (this.closed) throw new Error(`Internal error: \`${path}\` added after the write was committed or aborted.`);
    const safe = safeOutputPath(path);
    if (this.hashes.has(safe)) throw new Error(`Internal error: output path \`${safe}\` written twice.`);
    return safe;
  }

  /** The file's path in the staging folder, its folder created. */
  private destination(safe: string): string {
    const destination = join(this.staging, safe);
    const folder = dirname(destination);
    if (!this.folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.folders.add(folder);
    }
    return destination;
  }

  private progress(): void {
    if (this.hashes.size % 500 === 0) this.options.onProgress?.(this.hashes.size);
  }

  /**
   * Makes the output folder the new site: waits for the files to be written, then replaces
   * the output folder's changed files. On failure before the journal is written, the
   * previous site stays.
   * @param beforeApply called once every file is written, right before the output folder
   *   changes (the build forgets its saved cache there): not when the write fails or is
   *   dropped before, so that the cache still describes the output folder then
   */
  async commit(beforeApply: () => void = () => {}): Promise<WriteResult> {
    const { target, staging } = this;
    this.closed = true;
    try {
      const { failure, results } = (await this.pool?.finish()) ?? { failure: null, results: [] };
      // From here on the commit runs without a pause, so a signal handler can never drop it
      // halfway (`abortOpenWrites`); one that dropped it meanwhile leaves nothing to commit.
      if (!openWriters.delete(this)) throw new Error("The write was stopped before it could be committed.");
      for (const { path, hash, written } of results) this.record(path, hash, written);
      if (failure) {
        const what = failure.file === "" ? "the files" : `\`${relative(staging, failure.file)}\``;
        throw Object.assign(new Error(`Could not write ${what}: ${failure.message}`), { code: failure.code });
      }
      const removed = [...(this.previousFiles ?? [])].filter((file) => !this.hashes.has(file));
      // A folder that refuses a rename halfway would leave the site half updated.
      if (this.previousFiles !== undefined) assertWritable(target, [...this.staged, ...removed]);
      beforeApply();
      if (this.previousFiles === undefined) {
        // No previous site: every file is in the staging folder, which becomes the site.
        renameSync(staging, target);
      } else {
        const journal: Journal = { replace: this.staged, remove: removed };
        writeFileSync(`${staging}${JOURNAL_SUFFIX}.tmp`, JSON.stringify(journal));
        // From this rename on, the change is decided: a build killed while applying it
        // is completed by the next one.
        renameSync(`${staging}${JOURNAL_SUFFIX}.tmp`, `${staging}${JOURNAL_SUFFIX}`);
        applyJournal(journal, staging, target);
        // The journal goes first: a staging folder left without one is only ever deleted.
        rmSync(`${staging}${JOURNAL_SUFFIX}`, { force: true });
        rmSync(staging, { recursive: true, force: true });
      }
    } catch (error) {
      // Once the journal exists the change is decided, and its staged files are needed to complete it.
      const decided = existsSync(`${staging}${JOURNAL_SUFFIX}`);
      if (!decided) await this.abort();
      throw new WriteError(
        decided
          ? `Could not finish updating the site in \`${target}\`; run the build again to complete it`
          : `Could not write the site to \`${target}\`; the previous site is unchanged`,
        { cause: error },
      );
    }
    commits += 1;
    return { written: this.written, unchanged: this.unchanged, hashes: this.hashes };
  }

  /** Drops the new site before `commit`; the previous one stays as it was. */
  async abort(): Promise<void> {
    this.closed = true;
    openWriters.delete(this);
    // No worker may write into the staging folder while it is removed.
    await this.pool?.close();
    await rm(this.staging, { recursive: true, force: true });
    await rm(`${this.staging}${JOURNAL_SUFFIX}.tmp`, { force: true });
  }
}

/** The change `SiteWriter.commit` applies to the output folder, saved first so it can be completed. */
interface Journal {
  /** Paths to move from the staging folder into the site (new or changed files). */
  readonly replace: readonly string[];
  /** Paths to delete from the site (files the new site no longer has). */
  readonly remove: readonly string[];
}

/** Beside the staging folder `.dist.building-PID-x`: its journal, present once the change is decided. */
const JOURNAL_SUFFIX = ".journal";

/**
 * Applies a journal; safe to run again after being cut off (a file already moved is
 * no longer in the staging folder, a file already deleted is not there to delete).
 * Deletions first, so that a path turning from a file into a folder (or back) is free.
 */
function applyJournal(journal: Journal, staging: string, target: string): void {
  for (const file of journal.remove) {
    rmSync(join(target, file), { force: true });
    removeEmptyFolders(target, dirname(file));
  }
  const made = new Set<string>();
  for (const file of journal.replace) {
    const from = join(staging, file);
    if (!existsSync(from)) continue;
    const folder = dirname(join(target, file));
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    renameSync(from, join(target, file));
  }
}

/**
 * Throws unless this process may create and remove files in each folder of `target` that
 * `paths` are in (or, for a folder not there yet, in the nearest one that is).
 */
function assertWritable(target: string, paths: readonly string[]): void {
  const checked = new Set<string>();
  for (const path of paths) {
    for (let folder = dirname(join(target, path)); !checked.has(folder); folder = dirname(folder)) {
      checked.add(folder);
      // A folder not there yet, or where a file is that the change removes first, is made in its parent.
      if (!isFolder(folder)) continue;
      try {
        accessSync(folder, constants.W_OK | constants.X_OK);
        break;
      } catch (error) {
        const name = relative(target, folder) || ".";
        throw new Error(`\`${name}\` in the site cannot be written (${errorReason(error)}); fix its permissions`);
      }
    }
  }
}

/** Whether `path` is a folder; true when that cannot be told, so that `accessSync` says why. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== "ENOENT" && code !== "ENOTDIR";
  }
}

/** Removes `folder` (relative to `root`) and its parents while they are empty, as a clean build would have none. */
function removeEmptyFolders(root: string, folder: string): void {
  for (let current = folder; current !== "." && current !== ""; current = dirname(current)) {
    try {
      rmdirSync(join(root, current));
    } catch {
      return;
    }
  }
}

/** Every file under `dir`, as relative paths with `/`. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/"));
}

/**
 * Writes a whole rendered site at once with a `SiteWriter`, holding the output folder's
 * claim as `SiteWriter.open` needs.
 * @param files output path → content; byte contents are the writer's from then on (see `SiteWriter.add`)
 * @returns how many files were written new and how many were kept, and the hash of every file
 * @throws WriteError when anything fails; the previous site is then unchanged
 */
export async function writeSite(
  files: ReadonlyMap<string, string | Uint8Array>,
  outDir: string,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const writer = await SiteWriter.open(outDir, options);
  try {
    for (const [path, content] of files) writer.add(path, content);
  } catch (error) {
    await writer.abort();
    if (error instanceof WriteError) throw error;
    throw new WriteError(`Could not write the site to \`${outDir}\`; the previous site is unchanged`, {
      cause: error,
    });
  }
  return writer.commit();
}

/** Options of `SiteWriter` and `writeSite`. */
export interface WriteOptions {
  /**
   * Output path → `hashBytes` of each file the previous build wrote to the output folder;
   * when given, unchanged files are found by hash instead of reading the old files back
   * (issue #5). Default: none (compare bytes on disk).
   */
  readonly previous?: ReadonlyMap<string, string>;
  /**
   * `missingFiles` of the output folder and `previous`, when the caller started it early
   * (a build starts it before parsing). Default: checked by `open`.
   */
  readonly missing?: Promise<ReadonlySet<string>>;
  /** Called with the number of files so far, every 500 files. Default: none. */
  readonly onProgress?: (files: number) => void;
}

/** The hash `writeSite` records for a file's bytes. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha1").update(bytes).digest("base64url");
}

/**
 * Cleans up after a build that was killed while writing (issue #6). A build killed
 * before its commit leaves its staging folder `.dist.building-PID-*`, which is
 * removed; one killed while applying its change also leaves the journal beside it,
 * and the change is then completed, so `dist/` holds the site that build made.
 * Call it holding the output folder's claim (`claimOutputFolder`): then no other build
 * is writing, and every staging folder but those of this process's open writes is a dead
 * build's, whatever process its id names now. (Judged by that id, a killed container's
 * build, process 1 there, left its folder for good, process 1 running here; and a write
 * of the dev server's process whose commit failed midway was left by its later builds, then
 * completed by the next process over the sites built since.)
 * @param outDir the output folder
 * @returns whether an interrupted change was completed
 */
export async function recoverInterruptedWrite(outDir: string): Promise<boolean> {
  const target = resolve(outDir);
  const parent = dirname(target);
  const prefix = `.${basename(target)}.building-`;
  const names = await readdir(parent).catch(() => [] as string[]);
  let completed = false;
  for (const name of names) {
    // `PID-hex`, or `PID-NAMESPACE-hex` as 424dc80 to 704a85b named them.
    if (!/^\d+(?:-\d+)?-[0-9a-f]+$/.test(name.startsWith(prefix) ? name.slice(prefix.length) : "")) continue;
    const staging = join(parent, name);
    if ([...openWriters].some((writer) => writer.staging === staging)) continue;
    const journal = await readFile(`${staging}${JOURNAL_SUFFIX}`, "utf8").catch(() => null);
    if (journal !== null) {
      try {
        applyJournal(JSON.parse(journal) as Journal, staging, target);
      } catch (error) {
        throw new WriteError(
          `Could not complete the update of \`${target}\` that an earlier build began; fix what the reason below names and build again`,
          { cause: error },
        );
      }
      completed = true;
    }
    try {
      await rm(`${staging}${JOURNAL_SUFFIX}`, { force: true });
      await rm(`${staging}${JOURNAL_SUFFIX}.tmp`, { force: true });
      await rm(staging, { recursive: true, force: true });
    } catch (error) {
      throw new WriteError(
        `A build that stopped left \`${staging}\` beside the output folder, and it could not be removed; delete it (or let this user remove it) and build again`,
        { cause: error },
      );
    }
  }
  return completed;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A relative path in normal form: `/`-separated segments, none empty, `.` or `..`, and no NUL. */
const NORMAL_RELATIVE_PATH = /^(?!\.\.?(?:\/|$))[^/\0]+(?:\/(?!\.\.?(?:\/|$))[^/\0]+)*$/;

/** Rejects any output path that is absolute or climbs out of the output folder. */
export function safeOutputPath(path: string): string {
  // Nearly every path the renderer gives is already normal; normalising each of a 10x
  // rebuild's 160,000 paths cost a tenth of a second (issue #5).
  if (NORMAL_RELATIVE_PATH.test(path)) return path;
  const normal = posix.normalize(path);
  if (path === "" || posix.isAbsolute(path) || normal.startsWith("../") || normal === ".." || normal.includes("\0")) {
    throw new Error(`Internal error: output path \`${path}\` is outside the output folder.`);
  }
  return normal;
}

function sameBytesSync(path: string, bytes: Uint8Array): boolean {
  try {
    const info = statSync(path);
    return info.isFile() && info.size === bytes.byteLength && readFileSync(path).equals(bytes);
  } catch {
    return false;
  }
}
