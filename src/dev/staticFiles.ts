import { stat } from "node:fs/promises";
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";

// A module script served with any other type is refused (Chromium: "Expected a JavaScript
// module script"), and images and fonts without theirs may not show.
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".gif": "image/gif",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".pdf": "application/pdf",
  ".wasm": "application/wasm",
};

/** The Content-Type for a file, by extension (in any case). */
export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** Where a request maps in the output folder, or why it does not. */
export type OutputFileLookup =
  | { readonly kind: "file"; readonly file: string }
  | { readonly kind: "outside-base" }
  | { readonly kind: "bad-path" }
  /** A path no static host maps to a file: an encoded slash or backslash (GitHub Pages answers 404). */
  | { readonly kind: "missing" };

/**
 * Maps a URL path to a file of the built site, as a static host serving it under
 * `basePath` would: `dir/` is `dir/index.html`. Never resolves outside `outDir`: a
 * prefix test would let `/base/..%2Fsibling/x` reach sibling folders.
 * @param outDir the output folder (absolute or relative)
 * @param basePath the base path with leading and trailing slash
 * @param urlPath the request's path, still percent-encoded
 */
export async function lookupOutputFile(outDir: string, basePath: string, urlPath: string): Promise<OutputFileLookup> {
  if (!urlPath.startsWith(basePath)) return { kind: "outside-base" };
  let inside: string;
  try {
    inside = decodeURIComponent(urlPath.slice(basePath.length));
  } catch {
    return { kind: "bad-path" };
  }
  const root = resolve(outDir);
  const file = resolve(join(root, inside));
  if (!isWithin(root, file) || inside.includes("\0")) return { kind: "bad-path" };
  if (/%(?:2f|5c)/i.test(urlPath)) return { kind: "missing" };
  // A path ending in `/`, or a missing one without an extension (a page asked for without
  // its trailing slash), names a folder's page even when the folder is missing (no build has
  // written it yet), so a failed build's overlay shows there instead of a 404; a missing
  // image or script stays only missing.
  const names = inside === "" || inside.endsWith("/");
  const info = names ? null : await stat(file).catch(() => null);
  const page = names || (info?.isDirectory() ?? extname(inside) === "");
  return { kind: "file", file: page ? join(file, "index.html") : file };
}

/**
 * Whether `path` is `root` or under it (both resolved): what the output folder may serve
 * and what the watcher counts as a source. `..name` is a name inside; only `..` leads out.
 */
export function isWithin(root: string, path: string): boolean {
  const inside = relative(root, path);
  return inside !== ".." && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}
