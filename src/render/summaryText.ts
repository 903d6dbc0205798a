import type { Root } from "mdast";
import type { Plugin } from "unified";
import { visit } from "unist-util-visit";

// Summaries are Korean prose written by a model, not HTML authors: what markdown would
// read as markup there is mostly text the writer meant to show.

const TAG_NAME = /<\/?([A-Za-z][A-Za-z0-9-]*)/g;

/**
 * Whether raw HTML is markup a page may keep (each tag one the sanitiser allows, or a
 * comment, which hides text on purpose). Anything else, such as the `<think>` and
 * `<solution>` a summary names as tokens, the sanitiser would drop with its tag names, so
 * it is shown as text instead.
 */
function isAllowedHtml(html: string, allowedTags: ReadonlySet<string>): boolean {
  if (html.startsWith("<!--")) return true;
  let tags = 0;
  for (const [, name] of html.matchAll(TAG_NAME)) {
    if (!allowedTags.has((name as string).toLowerCase())) return false;
    tags += 1;
  }
  return tags > 0;
}

// GFM's bare links run to the next space, so a Korean particle written right after a URL
// (`…/PeriodWave에서`, five times in the real sample) became part of it, and the link
// broke. The link ends where Hangul follows a letter or digit, unless a `/` comes after
// (a Korean path such as `/wiki/강화학습` stays whole).
const PARTICLE_AFTER_LINK = /(?<=[A-Za-z0-9])[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF][^/]*$/u;

function splitParticles(tree: Root, source: string): void {
  visit(tree, "link", (link, index, parent) => {
    const start = link.position?.start.offset;
    const only = link.children[0];
    // Bare links only: `[text](url)` and `<url>` say where they end.
    if (start === undefined || source[start] === "[" || source[start] === "<") return;
    if (parent === undefined || index === undefined || link.children.length !== 1 || only?.type !== "text") return;
    const particle = PARTICLE_AFTER_LINK.exec(only.value)?.[0];
    if (particle === undefined || !link.url.endsWith(particle)) return;
    only.value = only.value.slice(0, -particle.length);
    link.url = link.url.slice(0, -particle.length);
    parent.children.splice(index + 1, 0, { type: "text", value: particle });
  });
}

/** Nodes whose children are inline content (the rest hold blocks). */
const PHRASING_PARENTS = new Set<string>([
  "paragraph",
  "heading",
  "tableCell",
  "emphasis",
  "strong",
  "delete",
  "link",
  "linkReference",
]);

/** Unified plugin: HTML the sanitiser would drop becomes text, and bare links end before a Korean particle. */
export const remarkSummaryText: Plugin<[ReadonlySet<string>], Root> = (allowedTags) => (tree, file) => {
  visit(tree, "html", (node, index, parent) => {
    if (isAllowedHtml(node.value, allowedTags) || parent === undefined || index === undefined) return;
    const text = { type: "text", value: node.value } as const;
    // A block of HTML stands where a paragraph could: its text becomes one.
    parent.children[index] = PHRASING_PARENTS.has(parent.type) ? text : { type: "paragraph", children: [text] };
  });
  splitParticles(tree, String(file.value));
};
