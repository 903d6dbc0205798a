import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { isEditorLeftover } from "./editorLeftovers.ts";
import { listFilesSync } from "./listFiles.ts";

/**
 * Reads the static assets that are copied to the output as they are (stylesheet, scripts).
 * @param dir the templates' `assets/` folder; a missing folder gives no assets
 * @returns bytes keyed by `assets/<path>` output path, in path order; dot-files, everything
 *   in dot-folders and editors' leftovers (`style.css~`, `isEditorLeftover`) are skipped, and
 *   linked files and folders are followed
 */
export async function readAssets(dir: string): Promise<Map<string, Uint8Array>> {
  const files = listFilesSync(dir, (name) => name.startsWith(".") || isEditorLeftover(name));
  const assets = new Map<string, Uint8Array>();
  for (const file of files) assets.set(`assets/${relative(dir, file).split("\\").join("/")}`, await readFile(file));
  return assets;
}
