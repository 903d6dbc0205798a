import { accessSync, constants, statfsSync } from "node:fs";
import { tmpdir } from "node:os";

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
