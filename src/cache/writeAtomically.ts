import { renameSync, writeFileSync } from "node:fs";

/**
 * Writes a cache file through a temporary file and a rename, so a build cut off
 * mid-write, or another reading it meanwhile, never sees half a file.
 */
export function writeAtomically(path: string, bytes: Uint8Array): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}
