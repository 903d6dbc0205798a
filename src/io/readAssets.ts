import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { isIgnoredName } from "./ignoredNames.ts";
import { listFilesSync } from "./listFiles.ts";

/**
 * Reads the static assets that are copied to the output as they are (stylesheet, scripts).
 * @param dir the templates' `assets/` folder; a missing folder gives no assets
 * @returns bytes keyed by `assets/<path>` output path, in path order; what `isIgnoredName`
 *   names (dot-files, dot-folders, editors' leftovers such as `style.css~`) is skipped, and
 *   linked files and folders are followed
 */
export async function readAssets(dir: string): Promise<Map<string, Uint8Array>> {
  const files = listFilesSync(dir, isIgnoredName);
  const assets = new Map<string, Uint8Array>();
  for (const file of files) assets.set(`assets/${relative(dir, file).split("\\").join("/")}`, await readFile(file));
  return assets;
}
