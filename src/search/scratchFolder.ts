import { createHash } from "node:crypto";
import { accessSync, constants, mkdirSync, opendirSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mayStillRunIn, pidNamespace } from "../io/processes.ts";

/** Linux's memory-backed folder for scratch files (a tmpfs). */
const SHARED_MEMORY = "/dev/shm";

/**
 * The room it must have free to be used: the two half-year shards of a ten-year archive
 * take about 70 MB at once (their documents and bundles), and it is shared with the system.
 * Low enough that other programs' use seldom moves a build off it (its listing order is in
 * the shards' keys, so a move re-indexes them all).
 */
const MIN_FREE_BYTES = 256 * 1024 ** 2;

/**
 * Where the search documents and Pagefind's bundles are written while it indexes: the
 * folder `TMPDIR` (or `TMP`, `TEMP`) names when one is set; else `/dev/shm` on Linux when
 * it has 256 MB free (a cold build at 1x wrote, read back and removed some 16,000 files there,
 * 0.7 to 1.5 s sooner than on the disk of the bench's machine: issue #5), else the
 * system's temporary folder.
 */
export function scratchFolder(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.TMPDIR || env.TMP || env.TEMP;
  if (named) return named;
  return process.platform === "linux" && hasRoom(SHARED_MEMORY) ? SHARED_MEMORY : tmpdir();
}

/** Whether `folder` may be written and has `MIN_FREE_BYTES` free. */
function hasRoom(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    const { bavail, bsize } = statfsSync(folder);
    return bavail * bsize >= MIN_FREE_BYTES;
  } catch {
    return false; // none there, or not ours to write
  }
}

/** How many names `listingOrder` makes: enough to fill more than one block of a folder, past which ext4 lists by hash. */
const PROBE_NAMES = 256;

/**
 * How the file system of `scratch` lists a folder's files, as a key: the order in which it
 * lists `PROBE_NAMES` names made in a fixed order, in a folder of its own (`workDir`).
 * Pagefind numbers pages in the order it lists their files, so shards indexed where that
 * order differs differ in their bytes; and the order is not told by the folder or the type
 * of its file system: ext4 lists by a hash with a seed of each file system's own, tmpfs
 * newest first or oldest first by the kernel's version. 4 ms in memory, 17 to 20 ms on the
 * bench machine's disk.
 * @returns a short key, the same for every folder that lists files alike
 */
export function listingOrder(workDir: string): string {
  const probe = join(workDir, "listing-order");
  mkdirSync(probe);
  for (let n = 0; n < PROBE_NAMES; n += 1) writeFileSync(join(probe, `probe-${String(n).padStart(4, "0")}.html`), "");
  // `readdirSync` sorts its names; a folder handle gives the file system's own order.
  const folder = opendirSync(probe);
  const names: string[] = [];
  try {
    for (let entry = folder.readSync(); entry !== null; entry = folder.readSync()) names.push(entry.name.slice(6, 10));
  } finally {
    folder.closeSync();
  }
  rmSync(probe, { recursive: true, force: true });
  return createHash("sha1").update(names.join(",")).digest("base64url").slice(0, 12);
}

const WORK_FOLDER = /^paper-digest-search-(\d+)-(\d+)-/;

/** The start of a build's own folder in the scratch folder (for `mkdtemp`): it names the process and its pid namespace. */
export function workFolderPrefix(): string {
  return `paper-digest-search-${pidNamespace()}-${process.pid}-`;
}

/**
 * Removes the folders of builds that were killed before they could: of this pid namespace
 * when their process is gone (or its id belongs to a later one), of another when untouched
 * for a day, since its pids cannot be told from here. Never fails: a folder that cannot be
 * removed is left.
 */
export async function removeAbandoned(scratch: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(scratch);
  } catch {
    return;
  }
  for (const name of names) {
    const match = WORK_FOLDER.exec(name);
    if (match === null) continue;
    const folder = join(scratch, name);
    try {
      const { mtimeMs } = await stat(folder);
      if (!mayStillRunIn(match[1] as string, Number(match[2]), mtimeMs))
        await rm(folder, { recursive: true, force: true });
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
}
