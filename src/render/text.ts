import { isPublishable } from "../parse/media.ts";
import type { Media } from "../types.ts";

/**
 * Escapes text for HTML and XML alike (element content and quoted attributes), and
 * drops the characters XML 1.0 forbids: a feed with one of them would not parse.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** The media a page, feed or search result may show (see `isPublishable`), or null. */
export function publishableMedia(media: Media | null): Media | null {
  return media !== null && isPublishable(media) ? media : null;
}
