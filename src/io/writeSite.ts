import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, posix, resolve } from "node:path";
import { WriteError } from "../errors.ts";

/** What a finished write did. */
export interface WriteResult {
  /** Files written new. */
  readonly written: number;
  /** Files kept from the previous site (hard-linked, mtime kept). */
  readonly unchanged: number;
  /** Output path → `hashBytes` of every file of the new site. */
  readonly hashes: Map<string, string>;
}

/**
 * Writes a site to `outDir` atomically, one file at a time as it is rendered (so the
 * whole site never has to sit in memory, issue #5): files go to a fresh sibling
 * folder that replaces `outDir` only in `commit`, so a failed or interrupted build
 * leaves the previous site as it was (issue #6). Files whose bytes did not change are
 * hard-linked from the previous site, keeping their mtime.
 */
export class SiteWriter {
  private written = 0;
  private unchanged = 0;
  private readonly hashes = new Map<string, string>();
  private readonly folders = new Set<string>();

  private constructor(
    private readonly target: string,
    private readonly staging: string,
    private readonly retired: string,
    private readonly options: WriteOptions,
  ) {}

  /**
   * Starts a write: cleans up after an interrupted build and creates the staging folder.
   * @param outDir the output folder
   */
  static async open(outDir: string, options: WriteOptions = {}): Promise<SiteWriter> {
    const target = resolve(outDir);
    const parent = dirname(target);
    const stamp = `${process.pid}-${randomBytes(4).toString("hex")}`;
    const staging = join(parent, `.${basename(target)}.building-${stamp}`);
    const retired = join(parent, `.${basename(target)}.old-${stamp}`);
    await recoverInterruptedWrite(outDir);
    await mkdir(staging, { recursive: true });
    return new SiteWriter(target, staging, retired, options);
  }

  /**
   * Adds one file to the new site. Sync calls on purpose: thousands of small awaited
   * fs operations cost more than they overlap.
   * @param path output path, e.g. `days/2025-02-11/index.html`; each path once
   * @throws WriteError when the file cannot be written (then call `abort`)
   */
  add(path: string, content: string | Uint8Array): void {
    const safe = this.claim(path);
    const bytes = typeof content === "string" ? Buffer.from(content) : content;
    const hash = hashBytes(bytes);
    this.hashes.set(safe, hash);
    try {
      const destination = this.destination(safe);
      const old = join(this.target, safe);
      const same = this.options.previous ? this.options.previous.get(safe) === hash : sameBytesSync(old, bytes);
      if (same && tryLink(old, destination)) this.unchanged += 1;
      else {
        writeFileSync(destination, bytes);
        this.written += 1;
      }
    } catch (error) {
      throw new WriteError(`Could not write \`${safe}\`; the previous site in \`${this.target}\` is unchanged`, {
        cause: error,
      });
    }
    this.progress();
  }

  /**
   * Carries a file of the previous site over unchanged, without reading it: for pages
   * and search shards the cache knows did not change (issue #5).
   * @param path output path, as the previous build wrote it (with `options.previous`)
   * @returns false when the previous site has no such file; nothing is added then
   */
  keep(path: string): boolean {
    const safe = this.claim(path);
    const hash = this.options.previous?.get(safe);
    if (hash === undefined || !tryLink(join(this.target, safe), this.destination(safe))) return false;
    this.hashes.set(safe, hash);
    this.unchanged += 1;
    this.progress();
    return true;
  }

  /** Files added or kept so far. */
  get files(): number {
    return this.hashes.size;
  }

  private claim(path: string): string {
    const safe = safeOutputPath(path);
    // A second write to a path could go through a hard link into the previous site.
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

  /** Replaces the output folder with the new site. On failure the previous site stays. */
  async commit(): Promise<WriteResult> {
    const { target, staging, retired } = this;
    try {
      const hadPrevious = await exists(target);
      if (hadPrevious) await rename(target, retired);
      await rename(staging, target);
      if (hadPrevious) await rm(retired, { recursive: true, force: true });
    } catch (error) {
      await this.abort();
      throw new WriteError(`Could not write the site to \`${target}\`; the previous site is unchanged`, {
        cause: error,
      });
    }
    return { written: this.written, unchanged: this.unchanged, hashes: this.hashes };
  }

  /** Drops the new site; the previous one stays (or is put back if the swap got halfway). */
  async abort(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
    // A failure between the two renames must not leave the site missing.
    if (!(await exists(this.target)) && (await exists(this.retired)))
      await rename(this.retired, this.target).catch(() => {});
  }
}

/**
 * Writes a whole rendered site at once with a `SiteWriter`.
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
  /** Called with the number of files so far, every 500 files. Default: none. */
  readonly onProgress?: (files: number) => void;
}

/** The hash `writeSite` records for a file's bytes. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha1").update(bytes).digest("base64url");
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/**
 * Cleans up after a build that was killed while writing (issue #6). A killed
 * build can leave its staging folder `.dist.building-PID-*` and, if it died
 * between the two renames of the swap, the previous site as `.dist.old-PID-*`
 * with no `dist/`. The newest retired site is moved back when `dist/` is
 * missing; leftovers of processes that are no longer running are removed.
 * Folders of a build still running in another process are left alone.
 * @param outDir the output folder
 * @returns whether a retired site was moved back to `outDir`
 */
export async function recoverInterruptedWrite(outDir: string): Promise<boolean> {
  const target = resolve(outDir);
  const parent = dirname(target);
  const prefix = `.${basename(target)}.`;
  const names = await readdir(parent).catch(() => [] as string[]);
  const leftovers: { name: string; kind: string; mtime: number }[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(building|old)-(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length));
    if (!match || isRunning(Number(match[2]))) continue;
    const info = await stat(join(parent, name)).catch(() => null);
    if (info?.isDirectory()) leftovers.push({ name, kind: match[1] as string, mtime: info.mtimeMs });
  }
  let restored = false;
  if (!(await exists(target))) {
    const newest = leftovers.filter((left) => left.kind === "old").sort((a, b) => b.mtime - a.mtime)[0];
    if (newest !== undefined) {
      await rename(join(parent, newest.name), target);
      leftovers.splice(leftovers.indexOf(newest), 1);
      restored = true;
    }
  }
  for (const left of leftovers) await rm(join(parent, left.name), { recursive: true, force: true });
  return restored;
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Rejects any output path that is absolute or climbs out of the output folder. */
export function safeOutputPath(path: string): string {
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
