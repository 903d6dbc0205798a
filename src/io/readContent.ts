import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Diagnostic } from "../types.ts";

/** A content file decoded to text, or the reason it could not be. */
export interface ContentFile {
  /** Path relative to the content folder, with `/` separators. */
  readonly file: string;
  readonly text: string | null;
  readonly diagnostics: readonly Diagnostic[];
}

const SKIPPED_DIRS = new Set(["node_modules", ".git"]);
const READ_BATCH = 64;

/**
 * Finds every `*.md` under `dir`, recursively, in path order. Symlinked
 * folders are followed once each, so symlink loops end.
 */
export async function listMarkdownFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const visited = new Set<string>();
  const walk = async (folder: string): Promise<void> => {
    const real = await realpath(folder);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".") || SKIPPED_DIRS.has(entry.name)) continue;
      const path = join(folder, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await stat(path).catch(() => null);
        isDir = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDir) await walk(path);
      else if (isFile && entry.name.toLowerCase().endsWith(".md")) found.push(path);
    }
  };
  await walk(dir);
  return found.sort();
}

/**
 * Reads and decodes one content file. Binary and non-UTF-8 files come back
 * with `text: null` and a diagnostic saying where the bad byte is.
 */
export async function readContentFile(dir: string, path: string): Promise<ContentFile> {
  const file = relative(dir, path).split("\\").join("/");
  const bytes = await readFile(path);
  const problem = (line: number, column: number, code: string, message: string): ContentFile => ({
    file,
    text: null,
    diagnostics: [{ file, line, column, severity: "error", code, message }],
  });
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const { line, column } = positionOfByte(bytes, nul);
    return problem(
      line,
      column,
      "not-text",
      "File is binary (it contains a NUL byte), not a markdown text file; it is skipped.",
    );
  }
  try {
    return { file, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), diagnostics: [] };
  } catch {
    const bad = firstInvalidUtf8Byte(bytes);
    const { line, column } = positionOfByte(bytes, bad);
    return problem(
      line,
      column,
      "not-utf8",
      `File is not valid UTF-8 (bad byte at offset ${bad}); save it as UTF-8. It is skipped.`,
    );
  }
}

/** Reads every markdown file under `dir`. */
export async function readContent(dir: string): Promise<ContentFile[]> {
  const info = await lstat(dir).catch(() => null);
  if (info === null) throw new Error(`Content folder \`${dir}\` does not exist.`);
  const paths = await listMarkdownFiles(dir);
  const files: ContentFile[] = [];
  // A few at a time: opening thousands at once fails with EMFILE under the usual
  // open-file limits (1024 on Linux, 256 on macOS).
  for (let start = 0; start < paths.length; start += READ_BATCH) {
    const batch = paths.slice(start, start + READ_BATCH);
    files.push(...(await Promise.all(batch.map((path) => readContentFile(dir, path)))));
  }
  return files;
}

function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index += 1) {
    if (bytes[index] === 0x0a) {
      line += 1;
      lineStart = index + 1;
    }
  }
  const column = new TextDecoder().decode(bytes.subarray(lineStart, offset)).length + 1;
  return { line, column };
}

function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  // The longest decodable prefix ends at most 3 bytes before the bad byte.
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid - 1;
    }
  }
  // A streaming decode accepts an unfinished sequence at the end, so step back to its lead byte (issue #6).
  let start = low;
  while (start > 0 && start > low - 4) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, start));
      break;
    } catch {
      start -= 1;
    }
  }
  return start;
}
