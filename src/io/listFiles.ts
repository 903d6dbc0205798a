import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Every file under `dir`, recursively, in path order, following symbolic links to files and
 * folders: the one listing of content, templates and assets. A file reached through a link
 * is as much part of the site as any other (a linked partial that was left out of the
 * templates' hash let an edit to it keep stale pages). A folder reached under two names is
 * listed under both, as a web server would serve it; a link back to a folder it is in is
 * not followed, so a loop ends; a link that leads nowhere (broken, or itself a loop) is no file,
 * unless `brokenLinks` asks for it.
 * @param dir the folder; a missing one has no files
 * @param skip names of files and folders to leave out, with everything under them
 * @param unreadable told of each folder under `dir` that exists but cannot be listed (its
 *   permissions), which is then left out; without it, such a folder throws, and `dir` always does
 * @param brokenLinks whether a link that leads nowhere is listed too, for a caller that
 *   reports it when reading it fails (content: a day linked from a file since moved was
 *   dropped without a word)
 */
export function listFilesSync(
  dir: string,
  skip: (name: string) => boolean = () => false,
  unreadable?: (folder: string, error: NodeJS.ErrnoException) => void,
  brokenLinks = false,
): string[] {
  const found: string[] = [];
  const walk = (folder: string, within: ReadonlySet<string>) => {
    let real: string;
    try {
      real = realpathSync(folder);
    } catch {
      return;
    }
    if (within.has(real)) return;
    const inside = new Set(within).add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if (unreadable === undefined || folder === dir) throw error;
      unreadable(folder, error as NodeJS.ErrnoException);
      return;
    }
    for (const entry of entries) {
      if (skip(entry.name)) continue;
      const path = join(folder, entry.name);
      const target = entry.isSymbolicLink() ? statOrNull(path) : entry;
      if (target?.isDirectory()) walk(path, inside);
      else if (target?.isFile() || (target === null && brokenLinks)) found.push(path);
    }
  };
  walk(dir, new Set());
  return found.sort();
}

/** What a link leads to, or null when it leads nowhere (ENOENT, ELOOP, ENOTDIR, …). */
function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
