import type { Code, Heading, Html, ListItem, Root, RootContent } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkFrontmatter from "remark-frontmatter";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { closedBidi } from "../bidi.ts";
import type { DayKey, DayNote, Diagnostic, PaperEntry, PaperId, ParsedFile, Severity } from "../types.ts";
import { readArxivLink } from "./arxiv.ts";
import { replaceControlCharacters } from "./controlCharacters.ts";
import { dayFromPath, EMPTY_FRONT_MATTER, type FrontMatter, readFrontMatter, validDayKey } from "./frontMatter.ts";
import { type InlineHeading, inlineHeadings, readPaperHeading } from "./headings.ts";
import { guardPathologicalText } from "./limits.ts";
import { type PaperDraft, readPaperBody } from "./paperBody.ts";
import { scanSimpleBlocks } from "./simpleBlocks.ts";

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

/** The file's blocks as micromark reads them (inline syntax aside, see above). */
export function micromarkBlocks(source: string): Root {
  return blockParser.parse(source);
}

const DAY_HEADING = /daily\s+papers\s*\(\s*([^)]*?)\s*\)/i;
/** A link's text that names no paper: `[PDF](…)`, `[Paper](…)`, `[논문](…)`. */
const GENERIC_LINK_TEXT = /^(?:pdf|paper|arxiv|abs(?:tract)?|code|link|project(?: page)?|논문|원문|코드|링크)$/i;
/** A heading line's first link target. */
const HEADING_LINK_LINE = /^ {0,3}#{1,6}[ \t]+.*?\]\(\s*<?([^)\s>]+)/;
/** Whether a line starts a paper heading: `### [Title](https://arxiv.org/abs/…)`, at any level. */
const isPaperHeadingLine = (line: string) => {
  const target = HEADING_LINK_LINE.exec(line)?.[1];
  return target !== undefined && readArxivLink(target).ok;
};

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
    const at = lines.findIndex((line, index) => index > 0 && isPaperHeadingLine(line));
    if (at < 0) return;
    const comment = node.type === "html" && /^\s*<!--/.test(node.value);
    const last = (lines[lines.length - 1] ?? "").trim();
    // A comment or fence that closes hides its papers on purpose. Any other HTML block (`<div>`,
    // `<p align>`) ends only at a blank line, and shows a heading inside it as text.
    if (node.type === "code" ? lines.length > 1 && /^(`{3,}|~{3,})$/.test(last) : comment && last.endsWith("-->"))
      return;
    const start = node.position?.start.line ?? 1;
    const [what, close] =
      node.type === "code"
        ? ["code block", "its closing fence (```)"]
        : comment
          ? ["HTML comment", "its end (`-->`)"]
          : ["HTML block", "a blank line (an HTML block ends at one)"];
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
      // A deeper heading that is nothing but a title linked to another paper's abstract, in a
      // day's section, is a paper whose `#` was doubled (`#### [Title](https://arxiv.org/abs/…)`);
      // left to the paper above, it joined its sections and took its vote. One with more text, a
      // link of another form or to the paper it is in, or a word for a title (`#### [PDF](…)`,
      // `#### 참고: [CoT](…)`) is part of that paper.
      const isPaper =
        paper.ok &&
        (node.depth === 3 ||
          (paper.extra === null &&
            paper.warning === null &&
            !GENERIC_LINK_TEXT.test(paper.title) &&
            draft?.id !== paper.id));
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
