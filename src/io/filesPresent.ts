import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { groupBy } from "../model/groupBy.ts";

/** From this many files asked for in one folder, the folder is listed once instead of a stat per file. */
const LIST_FOLDER_FROM = 8;

/**
 * Whether every one of `paths` (relative, `/`-separated) is a file under `root`. Kept
 * pages and search shards are checked this way before a rebuild counts on them; a
 * search shard's thousands of files sit in a few folders, and listing those folders
 * is much cheaper than a stat per file (issue #5: 56,000 of them at 10x).
 */
export function filesPresent(root: string, paths: Iterable<string>): boolean {
  const byFolder = groupBy([...paths], (path) => path.slice(0, Math.max(path.lastIndexOf("/"), 0)));
  for (const [folder, inFolder] of byFolder) {
    const dir = join(root, folder);
    const names = inFolder.map((path) => path.slice(path.lastIndexOf("/") + 1));
    if (names.length < LIST_FOLDER_FROM) {
      if (!names.every((name) => isFile(join(dir, name)))) return false;
      continue;
    }
    let files: Set<string>;
    try {
      files = new Set(
        readdirSync(dir, { withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => entry.name),
      );
    } catch {
      return false;
    }
    if (!names.every((name) => files.has(name))) return false;
  }
  return true;
}

/** Whether `path` is a file (following links); false when it is missing. */
export function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}
