import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** From this many files asked for in one folder, the folder is listed once instead of a stat per file. */
const LIST_FOLDER_FROM = 8;

/**
 * Whether every one of `paths` (relative, `/`-separated) is a file under `root`. Kept
 * pages and search shards are checked this way before a rebuild counts on them; a
 * search shard's thousands of files sit in a few folders, and listing those folders
 * is much cheaper than a stat per file (issue #5: 56,000 of them at 10x).
 */
export function filesPresent(root: string, paths: Iterable<string>): boolean {
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    const slash = path.lastIndexOf("/");
    const folder = path.slice(0, Math.max(slash, 0));
    const names = byFolder.get(folder);
    if (names) names.push(path.slice(slash + 1));
    else byFolder.set(folder, [path.slice(slash + 1)]);
  }
  for (const [folder, names] of byFolder) {
    const dir = join(root, folder);
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
