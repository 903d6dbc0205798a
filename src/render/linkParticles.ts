import type { Root } from "mdast";
import type { Plugin } from "unified";
import { visit } from "unist-util-visit";

// GFM's bare links run to the next space, so a Korean particle written right after a URL
// (`…/PeriodWave에서`, five lines of the real sample) became part of it and the link
// broke. The link ends where Hangul follows a letter or digit in its last path segment;
// Hangul right after a `/` (`/wiki/강화학습`) or before one (`/a모델/b`) is a Korean path.
// Only the part after the last `/` is searched, and the first match runs to its end, so
// the search is linear in the link's length.
const PARTICLE = /(?<=[A-Za-z0-9])[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF].*$/su;

/** Unified plugin: a bare link ends before a Korean particle written right after it. */
export const remarkLinkParticles: Plugin<[], Root> = () => (tree, file) => {
  const source = String(file.value);
  visit(tree, "link", (link, index, parent) => {
    const start = link.position?.start.offset;
    const only = link.children[0];
    // Bare links only: `[text](url)` and `<url>` say where they end.
    if (start === undefined || source[start] === "[" || source[start] === "<") return;
    if (parent === undefined || index === undefined || link.children.length !== 1 || only?.type !== "text") return;
    const lastSegment = only.value.slice(only.value.lastIndexOf("/") + 1);
    const particle = PARTICLE.exec(lastSegment)?.[0];
    if (particle === undefined || !link.url.endsWith(particle)) return;
    only.value = only.value.slice(0, -particle.length);
    link.url = link.url.slice(0, -particle.length);
    parent.children.splice(index + 1, 0, { type: "text", value: particle });
  });
};
