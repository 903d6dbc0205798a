import type { Heading, Link, PhrasingContent, RootContent } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkParse from "remark-parse";
import { unified } from "unified";
import type { PaperId } from "../types.ts";
import { readArxivLink } from "./arxiv.ts";
import { scanSimpleHeading } from "./simpleHeading.ts";

// Paper and day headings: their inline content (links, emphasis), read once per file.
const headingParser = unified().use(remarkParse);

/** A heading with its inline content parsed, and where its source starts in the parsed text. */
export interface InlineHeading {
  readonly heading: Heading;
  /** The heading's markdown source. */
  readonly markdown: string;
  /** Offset of `markdown` in the text the children's positions refer to. */
  readonly base: number;
}

/** A heading line's inline content as micromark reads it. */
export function micromarkHeading(markdown: string): RootContent | undefined {
  return headingParser.parse(markdown).children[0];
}

/**
 * Parses the inline content (links, emphasis, escapes) of every heading of the file:
 * the plain ones with `scanSimpleHeading`, the rest with micromark in one call, since
 * its setup cost per call is high, so one call per heading would cost more than the
 * inline parsing it saves.
 * @returns the fully parsed heading for each block-parsed heading node
 */
export function inlineHeadings(headings: readonly Heading[], source: string): Map<Heading, InlineHeading> {
  const result = new Map<Heading, InlineHeading>();
  const rest: { node: Heading; markdown: string }[] = [];
  for (const node of headings) {
    const markdown = source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
    const simple = scanSimpleHeading(markdown);
    if (simple === null) rest.push({ node, markdown });
    else result.set(node, { heading: { ...simple, position: node.position }, markdown, base: 0 });
  }
  if (rest.length === 0) return result;
  const parsed = headingParser.parse(rest.map(({ markdown }) => markdown).join("\n\n")).children;
  let base = 0;
  rest.forEach(({ node, markdown }, index) => {
    const together = parsed.length === rest.length ? parsed[index] : undefined;
    const heading = together ?? micromarkHeading(markdown);
    result.set(
      node,
      heading?.type === "heading"
        ? { heading: { ...heading, position: node.position }, markdown, base: together ? base : 0 }
        : { heading: node, markdown, base: node.position?.start.offset ?? 0 },
    );
    base += markdown.length + 2;
  });
  return result;
}

export type HeadingRead =
  | { ok: true; id: PaperId; title: string; warning: string | null; extra: string | null }
  | { ok: false; reason: string };

/**
 * Reads the id and title from a paper heading. Text around the link and other links
 * (`### [Title](…) (ICLR 2025)`) come back as `extra`, the heading's markdown without the
 * link: they go to the entry's `extra` rather than the title, which is used for sorting
 * and search and should stay the paper's own title (review finding 8).
 */
export function readPaperHeading({ heading, markdown, base }: InlineHeading): HeadingRead {
  const links = headingLinks(heading.children);
  if (links.length === 0) return { ok: false, reason: "no link" };
  let failure = "";
  for (const link of links) {
    const read = readArxivLink(link.url);
    if (!read.ok) {
      failure ||= read.reason;
      continue;
    }
    const linkTitle = mdastToString(link).replace(/\s+/g, " ").trim();
    const title = linkTitle || mdastToString(heading).trim();
    if (title === "") return { ok: false, reason: "an empty title" };
    const warning = read.exact
      ? null
      : `Link \`${link.url}\` is read as arXiv ${read.id}; prefer https://arxiv.org/abs/${read.id}.`;
    const from = (link.position?.start.offset ?? base) - base;
    const to = (link.position?.end.offset ?? base) - base;
    const rest = `${markdown.slice(0, from)} ${markdown.slice(to)}`
      .replace(/^[ \t]*#{1,6}[ \t]*/, "")
      .replace(/(?:^|[ \t]+)#+[ \t]*$/, "")
      .replace(/\s+/g, " ")
      .trim();
    // Emphasis around the link (`### **[Title](…)**`) is not extra text; nor is text used as the title.
    const extra = linkTitle === "" || rest.replace(/[*_\s]/g, "") === "" ? null : rest;
    return { ok: true, id: read.id, title, warning, extra };
  }
  return { ok: false, reason: `a malformed arXiv link (${failure})` };
}

/** The links of a heading, also those inside emphasis (`### **[Title](…)**`), in order. */
function headingLinks(children: readonly PhrasingContent[]): Link[] {
  return children.flatMap((child) =>
    child.type === "link"
      ? [child]
      : child.type === "strong" || child.type === "emphasis" || child.type === "delete"
        ? headingLinks(child.children)
        : [],
  );
}
