/**
 * Names of the files editors leave beside the one being edited: backups (`style.css~`),
 * Vim's swap files (`.style.css.swp`, `.swo`, `.swx`) and the file it writes to test a
 * folder (`4913`), Emacs's lock (`.#style.css`) and auto-save (`#style.css#`) files.
 */
const EDITOR_LEFTOVER = /~$|\.sw[opx]$|^4913$|^\.#|^#.*#$/;

/**
 * Whether a file is an editor's leftover: never part of the site, and a write to it is no edit.
 * @param name the file's name, without its folder
 */
export function isEditorLeftover(name: string): boolean {
  return EDITOR_LEFTOVER.test(name);
}

/**
 * Whether a file or folder is none of the site's, with everything under it: dot-files and
 * dot-folders (`.git`), `node_modules` and editors' leftovers. The one rule for the content
 * files read, the assets published, the templates hashed and the files the dev server watches.
 * @param name the file's or folder's name, without its folder
 */
export function isIgnoredName(name: string): boolean {
  return name.startsWith(".") || name === "node_modules" || isEditorLeftover(name);
}
