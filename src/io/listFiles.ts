import { readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Every file under `dir`, recursively, in path order, following symbolic links to files and
 * folders as the content folder's listing does (`listMarkdownFiles`): a template or asset
 * reached through a link is as much part of the site as any other (a linked partial that was
 * left out of the templates' hash let an edit to it keep stale pages). Each real folder is
 * read once, so a link loop ends; a broken link is no file.
 * @param dir the folder; a missing one has no files
 * @param skip names of files and folders to leave out, with everything under them
 */
export function listFilesSync(dir: string, skip: (name: string) => boolean = () => false): string[] {
  const found: string[] = [];
  const visited = new Set<string>();
  const walk = (folder: string) => {
    let real: string;
    try {
      real = realpathSync(folder);
    } catch {
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (skip(entry.name)) continue;
      const path = join(folder, entry.name);
      const target = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
      if (target?.isDirectory()) walk(path);
      else if (target?.isFile()) found.push(path);
    }
  };
  walk(dir);
  return found.sort();
}
