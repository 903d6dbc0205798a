import { htmlTagNames } from "html-tag-names";
import type { Root } from "mdast";
import type { Plugin } from "unified";
import { visit } from "unist-util-visit";

/**
 * Elements whose parsing swallows or moves what follows them (`<template>` hides the rest
 * of its paragraph, `<textarea>` reads markup as text) or that a summary names as a model's
 * tokens (`<search>`, `<output>`, LLaVA's `<image>`, the end of a sequence `</s>`): shown
 * as text, as if they named no element.
 */
const LITERAL_ELEMENTS = [
  "data",
  "image",
  "noscript",
  "output",
  "plaintext",
  "s",
  "search",
  "select",
  "template",
  "textarea",
  "title",
  "xmp",
];
const HTML_ELEMENTS: ReadonlySet<string> = new Set(htmlTagNames.filter((name) => !LITERAL_ELEMENTS.includes(name)));
/** Comments and CDATA hide their text on purpose, whatever tags they mention. */
const HIDDEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g;
const TAG_NAME = /<\/?([A-Za-z][A-Za-z0-9-]*)/g;

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

/**
 * Whether raw HTML names a tag no HTML element has: summaries are written by a model, and
 * `<think>`, `<solution>` or `<HYBNEXT>` there are tokens it writes about (three lines of the
 * real sample), which the sanitiser would drop with their names. Real elements (`<u>`,
 * `<img>`, `<script>`) are left to the sanitiser, which keeps or unwraps or drops them.
 */
function namesNoElement(html: string): boolean {
  for (const [, name] of html.replace(HIDDEN, "").matchAll(TAG_NAME)) {
    // A capital in the name is a type or a token (`List<Map>`, `Array<Object>`), as HTML is written in lower case.
    if (!HTML_ELEMENTS.has((name as string).toLowerCase()) || /[A-Z]/.test(name as string)) return true;
  }
  return false;
}

/**
 * Media elements that show nothing without attributes: `<video>`, `<audio>` or `<img>` bare
 * (or their closing tag, with no such element opened with attributes in the same text) is a
 * model's token (`<video>` frames, `<audio>` tokens) that the sanitiser would drop.
 */
const BARE_MEDIA_TAG = /^<\/?(video|audio|img)\s*\/?>$/i;
const MEDIA_WITH_ATTRIBUTES = /<(video|audio|img)\s[^<>]*>/gi;

/** Unified plugin: raw HTML that names no HTML element is shown as the text it is. */
export const remarkLiteralTags: Plugin<[], Root> = () => (tree) => {
  const mediaInUse = new Set<string>();
  visit(tree, "html", (node) => {
    for (const [, name] of node.value.matchAll(MEDIA_WITH_ATTRIBUTES)) mediaInUse.add((name as string).toLowerCase());
  });
  const isBareMedia = (html: string) => {
    const name = BARE_MEDIA_TAG.exec(html.trim())?.[1]?.toLowerCase();
    return name !== undefined && !mediaInUse.has(name);
  };
  visit(tree, "html", (node, index, parent) => {
    if (parent === undefined || index === undefined || !(namesNoElement(node.value) || isBareMedia(node.value))) return;
    const text = { type: "text", value: node.value } as const;
    // A block of HTML stands where a paragraph could: its text becomes one.
    parent.children[index] = PHRASING_PARENTS.has(parent.type) ? text : { type: "paragraph", children: [text] };
  });
};
