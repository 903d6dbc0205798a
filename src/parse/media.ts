import type { Media } from "../types.ts";
import { withoutZeroWidth } from "./controlCharacters.ts";

const HF_ORIGIN = "https://huggingface.co";

/**
 * Resolves a media URL from content. Relative paths (the `/avatars/...svg`
 * fallback thumbnails) resolve against huggingface.co; anything that is not
 * http(s) afterwards is refused with `null`.
 */
export function resolveMediaUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim(), HF_ORIGIN);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  return url.href;
}

const VIDEO_SRC = /<video\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const VIDEO_SOURCE_SRC = /<video\b[^>]*>[\s\S]*?<source\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const IMG_TAG = /<img\b[^>]*>/i;
const IMG_SRC = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const IMG_ALT = /\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;

/** Finds the `src` of the first `<video>` in raw HTML, or of the first `<source>` inside it. */
export function findVideoSrc(html: string): string | null {
  return attributeValue(VIDEO_SRC.exec(html) ?? VIDEO_SOURCE_SRC.exec(html));
}

/** Finds the `src` and `alt` of the first `<img>` in raw HTML. */
export function findImage(html: string): { src: string; alt: string } | null {
  const match = IMG_TAG.exec(html);
  const src = match === null ? null : attributeValue(IMG_SRC.exec(match[0]));
  return src === null ? null : { src, alt: attributeValue(IMG_ALT.exec(match?.[0] ?? "")) ?? "" };
}

/** The attribute value a match of `VIDEO_SRC`, `IMG_ALT` and the like found, however it was quoted. */
function attributeValue(match: RegExpExecArray | null): string | null {
  return match ? (match[1] ?? match[2] ?? match[3] ?? null) : null;
}

// Files a browser plays in <video>, not <img>: a 2023 file gives a QuickTime clip as an image.
const VIDEO_FILE = /\.(?:mp4|m4v|mov|qt|webm|ogv)$/i;

/**
 * Builds a media record, or `null` when the URL is unusable. A video file given as an
 * image (`![](clip.qt)`) is a video: as an image it would show broken.
 * @param alt what the file says the image shows, kept when not empty
 */
export function makeMedia(kind: Media["kind"], raw: string, alt = ""): Media | null {
  const url = resolveMediaUrl(raw);
  if (url === null) return null;
  const media: Media = { kind: kind === "image" && VIDEO_FILE.test(new URL(url).pathname) ? "video" : kind, url };
  const said = withoutZeroWidth(alt).trim();
  return said === "" ? media : { ...media, alt: said };
}

/**
 * Whether pages, feeds and search may show media: https only, since an http image or video
 * would be mixed content on GitHub Pages. The parser warns of the rest.
 */
export function isPublishable(media: Media): boolean {
  return media.url.startsWith("https://");
}
