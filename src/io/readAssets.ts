import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";

/**
 * Reads the static assets that are copied to the output as they are (stylesheet, scripts).
 * @param dir the templates' `assets/` folder; a missing folder gives no assets
 * @returns bytes keyed by `assets/<path>` output path, in path order; dot-files are skipped
 */
export async function readAssets(dir: string): Promise<Map<string, Uint8Array>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const assets = new Map<string, Uint8Array>();
  for (const file of files) assets.set(`assets/${relative(dir, file).split("\\").join("/")}`, await readFile(file));
  return assets;
}
