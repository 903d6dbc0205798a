import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, writeFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, posix, resolve } from "node:path";
import { WriteError } from "../errors.ts";

/**
 * Writes a rendered site to `outDir` atomically: everything goes to a fresh
 * sibling folder that replaces `outDir` only once complete, so a failed or
 * interrupted build leaves the previous site as it was. Files whose bytes did
 * not change are hard-linked from the previous site, keeping their mtime.
 * @param options.previous output path → `hashBytes` of each file the previous build wrote to `outDir`;
 *   when given, unchanged files are found by hash instead of reading the old files back (issue #5)
 * @param options.knownHash returns a hash already known for some bytes (e.g. a page reused from the
 *   previous output), to skip hashing them again
 * @returns how many files were written new and how many were kept, and with `previous`, the hash of every file
 */
export async function writeSite(
  files: ReadonlyMap<string, string | Uint8Array>,
  outDir: string,
  options: WriteOptions = {},
): Promise<{ written: number; unchanged: number; hashes: Map<string, string> }> {
  const target = resolve(outDir);
  const parent = dirname(target);
  const stamp = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const staging = join(parent, `.${basename(target)}.building-${stamp}`);
  const retired = join(parent, `.${basename(target)}.old-${stamp}`);
  let written = 0;
  let unchanged = 0;
  const hashes = new Map<string, string>();
  await recoverInterruptedWrite(outDir);
  try {
    await mkdir(staging, { recursive: true });
    const made = new Set<string>();
    for (const [path, content] of files) {
      const safe = safeOutputPath(path);
      const destination = join(staging, safe);
      const folder = dirname(destination);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      const bytes = typeof content === "string" ? Buffer.from(content) : content;
      if (options.previous !== undefined) {
        // Sync calls: thousands of small awaited fs operations cost more than they overlap.
        const hash = (typeof content === "string" ? undefined : options.knownHash?.(content)) ?? hashBytes(bytes);
        hashes.set(safe, hash);
        if (options.previous.get(safe) === hash && tryLink(join(target, safe), destination)) unchanged += 1;
        else {
          writeFileSync(destination, bytes);
          written += 1;
        }
        continue;
      }
      hashes.set(safe, hashBytes(bytes));
      if ((await sameBytes(join(target, safe), bytes)) && tryLink(join(target, safe), destination)) {
        unchanged += 1;
      } else {
        await writeFile(destination, bytes);
        written += 1;
      }
    }
    const hadPrevious = await stat(target).then(
      () => true,
      () => false,
    );
    if (hadPrevious) await rename(target, retired);
    await rename(staging, target);
    if (hadPrevious) await rm(retired, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // A failure between the two renames must not leave the site missing.
    if (!(await exists(target)) && (await exists(retired))) await rename(retired, target).catch(() => {});
    throw new WriteError(`Could not write the site to \`${outDir}\`; the previous site is unchanged`, { cause: error });
  }
  return { written, unchanged, hashes };
}

/** Options of `writeSite`. */
export interface WriteOptions {
  /** Output path → `hashBytes` of the files the previous build wrote. Default: none (compare bytes on disk). */
  readonly previous?: ReadonlyMap<string, string>;
  /** A hash already known for some bytes, or `undefined`. Default: always hash. */
  readonly knownHash?: (bytes: Uint8Array) => string | undefined;
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

async function sameBytes(path: string, bytes: Uint8Array): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile() || info.size !== bytes.byteLength) return false;
  const existing = await readFile(path);
  return existing.equals(bytes);
}
