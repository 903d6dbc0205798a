import type { Root as HastRoot } from "hast";
import rehypeRaw from "rehype-raw";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { SKIP, visit } from "unist-util-visit";
import { getOrMake } from "../getOrMake.ts";
import { remarkLinkParticles } from "./linkParticles.ts";
import { remarkLiteralTags } from "./literalTags.ts";
import { textOfTree } from "./plainText.ts";

// GitHub's schema (no script, style, iframe or event handlers; href/src limited to
// safe protocols), minus images from summaries: media is shown from the entry's own field.
// Also minus what GitHub allows without checking its URL: `<source srcset>`, `action`
// on any element, and schema.org's `itemprop`/`itemtype` (inert today, but no
// `javascript:` URL from content may reach a page; a security review found them).
const schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => !["img", "picture", "source"].includes(tag)),
  attributes: {
    ...defaultSchema.attributes,
    "*": (defaultSchema.attributes?.["*"] ?? []).filter((name) => name !== "action" && name !== "itemProp"),
    div: [],
  },
  protocols: { ...defaultSchema.protocols, href: ["http", "https", "mailto"] },
};

/** The pipeline, with GFM (tables, strikethrough, autolink literals, footnotes, task lists) or not. */
function pipeline(gfm: boolean, html: boolean) {
  const parse = unified().use(remarkParse);
  // singleTilde off: Korean summaries write ranges as `8% ~ 30%`, which is not strikethrough.
  // Only GFM makes bare links, which remarkLinkParticles looks at; it passes over the rest.
  const markdown = (gfm ? parse.use(remarkGfm, { singleTilde: false }) : parse)
    .use(remarkLinkParticles)
    .use(remarkLiteralTags);
  // No prefix here: the sanitiser gives every id its `user-content-` prefix (see linkFragments).
  const toHtml = html
    ? // Parsing raw HTML is the slow path, so only text that contains `<` takes it.
      markdown.use(remarkRehype, { allowDangerousHtml: true, clobberPrefix: "" }).use(rehypeRaw)
    : markdown.use(remarkRehype, { clobberPrefix: "" });
  return toHtml.use(rehypeImagesAsText).use(rehypeSanitize, schema).use(rehypeStringify);
}

/**
 * What a summary's images say, kept as text: the sanitiser drops images (a paper's media is
 * shown from its own field), and with them their alt text, which left a linked badge
 * (`[![GitHub stars](…)](…)`) an empty link. An image becomes its alt text, and a link still
 * without text shows its address.
 */
function rehypeImagesAsText() {
  return (tree: HastRoot) => {
    visit(tree, "element", (node, index, parent) => {
      if (node.tagName !== "img" || parent === undefined || index === undefined) return;
      const alt = typeof node.properties.alt === "string" ? node.properties.alt.trim() : "";
      parent.children.splice(index, 1, ...(alt === "" ? [] : [{ type: "text" as const, value: alt }]));
      return [SKIP, index];
    });
    visit(tree, "element", (node) => {
      const href = node.properties.href;
      if (node.tagName !== "a" || typeof href !== "string" || !/^https?:\/\//i.test(href)) return;
      if (textOfTree({ type: "root", children: node.children }).trim() === "")
        node.children = [{ type: "text", value: href }];
    });
  };
}

const pipelines = {
  gfm: { plain: pipeline(true, false), withHtml: pipeline(true, true) },
  commonMark: { plain: pipeline(false, false), withHtml: pipeline(false, true) },
};

// What any GFM extension can start from. Autolink literals are found in the text after
// escapes and character references are decoded (`a&#64;b.co`, `www\.x.y`), so `&` and `\`
// count too; a one-column table's delimiter row needs only `-:` or `:-`; a task box may
// hold any whitespace. Text without any of them parses the same without the extensions,
// in less than half the time, parsing being most of a summary's time in the pipeline
// (issue #5): 223 of the 502 summaries of the bench's 1x archive that take the pipeline,
// 19 of the 30 of the real sample files. test/render/markdown.test.ts checks this
// against the GFM pipeline.
const MAY_BE_GFM = /[~|@&\\]|:-|-:|\[\^|\[[\sx]\]|www\.|https?:/i;

// A summary is shown on its day page and its paper page, so each is rendered once per
// build. The memo lives as long as the process (the dev server's rebuilds share it) but
// is not saved with the build cache: since pages are kept by their papers (issue #5), a
// rebuild renders only the pages that changed, and loading and saving every summary's
// HTML cost a 10x archive about a second per build to save a tenth of that.
const cache = new Map<string, string>();
/** The plain text of each summary in `cache` that took the pipeline (see `markdownToPlainText`). */
const texts = new Map<string, string>();
/** The texts in `cache` with ids (footnotes, or HTML's `id` or `name`), which each page must scope. */
const namesTargets = new Set<string>();
/** Their HTML under each scope they were shown with, keyed by the scope, NUL and the text. */
const scopedCache = new Map<string, string>();
// Large enough to hold every summary of a 10x archive.
const MEMO_LIMIT = 250_000;

// Most summaries are one line of prose. Such a line renders to `<p>line</p>` with only
// `&` and `<` escaped, unless it has a character that can start markup, a block marker
// at its start, an autolink literal, or whitespace or control characters (`\p{Cc}`,
// NUL included) that markdown rewrites.
// test/render/markdown.test.ts checks this shortcut against the full pipeline.
const MAY_BE_MARKUP = /[\\`*_[\]<>&~@\p{Cc}]|^[\s#>+=|-]|^\d{1,9}[.)]|\s$|https?:|www\.|mailto:|xmpp:/iu;

/** The HTML of `markdown` when it is a single plain paragraph, else `null`. */
export function renderPlainParagraph(markdown: string): string | null {
  if (markdown === "" || MAY_BE_MARKUP.test(markdown)) return null;
  return `<p>${markdown}</p>`;
}

/** Renders through the whole unified pipeline, never taking the plain-paragraph shortcut. */
export function renderWithPipeline(markdown: string): string {
  return renderWith(markdown);
}

/** Renders through the GFM pipeline always, as `renderWithPipeline` did for all text before. */
export function renderWithGfm(markdown: string): string {
  return renderWith(markdown, pipelines.gfm);
}

function renderWith(markdown: string, choice?: (typeof pipelines)["gfm"], idScope = ""): string {
  const { processor, tree } = sanitisedTree(markdown, choice, idScope);
  return String(processor.stringify(tree)).trim();
}

const CONTENT_PREFIX = "user-content-";

/**
 * Points a summary's fragment links at its own elements, with `idScope` in their ids.
 * The sanitiser gives every id and name a `user-content-` prefix, so content cannot
 * clobber the page's own names, and the footnotes' links then pointed at ids no longer
 * there: a link to `#x` follows its target when the summary has an element
 * `user-content-x`; a link to an anchor of the page itself (`#top`) stays. And one page
 * shows many summaries (a day page every paper's three sections), each numbering its
 * footnotes from 1: a scope makes one summary's `user-content-fn-1` apart from another's.
 * @returns whether the summary names anything (then its HTML differs by scope)
 */
function linkFragments(tree: HastRoot, idScope: string): boolean {
  const prefix = idScope === "" ? CONTENT_PREFIX : `${CONTENT_PREFIX}${idScope}-`;
  const scoped = (value: string) =>
    value.startsWith(CONTENT_PREFIX) ? prefix + value.slice(CONTENT_PREFIX.length) : value;
  const ids = new Set<string>();
  visit(tree, "element", ({ properties }) => {
    for (const name of ["id", "name"] as const) {
      const value = properties[name];
      if (typeof value !== "string") continue;
      properties[name] = scoped(value);
      ids.add(properties[name]);
    }
    for (const name of ["ariaDescribedBy", "ariaLabelledBy"] as const) {
      const value = properties[name];
      if (Array.isArray(value)) properties[name] = value.map((token) => scoped(String(token)));
    }
  });
  if (ids.size === 0) return false;
  visit(tree, "element", (element) => {
    const href = element.properties.href;
    if (element.tagName !== "a" || typeof href !== "string" || !href.startsWith("#")) return;
    // `#x` as the summary wrote it, or `#user-content-x`, the sanitiser's name for it.
    const target = [prefix + href.slice(1), scoped(href.slice(1))].find((id) => ids.has(id));
    if (target !== undefined) element.properties.href = `#${target}`;
  });
  return true;
}

/**
 * The sanitised tree a page shows of `markdown`, its fragment links pointed (see
 * `linkFragments`), the processor that made it, and whether it names anything.
 */
function sanitisedTree(
  markdown: string,
  choice = MAY_BE_GFM.test(markdown) ? pipelines.gfm : pipelines.commonMark,
  idScope = "",
) {
  const processor = markdown.includes("<") ? choice.withHtml : choice.plain;
  const tree = processor.runSync(processor.parse(markdown), markdown);
  return { processor, tree, namesTargets: linkFragments(tree, idScope) };
}

/**
 * Renders summary markdown to sanitised HTML (memoised: summaries repeat across pages).
 * @param markdown text from a `PaperEntry` field
 * @param idScope what makes the ids of this text unique on any page that shows it (see
 *   `linkFragments`); the same text under the same scope gets the same ids on every page
 */
export function renderMarkdown(markdown: string, idScope = ""): string {
  const html = cache.get(markdown) ?? renderPlainParagraph(markdown) ?? renderFully(markdown).html;
  if (idScope === "" || !namesTargets.has(markdown)) return html;
  // Parsed again under the scope: few summaries name anything (footnotes, anchors).
  return getOrMake(scopedCache, `${idScope}\u0000${markdown}`, () => renderWith(markdown, undefined, idScope));
}

/**
 * Runs `markdown` through the pipeline once for both its HTML and its text (a paper's
 * page, description and search record all read it), and memoises them.
 */
function renderFully(markdown: string): { html: string; text: string } {
  const { processor, tree, namesTargets: names } = sanitisedTree(markdown);
  const html = String(processor.stringify(tree)).trim();
  const text = textOfTree(tree);
  if (cache.size > MEMO_LIMIT) {
    cache.clear();
    texts.clear();
    namesTargets.clear();
    scopedCache.clear();
  }
  cache.set(markdown, html);
  texts.set(markdown, text);
  if (names) namesTargets.add(markdown);
  return { html, text };
}

/** Renders markdown that should read as one inline run (no wrapping `<p>`); `idScope` as for `renderMarkdown`. */
export function renderInlineMarkdown(markdown: string, idScope = ""): string {
  const html = renderMarkdown(markdown, idScope);
  const single = /^<p>([\s\S]*)<\/p>$/.exec(html);
  // `<p align="left">` is a paragraph too: cutting the outer tags of `<p>a</p><p align…>b</p>` unbalances them.
  return single?.[1] !== undefined && !/<p[\s>]/.test(single[1]) ? single[1] : html;
}

/**
 * Markdown to one line of the text a reader sees, for descriptions, feeds and the search
 * index: the text of the page's own sanitised HTML (see `textOfTree`), so `<think>`,
 * `deep_v1` or `[EoT](End of Text)`, which is no link, read as the page shows them.
 */
export function markdownToPlainText(markdown: string): string {
  if (!MAY_BE_MARKUP.test(markdown)) return markdown.replace(/\s+/g, " ").trim();
  return texts.get(markdown) ?? renderFully(markdown).text;
}
