import { htmlTagNames } from "html-tag-names";
import type { Root } from "mdast";
import type { Plugin } from "unified";
import { visit } from "unist-util-visit";
import { VOID_ELEMENTS } from "../voidElements.ts";

/**
 * Elements whose parsing swallows or moves what follows them (`<template>` hides the rest
 * of its paragraph, `<textarea>` reads markup as text) or that a summary names as a model's
 * tokens (`<search>`, `<output>`, LLaVA's `<image>`, which HTML reads as `<img>`): shown as
 * text, as if they named no element.
 */
const LITERAL_ELEMENTS = [
  "data",
  "image",
  "noscript",
  "output",
  "plaintext",
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
/** A tag's start: whether it closes, and its name. */
const ANY_TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)/g;

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
  for (const [, , name] of html.replace(HIDDEN, "").matchAll(ANY_TAG))
    if (!HTML_ELEMENTS.has((name as string).toLowerCase())) return true;
  return false;
}

/** One tag alone, with no attributes: `<s>`, `</s>`, `<Map>`. */
const BARE_TAG = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)\s*\/?>$/;
/** Elements a summary names as a model's tokens when it writes them bare and unpaired: `</s>`, `<video>` frames. */
const TOKEN_ELEMENTS = new Set(["s", "video", "audio"]);

/**
 * Whether an inline HTML node is a model's token rather than markup: one bare tag that
 * nothing in the text pairs with, of an element summaries name as tokens (the end of a
 * sequence `</s>`, `<video>` frames, but not `</video>` left over from a player) or written
 * with a capital (`List<Map>`, `Array<Object>`: HTML is written in lower case, and `<B>…</B>`
 * pairs); or a bare `<img>`, which shows nothing.
 * @param opened how many tags of each element (lower case) the text opens, and `closed` closes
 */
function isToken(html: string, opened: ReadonlyMap<string, number>, closed: ReadonlyMap<string, number>): boolean {
  const match = BARE_TAG.exec(html.trim());
  if (match === null) return false;
  const closing = match[1] === "/";
  const written = match[2] as string;
  const name = written.toLowerCase();
  if (name === "img") return !closing;
  // A void element is never paired, so a bare one (`<BR>`) is markup all the same.
  if (VOID_ELEMENTS.has(name) || (closing && (name === "video" || name === "audio"))) return false;
  if (!TOKEN_ELEMENTS.has(name) && !/[A-Z]/.test(written)) return false;
  return ((closing ? opened : closed).get(name) ?? 0) === 0;
}

/** Unified plugin: raw HTML that names no HTML element, or is a model's token, is shown as the text it is. */
export const remarkLiteralTags: Plugin<[], Root> = () => (tree) => {
  const opened = new Map<string, number>();
  const closed = new Map<string, number>();
  visit(tree, "html", (node) => {
    for (const [, slash, name] of node.value.replace(HIDDEN, "").matchAll(ANY_TAG)) {
      const counts = slash === "/" ? closed : opened;
      const key = (name as string).toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  visit(tree, "html", (node, index, parent) => {
    if (parent === undefined || index === undefined) return;
    if (!namesNoElement(node.value) && !isToken(node.value, opened, closed)) return;
    const text = { type: "text", value: node.value } as const;
    // A block of HTML stands where a paragraph could: its text becomes one.
    parent.children[index] = PHRASING_PARENTS.has(parent.type) ? text : { type: "paragraph", children: [text] };
  });
};
