import { accessSync, constants, readdirSync, rmSync, statfsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mayStillRun } from "../io/processes.ts";

/** Linux's memory-backed folder for scratch files (a tmpfs). */
const SHARED_MEMORY = "/dev/shm";

/**
 * The room it must have free to be used: the two half-year shards of a ten-year archive
 * take about 70 MB at once (their documents and bundles), and it is shared with the system.
 */
const MIN_FREE_BYTES = 1024 ** 3;

/**
 * Where the search documents and Pagefind's bundles are written while it indexes: the
 * folder `TMPDIR` (or `TMP`, `TEMP`) names when one is set; else `/dev/shm` on Linux when
 * it has room (a cold build at 1x wrote, read back and removed some 16,000 files there,
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

/**
 * What tells a scratch folder's file system apart from another's, for the search shards'
 * keys: the folder and its file system's type (tmpfs and ext4 list a folder's files in
 * different orders, and Pagefind numbers pages in that order).
 */
export function scratchIdentity(folder: string): string {
  try {
    return `${folder} ${statfsSync(folder).type}`;
  } catch {
    return folder;
  }
}

const WORK_FOLDER = /^paper-digest-search-(\d+)-/;

/** The start of a build's own folder in the scratch folder (for `mkdtemp`): it names the process. */
export function workFolderPrefix(): string {
  return `paper-digest-search-${process.pid}-`;
}

/**
 * Removes the folders of builds that were killed before they could (their process is gone,
 * or its id belongs to a later one). Never fails: another build's
 * folder that cannot be removed is left.
 */
export function removeAbandoned(scratch: string): void {
  let names: string[];
  try {
    names = readdirSync(scratch);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(WORK_FOLDER.exec(name)?.[1]);
    if (!pid) continue;
    const folder = join(scratch, name);
    try {
      if (!mayStillRun(pid, statSync(folder).mtimeMs)) rmSync(folder, { recursive: true, force: true });
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
}
