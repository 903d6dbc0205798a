import type { Code, Heading, Html, Link, List, ListItem, PhrasingContent, Root, RootContent } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkFrontmatter from "remark-frontmatter";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { closedBidi } from "../bidi.ts";
import type {
  DayKey,
  DayNote,
  Diagnostic,
  LabelledSection,
  Media,
  PaperEntry,
  PaperId,
  ParsedFile,
  Severity,
  StandardSection,
} from "../types.ts";
import { arxivAbsUrl, readArxivLink } from "./arxiv.ts";
import { parseAuthors } from "./authors.ts";
import { replaceControlCharacters } from "./controlCharacters.ts";
import { dayFromPath, EMPTY_FRONT_MATTER, type FrontMatter, readFrontMatter, validDayKey } from "./frontMatter.ts";
import { guardPathologicalText } from "./limits.ts";
import { findImage, findVideoSrc, makeMedia } from "./media.ts";
import { readPythonStringList } from "./pythonList.ts";
import { matchSectionLabel } from "./sectionLabel.ts";
import { scanSimpleBlocks } from "./simpleBlocks.ts";
import { scanSimpleHeading } from "./simpleHeading.ts";

// The file is read for its block structure only: text is taken from source slices, so
// parsing emphasis, links and the like in every summary would be wasted work (it was
// half the parse time on a year of files, issue #5). Headings, where inline syntax
// does matter, are parsed again in full by `inlineHeadings`. Most files and headings are
// plain enough for `scanSimpleBlocks` and `scanSimpleHeading` to read without micromark.
const INLINE_CONSTRUCTS = [
  "attention",
  "autolink",
  "characterEscape",
  "characterReference",
  "codeText",
  "hardBreakEscape",
  "htmlText",
  "labelEnd",
  "labelStartImage",
  "labelStartLink",
];
const blockParser = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ["yaml"])
  .data("micromarkExtensions", [{ disable: { null: INLINE_CONSTRUCTS } }]);
const headingParser = unified().use(remarkParse);

/** The file's blocks as micromark reads them (inline syntax aside, see above). */
export function micromarkBlocks(source: string): Root {
  return blockParser.parse(source);
}

/** A heading with its inline content parsed, and where its source starts in the parsed text. */
interface InlineHeading {
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
function inlineHeadings(headings: readonly Heading[], source: string): Map<Heading, InlineHeading> {
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

const DAY_HEADING = /daily\s+papers\s*\(\s*([^)]*?)\s*\)/i;
/** A link destination, with balanced parentheses (`fig_(1).png`) as CommonMark allows. */
const DESTINATION = String.raw`<?((?:[^()\s<>]|\([^()\s]*\))+)>?`;
const IMAGE = String.raw`!\[([^\]]*)\]\(\s*${DESTINATION}(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)`;
// A thumbnail alone on its line, or linked to a paper's page on Hugging Face or arXiv
// (`[![thumb](…png)](https://huggingface.co/papers/…)`); an image linked elsewhere (a badge) is text.
const PAPER_PAGE = String.raw`<?https?:\/\/(?:www\.)?(?:huggingface\.co|arxiv\.org)\/[^()\s<>]*>?`;
const IMAGE_LINE = new RegExp(String.raw`^(?:${IMAGE}|\[${IMAGE}\]\(\s*${PAPER_PAGE}(?:\s+"[^"]*")?\s*\))$`, "i");
const VIDEO_LINK_LINE = /^\[([^\]]*video[^\]]*)\]\(\s*<?([^)\s>]+)>?\s*\)$/i;
/** A video link's text that says nothing of its own. */
const PLAIN_VIDEO_LINK_TEXT = /^\s*(?:watch\s+)?(?:the\s+)?video\s*$/i;
/**
 * A `Vote: 12` or `Authors: …` line, its label also in bold or italics that close around it
 * (`**Vote**: 12`, `**Vote:** 12`, `_Vote_: 12`); the value is group `value`, its own emphasis kept.
 */
const metaLine = (label: string) =>
  new RegExp(
    String.raw`^(?:(?<around>[*_]{1,2})${label}\k<around>\s*[:：]|(?<after>[*_]{1,2})${label}\s*[:：]\k<after>|${label}\s*[:：])\s*(?<value>.*)$`,
    "i",
  );
const VOTE_LINE = metaLine("votes?");
const AUTHORS_LINE = metaLine("authors?");
/** A line that starts a paper heading: `### [Title](https://arxiv.org/…)`, at any level. */
const PAPER_HEADING_LINE = /^ {0,3}#{1,6}[ \t]+.*\]\(\s*<?https?:\/\/(?:www\.)?(?:arxiv\.org|huggingface\.co)\//i;
/** The lines `readMetaLines` takes for media, votes or authors (HTML media start with `<`, which `authorsGoOn` stops at). */
const META_LINES = [IMAGE_LINE, VIDEO_LINK_LINE, VOTE_LINE, AUTHORS_LINE];
const NO_VOTE = /^(?:-+|—|–|n\/?a|none|)$/i;

/** A paper whose heading has been read and whose body blocks are being collected. */
interface PaperDraft {
  readonly heading: Heading;
  readonly id: PaperId;
  readonly title: string;
  readonly date: DayKey | null;
  readonly blocks: RootContent[];
  /** Heading text outside the arXiv link, kept as the first `extra` item. */
  readonly headingExtra: string | null;
}

/**
 * Parses one daily digest file into paper records, notes and diagnostics.
 * Never throws and never touches the filesystem.
 * @param text the file's text (a leading BOM is ignored; CRLF is fine)
 * @param file the content-relative path, used in records and messages only
 */
export function parseDayFile(text: string, file: string): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  const report = (severity: Severity, code: string, line: number, column: number, message: string) =>
    diagnostics.push({ file, line, column, severity, code, message });
  const cleaned = replaceControlCharacters(text.replace(/^\uFEFF/, ""));
  for (const found of cleaned.found) {
    const more = found.count > 1 ? ` (and ${found.count - 1} more on this line)` : "";
    report(
      "warning",
      "control-character",
      found.line,
      found.column,
      `Control character ${found.codePoint}${more} cannot appear in a web page or feed, so it is shown as \uFFFD. Delete it, or write the character that was meant (a backspace often stands where \`\\b\` was typed).`,
    );
  }
  // Pathological shapes are blanked before micromark sees them (issue #6).
  const guarded = guardPathologicalText(cleaned.text);
  for (const problem of guarded.problems) report("error", problem.code, problem.line, problem.column, problem.message);
  if (guarded.text === null) return { file, title: null, entries: [], notes: [], diagnostics };
  // Line endings become LF so multi-line fields of CRLF and CR-only files hold no `\r`;
  // lines and columns are unchanged.
  const source = guarded.text.replace(/\r\n?/g, "\n");

  let tree: Root;
  try {
    // Most files are plain enough to be read line by line, and micromark reads the rest.
    tree = scanSimpleBlocks(source) ?? micromarkBlocks(source);
  } catch (error) {
    report("error", "markdown-unreadable", 1, 1, `Internal error: the markdown parser failed (${String(error)}).`);
    return { file, title: null, entries: [], notes: [], diagnostics };
  }

  const headings = inlineHeadings(
    tree.children.filter((node): node is Heading => node.type === "heading"),
    source,
  );
  const inlineHeading = (node: Heading): InlineHeading =>
    headings.get(node) ?? { heading: node, markdown: sliceOf(node), base: node.position?.start.offset ?? 0 };

  let frontMatter: FrontMatter = EMPTY_FRONT_MATTER;
  let paperTagLines: ReadonlyMap<PaperId, number> = new Map();
  let fileTagsLine: number | null = null;
  const notes: DayNote[] = [];
  if (tree.children[0]?.type === "yaml") {
    const read = readFrontMatter(source);
    frontMatter = read.frontMatter;
    paperTagLines = read.paperTagLines;
    fileTagsLine = read.fileTagsLine;
    for (const problem of read.problems)
      report(problem.severity, problem.code, problem.line, problem.column, problem.message);
    // Front matter that is not a mapping is reported there and kept here (review finding 6).
    if (read.unread !== null)
      notes.push({ date: null, markdown: read.unread.markdown, source: { file, line: read.unread.line } });
  }

  const pathDay = dayFromPath(file);
  const fallbackDay = frontMatter.date ?? pathDay;
  const entries: PaperEntry[] = [];
  const seen = new Set<string>();
  const headingIds = new Set<PaperId>();
  /** Each valid day heading's date and place, for the check against the file's name. */
  const headingDays: { day: DayKey; line: number; column: number }[] = [];
  let undatedEntries = 0;

  let day: DayKey | null = fallbackDay;
  let inDaySection = true;
  let draft: PaperDraft | null = null;
  let noteBlocks: RootContent[] = [];
  // Set when the note's blocks are already covered by a warning, so no `outside-paper` info is added.
  let noteCovered = false;

  const sliceOf = (node: RootContent | ListItem) =>
    source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
  /** The markdown from the start of `first` to the end of `last`, trimmed. */
  const markdownBetween = (first: RootContent, last: RootContent) =>
    source.slice(first.position?.start.offset ?? 0, last.position?.end.offset ?? 0).trim();

  /**
   * An HTML comment or code fence left open runs to the end of the file, and every paper
   * after it was read as that block's text: a comment's hid them from the page without a word.
   */
  const warnIfHidesHeading = (node: Html | Code) => {
    const lines = sliceOf(node).split("\n");
    const at = lines.findIndex((line, index) => index > 0 && PAPER_HEADING_LINE.test(line));
    // A comment or fence that closes (`-->`, a closing tag, a closing fence) hides the paper on purpose.
    const last = (lines[lines.length - 1] ?? "").trim();
    const closes =
      node.type === "code" ? lines.length > 1 && /^(`{3,}|~{3,})$/.test(last) : /(?:-->|<\/[^<>]+>)$/.test(last);
    if (at < 0 || closes) return;
    const start = node.position?.start.line ?? 1;
    const what = node.type === "code" ? "code block" : "HTML block or comment";
    const close = node.type === "code" ? "its closing fence (```)" : "its end (`-->` for a comment)";
    report(
      "warning",
      "heading-hidden",
      start + at,
      1,
      `This line looks like a paper heading but is inside the ${what} that starts at line ${start}, so neither it nor what follows it in that block is read as a paper. If the block was left open, add ${close} before this line.`,
    );
  };

  const flushNote = () => {
    if (noteBlocks.length === 0) return;
    const first = noteBlocks[0] as RootContent;
    const last = noteBlocks[noteBlocks.length - 1] as RootContent;
    const markdown = markdownBetween(first, last);
    const line = first.position?.start.line ?? 1;
    const date = inDaySection ? day : null;
    if (markdown !== "") {
      notes.push({ date, markdown, source: { file, line } });
      if (date === null && !noteCovered) {
        const endLine = last.position?.end.line ?? line;
        report(
          "info",
          "outside-paper",
          line,
          1,
          `Lines ${line}–${endLine} belong to no paper or day (for example a README wrapper); they are kept as notes and not published.`,
        );
      }
    }
    noteBlocks = [];
    noteCovered = false;
  };

  const flushPaper = () => {
    if (draft === null) return;
    const current = draft;
    draft = null;
    const line = current.heading.position?.start.line ?? 1;
    const column = current.heading.position?.start.column ?? 1;
    /** Keeps the text of a paper that is not published, as an unpublished note. */
    const keepAsNote = () => {
      const last = current.blocks[current.blocks.length - 1] ?? current.heading;
      notes.push({ date: null, markdown: markdownBetween(current.heading, last), source: { file, line } });
    };
    if (current.date === null) {
      // One error per paper at its heading, and its text kept (review finding 11).
      undatedEntries += 1;
      keepAsNote();
      report(
        "error",
        "no-date",
        line,
        column,
        `Paper ${current.id} has no date and is skipped (its text is kept as an unpublished note): add a \`## Daily Papers (YYYY-MM-DD)\` heading, a front-matter \`date\`, or put YYYY-MM-DD in the file name.`,
      );
      return;
    }
    const key = `${current.date} ${current.id}`;
    if (seen.has(key)) {
      keepAsNote();
      report(
        "error",
        "duplicate-paper",
        line,
        column,
        `Paper ${current.id} appears twice on ${current.date}; this second entry is skipped (its text is kept as an unpublished note). Remove one of them, or merge what the second says into the first.`,
      );
      return;
    }
    seen.add(key);
    const tags = [...frontMatter.fileTags];
    for (const tag of frontMatter.paperTags.get(current.id) ?? []) if (!tags.includes(tag)) tags.push(tag);
    entries.push(readPaperBody(current, tags, { file, source, sliceOf, report }));
  };

  for (const node of tree.children) {
    if (node.type === "yaml") continue;
    if (node.type === "html" || node.type === "code") warnIfHidesHeading(node);
    if (node.type === "heading" && node.depth <= 2) {
      flushPaper();
      flushNote();
      const headingText = mdastToString(inlineHeading(node).heading);
      const match = DAY_HEADING.exec(headingText);
      if (match) {
        const heading = validDayKey(match[1] ?? "");
        const { line = 1, column = 1 } = node.position?.start ?? {};
        const besides = headingText.replace(DAY_HEADING, "").replace(/\s+/g, " ").trim();
        if (heading === null) {
          report(
            "error",
            "day-heading-date",
            line,
            column,
            `Day heading date \`${match[1]}\` is not a real date; expected \`## Daily Papers (YYYY-MM-DD)\`. Using ${fallbackDay ?? "no date"} instead.`,
          );
        } else if (frontMatter.date !== null && frontMatter.date !== heading) {
          report(
            "warning",
            "day-mismatch",
            line,
            column,
            `Day heading says ${heading} but front matter \`date\` says ${frontMatter.date}; the heading wins.`,
          );
        }
        if (heading !== null) headingDays.push({ day: heading, line, column });
        day = heading ?? fallbackDay;
        inDaySection = true;
        if (/[\p{L}\p{N}]/u.test(besides)) {
          notes.push({ date: day, markdown: besides, source: { file, line } });
          report(
            "info",
            "heading-extra-text",
            line,
            column,
            `Day heading has text besides \`Daily Papers (${match[1]})\` (\`${besides}\`); it is shown as a note on that day.`,
          );
        }
        continue;
      }
      inDaySection = false;
      const misplaced = readPaperHeading(inlineHeading(node));
      if (misplaced.ok) {
        // A paper heading one level too high was an easy-to-miss info (review finding 12).
        const { line = 1, column = 1 } = node.position?.start ?? {};
        report(
          "warning",
          "paper-heading-level",
          line,
          column,
          `Heading links arXiv ${misplaced.id} but is a level-${node.depth} heading; use \`### [Title](https://arxiv.org/abs/ID)\` for papers. It and the text under it are kept as an unpublished note.`,
        );
        noteCovered = true;
      }
      noteBlocks.push(node);
      continue;
    }
    if (node.type === "heading" && (node.depth === 3 || inDaySection)) {
      const paper = readPaperHeading(inlineHeading(node));
      // A deeper heading that is nothing but a link to another paper, in a day's section, is a
      // paper whose `#` was doubled (`#### [Title](…)`); left to the paper above, it joined its
      // sections and took its vote. One with more text, or a link to the paper it is in
      // (`#### [PDF](…)`, `#### 참고: [CoT](…)`), is part of that paper.
      const isPaper =
        paper.ok && (node.depth === 3 || (paper.extra === null && (draft as PaperDraft | null)?.id !== paper.id));
      if (paper.ok && isPaper) {
        flushPaper();
        flushNote();
        headingIds.add(paper.id);
        const { line = 1, column = 1 } = node.position?.start ?? {};
        if (node.depth > 3)
          report(
            "warning",
            "paper-heading-level",
            line,
            column,
            `Heading links arXiv ${paper.id} but is a level-${node.depth} heading; it is read as a paper. Use \`### [Title](https://arxiv.org/abs/ID)\` for papers.`,
          );
        const title = closedBidi(paper.title, `The title of ${paper.id}`, (message) =>
          report("warning", "bidi-unclosed", line, column, message),
        );
        draft = { heading: node, id: paper.id, title, date: day, blocks: [], headingExtra: paper.extra };
        if (paper.warning) report("warning", "arxiv-link-form", line, column, paper.warning);
        if (paper.extra !== null) {
          report(
            "info",
            "heading-extra-text",
            line,
            column,
            `Paper heading has text besides its arXiv link (\`${paper.extra}\`); it is kept in the paper's extra text, not in the title.`,
          );
        }
        continue;
      }
      if (!paper.ok && node.depth === 3 && inDaySection) {
        flushPaper();
        flushNote();
        const { line = 1, column = 1 } = node.position?.start ?? {};
        report(
          "error",
          "arxiv-link",
          line,
          column,
          `Paper heading has ${paper.reason}; expected \`### [Title](https://arxiv.org/abs/ID)\`. The entry is skipped and its text kept as a note.`,
        );
        noteBlocks.push(node);
        continue;
      }
    }
    if (draft !== null) draft.blocks.push(node);
    else noteBlocks.push(node);
  }
  flushPaper();
  flushNote();

  // A file copied from the day before, its heading not updated, left the day it is named for
  // empty. A file of several days names one of them (or a range, whose last day is taken).
  const firstHeading = headingDays[0];
  if (
    firstHeading !== undefined &&
    frontMatter.date === null &&
    pathDay !== null &&
    !headingDays.some(({ day }) => day === pathDay)
  )
    report(
      "warning",
      "day-mismatch",
      firstHeading.line,
      firstHeading.column,
      `Day heading says ${firstHeading.day} but the file's name says ${pathDay}, and no day heading of the file does; the heading wins. Correct whichever is wrong.`,
    );

  for (const [id, line] of paperTagLines) {
    if (headingIds.has(id)) continue;
    report(
      "warning",
      "front-matter-tags",
      line,
      1,
      `\`tags\` in front matter names paper ${id}, which has no heading in this file; its tags are not used.`,
    );
  }
  if (entries.length === 0 && fileTagsLine !== null && frontMatter.fileTags.length > 0)
    report(
      "warning",
      "front-matter-tags",
      fileTagsLine,
      1,
      "`tags` in front matter tag every paper of this file, and it has none to publish; they are not used.",
    );
  if (entries.length === 0 && undatedEntries === 0 && !diagnostics.some((d) => d.severity === "error")) {
    report("warning", "no-papers", 1, 1, "No paper found: expected `### [Title](https://arxiv.org/abs/ID)` headings.");
  }
  return { file, title: frontMatter.title, entries, notes, diagnostics };
}

type HeadingRead =
  | { ok: true; id: PaperId; title: string; warning: string | null; extra: string | null }
  | { ok: false; reason: string };

/**
 * Reads the id and title from a paper heading. Text around the link and other links
 * (`### [Title](…) (ICLR 2025)`) come back as `extra`, the heading's markdown without the
 * link: they go to the entry's `extra` rather than the title, which is used for sorting
 * and search and should stay the paper's own title (review finding 8).
 */
function readPaperHeading({ heading, markdown, base }: InlineHeading): HeadingRead {
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

interface BodyContext {
  readonly file: string;
  readonly source: string;
  readonly sliceOf: (node: RootContent | ListItem) => string;
  readonly report: (severity: Severity, code: string, line: number, column: number, message: string) => void;
}

/** Reads media, votes, authors and summary sections from the blocks under a paper heading. */
function readPaperBody(draft: PaperDraft, tags: string[], context: BodyContext): PaperEntry {
  const { file, sliceOf, report } = context;
  let media: Media | null = null;
  let votes: number | null = null;
  let authors: string[] = [];
  const standard: Record<StandardSection, string | null> = {
    whatsNew: null,
    technicalDetails: null,
    performanceHighlights: null,
  };
  const otherSections: { label: string; text: string; after: StandardSection | null }[] = [];
  let lastStandard: StandardSection | null = null;
  const bullets: string[] = [];
  const extra: string[] = draft.headingExtra === null ? [] : [draft.headingExtra];
  let sawVote = false;
  let sawAuthors = false;
  // The section a following unlabelled list continues, e.g. `1) ...` lines
  // right under `- **Technical Details**: ...:` (2024-07 files).
  let openSection: { append: (text: string) => void } | null = null;

  const setMedia = (kind: Media["kind"], raw: string, line: number, column: number, alt?: string): boolean => {
    const made = makeMedia(kind, raw, alt);
    if (made === null) {
      report("warning", "media-url", line, column, `Media URL \`${raw}\` is not an http(s) URL; it is not shown.`);
      return true;
    }
    if (media === null) {
      media = made;
      return true;
    }
    // The same media again (`[Watch Video](url)` and then a `<video src=url>`) is taken as read,
    // unless it says something of its own.
    return media.url === made.url && (made.alt === undefined || made.alt === media.alt);
  };

  /** Reports a second `Vote:`/`Authors:` line; returns false so the line is kept as extra text. */
  const reportRepeated = (label: string, code: string, line: number, column: number): false => {
    report(
      "warning",
      code,
      line,
      column,
      `Paper ${draft.id} has a second \`${label}:\` line; the first is used and this one is kept as extra text.`,
    );
    return false;
  };

  for (const block of draft.blocks) {
    const start = block.position?.start ?? { line: 1, column: 1 };
    if (block.type === "paragraph") {
      openSection = null;
      const leftover = readMetaLines(sliceOf(block), start.line, start.column, {
        image: (url, line, column, alt) => setMedia("image", url, line, column, alt),
        video: (url, line, column, alt) => setMedia("video", url, line, column, alt),
        votes: (value, line, column) => {
          // A second Vote line used to replace the first silently (review finding 9).
          if (sawVote) return reportRepeated("Vote", "vote-repeated", line, column);
          sawVote = true;
          const read = readVotes(value);
          if (read === "unreadable") {
            report(
              "error",
              "vote-unreadable",
              line,
              column,
              `\`Vote: ${value}\` is not a number; expected \`Vote: 12\` or \`Vote: -\`. The paper is published without a vote count.`,
            );
          } else votes = read;
          return true;
        },
        authors: (value, line, column) => {
          if (sawAuthors) return reportRepeated("Authors", "authors-repeated", line, column);
          sawAuthors = true;
          authors = parseAuthors(value).map((name) =>
            closedBidi(name, `Author \`${name}\``, (message) =>
              report("warning", "bidi-unclosed", line, column, message),
            ),
          );
          return true;
        },
      });
      if (leftover.trim() !== "") extra.push(leftover.trim());
      continue;
    }
    if (block.type === "html") {
      openSection = null;
      const html = (block as Html).value;
      // Only a block of nothing but tags is pure media; a caption beside the video stays (review finding 10).
      const media = htmlMedia(html, start.line, start.column, {
        image: (url, line, column, alt) => setMedia("image", url, line, column, alt),
        video: (url, line, column, alt) => setMedia("video", url, line, column, alt),
      });
      if (media && isMediaOnly(html)) continue;
      extra.push(sliceOf(block).trim());
      continue;
    }
    if (block.type === "list") {
      const list = block as List;
      // A numbered list under a section is its continuation even when its items are
      // bold-labelled (2024-08 files: `1. **Tokenizer**: ...`); only What's New, Technical
      // Details and Performance Highlights start sections from a numbered list.
      const labelOf = (item: ListItem) => {
        const label = matchSectionLabel(itemMarkdown(item, sliceOf));
        return list.ordered && label?.standard === null ? null : label;
      };
      const hasLabel = list.children.some((item) => labelOf(item) !== null);
      if (!hasLabel && openSection !== null) {
        openSection.append(sliceOf(block).trim());
        continue;
      }
      for (const item of list.children) {
        const markdown = itemMarkdown(item, sliceOf);
        const label = labelOf(item);
        if (label === null) {
          if (markdown.trim() !== "") bullets.push(markdown.trim());
          openSection = null;
          continue;
        }
        const text = sectionText(label.rest);
        const itemStart = item.position?.start ?? start;
        if (label.standard !== null) {
          const field = label.standard;
          if (standard[field] !== null) {
            report(
              "warning",
              "section-repeated",
              itemStart.line,
              itemStart.column,
              `Section \`${label.label}\` appears twice in paper ${draft.id}; the texts are joined.`,
            );
            standard[field] = `${standard[field]}\n\n${text}`;
          } else standard[field] = text;
          lastStandard = field;
          openSection = { append: (more) => (standard[field] = `${standard[field] ?? ""}\n\n${more}`.trim()) };
        } else {
          const section = { label: label.label, text, after: lastStandard };
          otherSections.push(section);
          report(
            "info",
            "section-label-unknown",
            itemStart.line,
            itemStart.column,
            `Section label \`${label.label}\` is not What's New, Technical Details or Performance Highlights; it is kept as an extra section.`,
          );
          openSection = { append: (more) => (section.text = `${section.text}\n\n${more}`.trim()) };
        }
      }
      continue;
    }
    openSection = null;
    const markdown = sliceOf(block).trim();
    if (markdown !== "") extra.push(markdown);
  }

  // A label with nothing after it (`- **What's New**:`) is no summary.
  const hasSummary =
    [standard.whatsNew, standard.technicalDetails, standard.performanceHighlights].some((text) => !!text?.trim()) ||
    otherSections.some((section) => section.text.trim() !== "") ||
    bullets.length > 0;
  const { line, column } = draft.heading.position?.start ?? { line: 1, column: 1 };
  if (!hasSummary) {
    report("warning", "no-summary", line, column, `Paper ${draft.id} has no summary bullets.`);
  }
  return {
    id: draft.id,
    date: draft.date as DayKey,
    title: draft.title,
    url: arxivAbsUrl(draft.id),
    votes,
    authors,
    whatsNew: standard.whatsNew,
    technicalDetails: standard.technicalDetails,
    performanceHighlights: standard.performanceHighlights,
    otherSections: otherSections as LabelledSection[],
    bullets,
    media,
    tags,
    extra,
    source: { file, line },
  };
}

interface MetaHandlers {
  /** Each media handler returns false when the line is not a duplicate of known media and should be kept as text. */
  image(url: string, line: number, column: number, alt?: string): boolean;
  video(url: string, line: number, column: number, alt?: string): boolean;
  /** Returns false when the line is a repeat to keep as text. */
  votes(value: string, line: number, column: number): boolean;
  authors(value: string, line: number, column: number): boolean;
}

/**
 * Reads the metadata lines of a paragraph one line at a time, because early
 * files put the thumbnail and `Authors:` on adjacent lines of one paragraph.
 * @returns the lines that were not metadata
 */
function readMetaLines(text: string, firstLine: number, firstColumn: number, on: MetaHandlers): string {
  const kept: string[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index += 1) {
    const rawLine = lines[index] as string;
    const line = firstLine + index;
    const trimmed = rawLine.trim();
    // The paragraph's slice starts after its first line's indent, which the column must count (review finding 11).
    const column = rawLine.length - rawLine.trimStart().length + (index === 0 ? firstColumn : 1);
    let match = IMAGE_LINE.exec(trimmed);
    const imageUrl = match?.[2] ?? match?.[4];
    if (imageUrl && on.image(imageUrl, line, column, match?.[1] ?? match?.[3])) continue;
    match = VIDEO_LINK_LINE.exec(trimmed);
    const linkText = match?.[1] ?? "";
    if (match?.[2] && on.video(match[2], line, column, PLAIN_VIDEO_LINK_TEXT.test(linkText) ? "" : linkText)) continue;
    // `<video src=...></video>` or `<img src=...>` on its own line is inline HTML inside a paragraph, not an HTML block.
    if (trimmed.startsWith("<") && htmlMedia(trimmed, line, column, on) && isMediaOnly(trimmed)) continue;
    match = VOTE_LINE.exec(trimmed);
    if (match && on.votes((match.groups?.value ?? "").trim(), line, column)) continue;
    match = AUTHORS_LINE.exec(trimmed);
    if (match) {
      // A long list wraps: `Authors: A, B,` and `C` on the next line, or a Python list over lines.
      let value = (match.groups?.value ?? "").trim();
      let next = index + 1;
      for (; next < lines.length && authorsGoOn(value, lines[next] as string); next += 1)
        value = `${value} ${(lines[next] as string).trim()}`;
      if (on.authors(value, line, column)) {
        index = next - 1;
        continue;
      }
    }
    kept.push(rawLine);
  }
  return kept.join("\n");
}

/**
 * Whether an `Authors:` value goes on to `next`, the paragraph's next line: the value ends with
 * a comma, or opens a Python list (`['A', `) it does not close, and `next` is names, not a
 * line `readMetaLines` reads for itself or markup (an image, HTML, a link, a list item).
 */
function authorsGoOn(value: string, next: string): boolean {
  const pythonList = /^\[\s*['"]/.test(value) && !value.endsWith("]");
  if (!pythonList && !value.endsWith(",")) return false;
  const line = next.trim();
  if (line === "" || META_LINES.some((meta) => meta.test(line))) return false;
  return pythonList ? !/^[<!#]/.test(line) : !/^[<![#>*+|-]|\]\(/.test(line);
}

/**
 * Takes the video, else the image, of raw HTML (`<video src>` or its `<source>`, `<img src>`,
 * also inside a `<div align="center">`) as the paper's media.
 * @returns whether it was taken (false also when there is none)
 */
function htmlMedia(html: string, line: number, column: number, on: Pick<MetaHandlers, "image" | "video">): boolean {
  const video = findVideoSrc(html);
  if (video !== null) return on.video(video, line, column);
  const image = findImage(html);
  return image !== null && on.image(image.src, line, column, image.alt);
}

/**
 * Whether raw HTML is one image or video and nothing else a reader could lose: no text outside
 * its tags, no comment with words, no second image or video (whose `src` and `alt` would go).
 */
function isMediaOnly(html: string): boolean {
  return !hasText(html) && (html.match(/<(?:img|video)\b/gi)?.length ?? 0) <= 1;
}

/** True when raw HTML has text outside its tags, or a comment with words. */
function hasText(html: string): boolean {
  // A comment that says something is kept with the block it is in (pages hide it; the record keeps it).
  if (/<!--(?:(?!-->)[^\p{L}\p{N}])*[\p{L}\p{N}]/u.test(html)) return true;
  return (
    html
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<[^<>]*>/g, "")
      .trim() !== ""
  );
}

function readVotes(value: string): number | null | "unreadable" {
  if (NO_VOTE.test(value)) return null;
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)$/.exec(value);
  if (!match?.[1]) return "unreadable";
  const count = Number(match[1].replaceAll(",", ""));
  return Number.isSafeInteger(count) ? count : "unreadable";
}

/** The markdown of a list item without its marker, continuation lines dedented. */
function itemMarkdown(item: ListItem, sliceOf: (node: ListItem) => string): string {
  const raw = sliceOf(item);
  const [firstLine = "", ...rest] = raw.split("\n");
  const head = firstLine.replace(/^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/, "");
  const contentColumn = item.children[0]?.position?.start.column ?? 3;
  const indent = new RegExp(`^ {0,${Math.max(contentColumn - 1, 0)}}`);
  return [head, ...rest.map((line) => expandIndentTabs(line).replace(indent, ""))].join("\n");
}

/** A line with the tabs of its indent as the spaces they stand for (to the next multiple of 4, as in CommonMark). */
function expandIndentTabs(line: string): string {
  if (!/^ *\t/.test(line)) return line;
  const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
  let width = 0;
  for (const character of indent) width = character === "\t" ? width + 4 - (width % 4) : width + 1;
  return " ".repeat(width) + line.slice(indent.length);
}

/** Section text as markdown; a Python list of strings becomes a markdown list. */
function sectionText(rest: string): string {
  const text = rest.trim();
  const items = readPythonStringList(text);
  if (items === null || items.length === 0) return text;
  return items.map((item) => `- ${item.replace(/\n/g, " ").trim()}`).join("\n");
}
