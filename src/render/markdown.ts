import type { Root as HastRoot } from "hast";
import rehypeRaw from "rehype-raw";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { type Plugin, unified } from "unified";
import { visit } from "unist-util-visit";
import { remarkSummaryText } from "./summaryText.ts";

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
const ALLOWED_TAGS: ReadonlySet<string> = new Set(schema.tagNames);
/** The allowed elements that sit inside a line of text; the others are blocks, read with a space between. */
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
  "s",
  "samp",
  "span",
  "strike",
  "strong",
  "sub",
  "sup",
  "tt",
  "var",
  "rp",
  "rt",
  "ruby",
]);

/**
 * The sanitiser gives every `id` a `user-content-` prefix (so content cannot clobber the
 * page's own names), which left footnote links pointing at ids no longer there: a link
 * within the summary follows its target.
 */
const rehypeFragmentLinks: Plugin<[], HastRoot> = () => (tree) => {
  visit(tree, "element", (element) => {
    const href = element.properties.href;
    if (element.tagName === "a" && typeof href === "string" && href.startsWith("#") && href.length > 1)
      element.properties.href = `#user-content-${href.slice(1)}`;
  });
};

/** The pipeline, with GFM (tables, strikethrough, autolink literals, footnotes, task lists) or not. */
function pipeline(gfm: boolean, html: boolean) {
  const parse = unified().use(remarkParse);
  // singleTilde off: Korean summaries write ranges as `8% ~ 30%`, which is not strikethrough.
  const markdown = (gfm ? parse.use(remarkGfm, { singleTilde: false }) : parse).use(remarkSummaryText, ALLOWED_TAGS);
  const toHtml = html
    ? // Parsing raw HTML is the slow path, so only text that contains `<` takes it.
      markdown.use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw)
    : markdown.use(remarkRehype);
  return toHtml.use(rehypeSanitize, schema).use(rehypeFragmentLinks).use(rehypeStringify);
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

function renderWith(markdown: string, choice?: (typeof pipelines)["gfm"]): string {
  const { processor, tree } = sanitisedTree(markdown, choice);
  return String(processor.stringify(tree)).trim();
}

/** The sanitised tree a page shows of `markdown`, and the processor that made it. */
function sanitisedTree(markdown: string, choice = MAY_BE_GFM.test(markdown) ? pipelines.gfm : pipelines.commonMark) {
  const processor = markdown.includes("<") ? choice.withHtml : choice.plain;
  return { processor, tree: processor.runSync(processor.parse(markdown), markdown) };
}

/**
 * Renders summary markdown to sanitised HTML (memoised: summaries repeat across pages).
 * @param markdown text from a `PaperEntry` field
 */
export function renderMarkdown(markdown: string): string {
  const cached = cache.get(markdown);
  if (cached !== undefined) return cached;
  const html = renderPlainParagraph(markdown) ?? renderWithPipeline(markdown);
  if (cache.size > MEMO_LIMIT) cache.clear();
  cache.set(markdown, html);
  return html;
}

/** Renders markdown that should read as one inline run (no wrapping `<p>`). */
export function renderInlineMarkdown(markdown: string): string {
  const html = renderMarkdown(markdown);
  const single = /^<p>([\s\S]*)<\/p>$/.exec(html);
  // `<p align="left">` is a paragraph too: cutting the outer tags of `<p>a</p><p align…>b</p>` unbalances them.
  return single?.[1] !== undefined && !/<p[\s>]/.test(single[1]) ? single[1] : html;
}

/**
 * Markdown to one line of the text a reader sees, for descriptions, feeds and the search
 * index: the text of the page's own sanitised HTML (so `<think>`, `deep_v1` or
 * `[EoT](End of Text)`, which is no link, read as the page shows them), without the
 * footnotes' screen-reader heading and back links.
 */
export function markdownToPlainText(markdown: string): string {
  if (!MAY_BE_MARKUP.test(markdown)) return markdown.replace(/\s+/g, " ").trim();
  // A paper's description and its search record read the same text: run the pipeline once.
  const cached = plainCache.get(markdown);
  if (cached !== undefined) return cached;
  const plain = textOfTree(sanitisedTree(markdown).tree);
  if (plainCache.size > MEMO_LIMIT) plainCache.clear();
  plainCache.set(markdown, plain);
  return plain;
}

const plainCache = new Map<string, string>();

/** The text of a sanitised tree, a space between blocks, without the footnotes' screen-reader heading and back links. */
function textOfTree(tree: HastRoot): string {
  const parts: string[] = [];
  const walk = (node: HastRoot | HastRoot["children"][number]) => {
    if (node.type === "text") parts.push(node.value);
    if (node.type === "element") {
      const { className } = node.properties;
      if (Array.isArray(className) && (className.includes("sr-only") || className.includes("data-footnote-backref")))
        return;
      if (node.tagName === "br") parts.push(" ");
    }
    if ("children" in node) for (const child of node.children) walk(child);
    if (node.type === "element" && !PHRASING_ELEMENTS.has(node.tagName)) parts.push(" ");
  };
  walk(tree);
  return parts.join("").replace(/\s+/g, " ").trim();
}
