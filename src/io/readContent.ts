import { isUtf8 } from "node:buffer";
import { readFileSync } from "node:fs";
import { lstat, stat } from "node:fs/promises";
import { relative } from "node:path";
import { errorReason } from "../errors.ts";
import type { Diagnostic } from "../types.ts";
import { isIgnoredName } from "./ignoredNames.ts";
import { listFilesSync } from "./listFiles.ts";

/**
 * What a content file's stat says about its bytes: while all four stay the same, so do
 * the bytes (git's index trusts the same fields). Any write or rename sets the change time
 * (`ctimeMs`) to the current time, and nothing sets it back.
 */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** Whether two stamps are of the same bytes (see `FileStamp`). */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/**
 * A content file's bytes, or the reason they are no text, or the key of its unchanged
 * bytes; or a folder under the content folder that could not be listed (see `file`).
 */
export interface ContentFile {
  /** Path relative to the content folder, with `/` separators; a folder's ends with `/`. */
  readonly file: string;
  /**
   * The bytes, checked to be UTF-8 text (`contentText` decodes them); null when they are
   * not (see `diagnostics`) or were not read (see `key`). Decoded only when parsed: a file
   * whose bytes a parsed record was made from needs only their key (issue #5: on a fresh
   * checkout every stamp is new, and decoding every file was 0.48 s of adding a day at ten
   * years).
   */
  readonly bytes: Uint8Array | null;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The file's stat taken before it was read, when it had not changed for `settleMs`
   * before this read began: only such a stamp can vouch for the bytes (see `readContent`).
   */
  readonly stamp: FileStamp | null;
  /** The key `keyOf` gave for this stamp: the file was not read, its bytes are the ones the key was made from. */
  readonly key?: string;
}

/** How `readContent` may skip files whose stamp is unchanged since they were last read. */
export interface StampOptions {
  /**
   * The key of the bytes a file had when it last had this stamp, if known. A file with a key
   * is not read (its `text` is null).
   */
  readonly keyOf?: (file: string, stamp: FileStamp) => string | undefined;
  /** Milliseconds a file must have been unchanged for its stamp to count; default `SETTLE_MS`. */
  readonly settleMs?: number;
}

/**
 * A stamp vouches for the bytes only if a later write must change it. A write sets the
 * change time to the current time rounded down to the file system's tick (up to 2 s on
 * FAT, 1 s on ext3 and HFS+), so a file changed within one tick of a read could keep its
 * stamp: git calls such entries "racily clean". Files changed within this margin before a
 * read are therefore always read again.
 */
export const SETTLE_MS = 2000;

/**
 * Finds every `*.md` under `dir`, recursively, in path order, following symlinks as the
 * templates and assets are (`listFilesSync`: a link back to a folder it is in is not
 * followed, so a loop ends). What `isIgnoredName` names is skipped (dot-files, dot-folders
 * such as `.git`, `node_modules`, editors' leftovers).
 */
export function listMarkdownFiles(
  dir: string,
  unreadable?: (folder: string, error: NodeJS.ErrnoException) => void,
): string[] {
  // Broken links too: reading one fails, and says so (`unreadable`), where it was skipped unseen.
  return listFilesSync(dir, isIgnoredName, unreadable, true).filter((path) => path.toLowerCase().endsWith(".md"));
}

/** A content file's text: its bytes (checked by `readContentFile`) decoded, a leading BOM dropped. */
export function contentText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

const utf8 = new TextDecoder("utf-8");

/**
 * Reads one content file and checks that it is text. Binary and non-UTF-8 files come
 * back with `bytes: null` and a diagnostic saying where the bad byte is.
 */
export function readContentFile(dir: string, path: string, stamp: FileStamp | null = null): ContentFile {
  const file = contentPath(dir, path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    // One file the build may not read (its permissions, or deleted since it was listed)
    // must not stop the rest of the site.
    return skipped(
      file,
      1,
      1,
      "unreadable",
      `File could not be read (${errorReason(error)}); check that it exists and that its permissions let you read it. It is skipped.`,
    );
  }
  /** The file skipped for the byte at `offset`, its line and column given. */
  const skippedAt = (offset: number, code: string, message: string) => {
    const { line, column } = positionOfByte(bytes, offset);
    return skipped(file, line, column, code, message);
  };
  const nul = bytes.indexOf(0);
  if (nul !== -1)
    return skippedAt(
      nul,
      "not-text",
      "File is binary (it contains a NUL byte), not a markdown text file; it is skipped.",
    );
  // Checked without decoding, which only a parse needs: 20 times faster.
  if (isUtf8(bytes)) return { file, bytes, diagnostics: [], stamp };
  const bad = firstInvalidUtf8Byte(bytes);
  return skippedAt(
    bad,
    "not-utf8",
    `File is not valid UTF-8 (bad byte at offset ${bad}); save it as UTF-8. It is skipped.`,
  );
}

/**
 * Reads every markdown file under `dir`, except those `keyOf` knows by their stamp.
 * Each file is stat'ed before it is read, so a write during the read changes the stamp
 * the next build compares with.
 *
 * The stats go through the thread pool, a few at a time: every build takes every file's,
 * and on a file system where each call waits (NFS, a Docker Desktop or WSL mount) they
 * overlap, and a dev server's event loop stays free meanwhile. The files to read (changed
 * ones; every one after a fresh checkout) are read one at a time with sync calls: the 3,650
 * files of ten years took 60 to 90 ms against 110 to 170 ms with callbacks and 155 to
 * 380 ms with fs/promises, 64 at a time (issue #5), where they were just checked out or
 * read before and so are in the page cache.
 */
export async function readContent(dir: string, options: StampOptions = {}): Promise<ContentFile[]> {
  const info = await lstat(dir).catch(() => null);
  if (info === null) throw new Error(`Content folder \`${dir}\` does not exist.`);
  const settledBefore = Date.now() - (options.settleMs ?? SETTLE_MS);
  // A folder under it the build may not list is reported, and the rest of the site still
  // builds; the content folder itself is not (that would build a site without a day).
  const unlisted: ContentFile[] = [];
  let paths: string[];
  try {
    paths = listMarkdownFiles(dir, (folder, error) => {
      const message = `Folder could not be listed (${errorReason(error)}); check that its permissions let you read it. The files in it are skipped.`;
      unlisted.push(skipped(`${contentPath(dir, folder)}/`, 1, 1, "unreadable", message));
    });
  } catch (error) {
    throw new Error(
      `Content folder \`${dir}\` could not be listed (${errorReason(error)}); check that its permissions let you read it.`,
    );
  }
  const stamps: (FileStamp | null)[] = [];
  // A few at a time: thousands at once fail with EMFILE under the usual open-file limits
  // (1024 on Linux, 256 on macOS).
  for (let start = 0; start < paths.length; start += STAT_BATCH) {
    const batch = paths.slice(start, start + STAT_BATCH);
    stamps.push(...(await Promise.all(batch.map((path) => stampOf(path, settledBefore)))));
  }
  const files = paths.map((path, index): ContentFile => {
    const stamp = stamps[index] ?? null;
    const file = contentPath(dir, path);
    const key = stamp === null ? undefined : options.keyOf?.(file, stamp);
    return key === undefined ? readContentFile(dir, path, stamp) : { file, bytes: null, diagnostics: [], stamp, key };
  });
  return [...files, ...unlisted];
}

const STAT_BATCH = 64;

/** A content file (or a folder, its path ending in `/`) that is skipped for one problem. */
function skipped(file: string, line: number, column: number, code: string, message: string): ContentFile {
  return { file, bytes: null, diagnostics: [{ file, line, column, severity: "error", code, message }], stamp: null };
}

/** A content file's path as records and messages give it: relative to `dir`, `/`-separated. */
function contentPath(dir: string, path: string): string {
  return relative(dir, path).split("\\").join("/");
}

/** The file's stamp, or null when it changed at or after `settledBefore` (or cannot be stat'ed). */
async function stampOf(path: string, settledBefore: number): Promise<FileStamp | null> {
  const stats = await stat(path).catch(() => null);
  if (stats === null || Math.max(stats.mtimeMs, stats.ctimeMs) >= settledBefore) return null;
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
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
  // The longest decodable prefix ends at most 3 bytes before the bad byte. A decoder of
  // its own for each prefix: one left mid-sequence by a streaming decode carries those
  // bytes into its next, and the offset came out a byte early.
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
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
