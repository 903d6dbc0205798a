import { renameSync, writeFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";

/**
 * Writes a cache file through a temporary file and a rename, so a build cut off
 * mid-write, or another reading it meanwhile, never sees half a file.
 */
export function writeAtomically(path: string, bytes: Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

let temporaries = 0;

/** `writeAtomically` on libuv's threads, so that the calling thread goes on meanwhile. */
export async function writeAtomicallyInBackground(path: string, bytes: Uint8Array): Promise<void> {
  // Numbered: two writes of one path may be in flight at once, and each needs its own temporary file.
  temporaries += 1;
  const temp = `${path}.${process.pid}-${temporaries}.tmp`;
  await writeFile(temp, bytes);
  await rename(temp, path);
}
