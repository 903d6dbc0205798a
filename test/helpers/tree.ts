import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every file under `dir` (relative path → sha1 of its bytes), to compare folders byte for byte. */
export function fileTree(dir: string): Map<string, string> {
  return new Map(
    files(dir).map((path) => [relative(dir, path), createHash("sha1").update(readFileSync(path)).digest("hex")]),
  );
}

/** Modification time of every file under `dir`, by relative path. */
export function fileTimes(dir: string): Map<string, number> {
  return new Map(files(dir).map((path) => [relative(dir, path), statSync(path).mtimeMs]));
}
