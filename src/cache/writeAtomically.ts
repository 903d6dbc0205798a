import { renameSync, rmSync, writeFileSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";

/**
 * Writes a cache file through a temporary file and a rename, so a build cut off
 * mid-write, or another reading it meanwhile, never sees half a file.
 */
export function writeAtomically(path: string, bytes: Uint8Array): void {
  const temp = temporaryFor(path);
  try {
    writeFileSync(temp, bytes);
    renameSync(temp, path);
  } catch (error) {
    // A full disk left an empty temporary file on every build.
    rmSync(temp, { force: true });
    throw error;
  }
}

/** `writeAtomically` on libuv's threads, so that the calling thread goes on meanwhile. */
export async function writeAtomicallyInBackground(path: string, bytes: Uint8Array): Promise<void> {
  const temp = temporaryFor(path);
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

let temporaries = 0;

/** A temporary file beside `path`, numbered: writes of one path in the background may overlap. */
function temporaryFor(path: string): string {
  temporaries += 1;
  return `${path}.${process.pid}-${temporaries}.tmp`;
}
