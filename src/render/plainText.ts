import type { Element, Root } from "hast";

/** The elements a sanitised summary may hold that sit inside a line of text; the others are blocks. */
const PHRASING_ELEMENTS = new Set([
  "a",
  "b",
  "code",
  "del",
  "em",
  "i",
  "ins",
  "kbd",
  "q",
  "rp",
  "rt",
  "ruby",
  "s",
  "samp",
  "span",
  "strike",
  "strong",
  "sub",
  "sup",
  "tt",
  "var",
]);

/** The footnotes' screen-reader heading and back links: a page's furniture, not the summary's words. */
function isFootnoteFurniture(element: Element): boolean {
  const { className } = element.properties;
  return Array.isArray(className) && (className.includes("sr-only") || className.includes("data-footnote-backref"));
}

/**
 * The text a reader sees of a sanitised summary, on one line: a space between blocks,
 * `1. ` before each item of a numbered list and `· ` between the items of any list, which
 * a page shows as numbers and bullets.
 */
export function textOfTree(tree: Root): string {
  const parts: string[] = [];
  const walk = (node: Root | Root["children"][number]) => {
    if (node.type === "text") parts.push(node.value);
    if (node.type === "element") {
      if (isFootnoteFurniture(node)) return;
      if (node.tagName === "br") parts.push(" ");
      if (node.tagName === "ol" || node.tagName === "ul") {
        const start = Number(node.properties.start ?? 1);
        let number = Number.isInteger(start) ? start : 1;
        let item = 0;
        for (const child of node.children) {
          if (child.type !== "element" || child.tagName !== "li") {
            walk(child);
            continue;
          }
          // `<li value="10">` numbers itself and the items after it, as a page does.
          const value = Number(child.properties.value);
          if (Number.isInteger(value)) number = value;
          parts.push(item === 0 ? " " : " · ", node.tagName === "ol" ? `${number}. ` : "");
          walk(child);
          item += 1;
          number += 1;
        }
        parts.push(" ");
        return;
      }
    }
    if ("children" in node) for (const child of node.children) walk(child);
    if (node.type === "element" && !PHRASING_ELEMENTS.has(node.tagName)) parts.push(" ");
  };
  walk(tree);
  return parts.join("").replace(/\s+/g, " ").trim();
}
