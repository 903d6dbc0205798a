import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, posix, resolve } from "node:path";
import { WriteError } from "../errors.ts";

/**
 * Writes a rendered site to `outDir` atomically: everything goes to a fresh
 * sibling folder that replaces `outDir` only once complete, so a failed or
 * interrupted build leaves the previous site as it was. Files whose bytes did
 * not change are hard-linked from the previous site, keeping their mtime.
 * @returns how many files were written new and how many were kept
 */
export async function writeSite(
  files: ReadonlyMap<string, string | Uint8Array>,
  outDir: string,
): Promise<{ written: number; unchanged: number }> {
  const target = resolve(outDir);
  const parent = dirname(target);
  const stamp = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const staging = join(parent, `.${basename(target)}.building-${stamp}`);
  const retired = join(parent, `.${basename(target)}.old-${stamp}`);
  let written = 0;
  let unchanged = 0;
  try {
    await mkdir(staging, { recursive: true });
    const made = new Set<string>();
    for (const [path, content] of files) {
      const safe = safeOutputPath(path);
      const destination = join(staging, safe);
      const folder = dirname(destination);
      if (!made.has(folder)) {
        await mkdir(folder, { recursive: true });
        made.add(folder);
      }
      const bytes = typeof content === "string" ? Buffer.from(content) : content;
      if (await sameBytes(join(target, safe), bytes)) {
        await link(join(target, safe), destination);
        unchanged += 1;
      } else {
        await writeFile(destination, bytes);
        written += 1;
      }
    }
    const hadPrevious = await stat(target).then(
      () => true,
      () => false,
    );
    if (hadPrevious) await rename(target, retired);
    await rename(staging, target);
    if (hadPrevious) await rm(retired, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new WriteError(`Could not write the site to \`${outDir}\`; the previous site is unchanged`, { cause: error });
  }
  return { written, unchanged };
}

/** Rejects any output path that is absolute or climbs out of the output folder. */
export function safeOutputPath(path: string): string {
  const normal = posix.normalize(path);
  if (path === "" || posix.isAbsolute(path) || normal.startsWith("../") || normal === ".." || normal.includes("\0")) {
    throw new Error(`Internal error: output path \`${path}\` is outside the output folder.`);
  }
  return normal;
}

async function sameBytes(path: string, bytes: Uint8Array): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile() || info.size !== bytes.byteLength) return false;
  const existing = await readFile(path);
  return existing.equals(bytes);
}
