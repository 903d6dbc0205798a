import rehypeRaw from "rehype-raw";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";

// GitHub's schema (no script, style, iframe or event handlers; href/src limited to
// safe protocols), minus images from summaries: media is shown from the entry's own field.
const schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => tag !== "img" && tag !== "picture"),
  protocols: { ...defaultSchema.protocols, href: ["http", "https", "mailto"] },
};

/** The pipeline, with GFM (tables, strikethrough, autolink literals, footnotes, task lists) or not. */
function pipeline(gfm: boolean, html: boolean) {
  const parse = unified().use(remarkParse);
  // singleTilde off: Korean summaries write ranges as `8% ~ 30%`, which is not strikethrough.
  const markdown = gfm ? parse.use(remarkGfm, { singleTilde: false }) : parse;
  const toHtml = html
    ? // Parsing raw HTML is the slow path, so only text that contains `<` takes it.
      markdown.use(remarkRehype, { allowDangerousHtml: true }).use(rehypeRaw)
    : markdown.use(remarkRehype);
  return toHtml.use(rehypeSanitize, schema).use(rehypeStringify);
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
  return renderWith(MAY_BE_GFM.test(markdown) ? pipelines.gfm : pipelines.commonMark, markdown);
}

/** Renders through the GFM pipeline always, as `renderWithPipeline` did for all text before. */
export function renderWithGfm(markdown: string): string {
  return renderWith(pipelines.gfm, markdown);
}

function renderWith({ plain, withHtml }: (typeof pipelines)["gfm"], markdown: string): string {
  const processor = markdown.includes("<") ? withHtml : plain;
  return String(processor.processSync(markdown)).trim();
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
  return single?.[1] !== undefined && !single[1].includes("<p>") ? single[1] : html;
}
