import type { Heading, Html, Link, List, ListItem, Root, RootContent } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";
import remarkFrontmatter from "remark-frontmatter";
import remarkParse from "remark-parse";
import { unified } from "unified";
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
} from "../types.ts";
import { arxivAbsUrl, readArxivLink } from "./arxiv.ts";
import { parseAuthors } from "./authors.ts";
import { dayFromPath, EMPTY_FRONT_MATTER, type FrontMatter, readFrontMatter, validDayKey } from "./frontMatter.ts";
import { guardPathologicalText } from "./limits.ts";
import { findVideoSrc, makeMedia } from "./media.ts";
import { readPythonStringList } from "./pythonList.ts";
import { matchSectionLabel, type StandardSection } from "./sectionLabel.ts";

// The file is read for its block structure only: text is taken from source slices, so
// parsing emphasis, links and the like in every summary would be wasted work (it was
// half the parse time on a year of files, issue #5). Headings, where inline syntax
// does matter, are parsed again in full by `inlineHeading`.
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

/**
 * Parses the inline content (links, emphasis, escapes) of every heading of the file in
 * one call: micromark's setup cost per call is high, so one call per heading would
 * cost more than the inline parsing it saves.
 * @returns the fully parsed heading for each block-parsed heading node
 */
function inlineHeadings(headings: readonly Heading[], source: string): Map<Heading, Heading> {
  const slices = headings.map((node) => source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0));
  const parsed = headingParser.parse(slices.join("\n\n")).children;
  const result = new Map<Heading, Heading>();
  headings.forEach((node, index) => {
    const together = parsed.length === headings.length ? parsed[index] : undefined;
    const heading = together ?? headingParser.parse(slices[index] ?? "").children[0];
    result.set(node, heading?.type === "heading" ? { ...heading, position: node.position } : node);
  });
  return result;
}

const DAY_HEADING = /daily\s+papers\s*\(\s*([^)]*?)\s*\)/i;
const IMAGE_LINE = /^!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)$/;
const VIDEO_LINK_LINE = /^\[[^\]]*video[^\]]*\]\(\s*<?([^)\s>]+)>?\s*\)$/i;
const VOTE_LINE = /^votes?\s*[:：]\s*(.*)$/i;
const AUTHORS_LINE = /^authors?\s*[:：]\s*(.*)$/i;
const NO_VOTE = /^(?:-+|—|–|n\/?a|none|)$/i;

/** A paper whose heading has been read and whose body blocks are being collected. */
interface PaperDraft {
  readonly heading: Heading;
  readonly id: PaperId;
  readonly title: string;
  readonly date: DayKey | null;
  readonly blocks: RootContent[];
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
  // Pathological shapes are blanked before micromark sees them (issue #6).
  const guarded = guardPathologicalText(text.replace(/^\uFEFF/, ""));
  for (const problem of guarded.problems) report("error", problem.code, problem.line, problem.column, problem.message);
  if (guarded.text === null) return { file, title: null, entries: [], notes: [], diagnostics };
  const source = guarded.text;

  let tree: Root;
  try {
    tree = blockParser.parse(source);
  } catch (error) {
    report("error", "markdown-unreadable", 1, 1, `Internal error: the markdown parser failed (${String(error)}).`);
    return { file, title: null, entries: [], notes: [], diagnostics };
  }

  const headings = inlineHeadings(
    tree.children.filter((node): node is Heading => node.type === "heading" && node.depth <= 3),
    source,
  );
  const inlineHeading = (node: Heading) => headings.get(node) ?? node;

  let frontMatter: FrontMatter = EMPTY_FRONT_MATTER;
  if (tree.children[0]?.type === "yaml") {
    const read = readFrontMatter(source);
    frontMatter = read.frontMatter;
    for (const problem of read.problems)
      report(problem.severity, problem.code, problem.line, problem.column, problem.message);
  }

  const fallbackDay = frontMatter.date ?? dayFromPath(file);
  const entries: PaperEntry[] = [];
  const notes: DayNote[] = [];
  const seen = new Set<string>();
  let undatedEntries = 0;

  let day: DayKey | null = fallbackDay;
  let inDaySection = true;
  let draft: PaperDraft | null = null;
  let noteBlocks: RootContent[] = [];

  const sliceOf = (node: RootContent | ListItem) =>
    source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);

  const flushNote = () => {
    if (noteBlocks.length === 0) return;
    const first = noteBlocks[0] as RootContent;
    const last = noteBlocks[noteBlocks.length - 1] as RootContent;
    const markdown = source.slice(first.position?.start.offset ?? 0, last.position?.end.offset ?? 0).trim();
    const line = first.position?.start.line ?? 1;
    const date = inDaySection ? day : null;
    if (markdown !== "") {
      notes.push({ date, markdown, source: { file, line } });
      if (date === null) {
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
  };

  const flushPaper = () => {
    if (draft === null) return;
    const current = draft;
    draft = null;
    const line = current.heading.position?.start.line ?? 1;
    const column = current.heading.position?.start.column ?? 1;
    if (current.date === null) {
      undatedEntries += 1;
      return;
    }
    const key = `${current.date} ${current.id}`;
    if (seen.has(key)) {
      report(
        "error",
        "duplicate-paper",
        line,
        column,
        `Paper ${current.id} appears twice on ${current.date}; this second entry is skipped. Remove one of them.`,
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
    if (node.type === "heading" && node.depth <= 2) {
      flushPaper();
      flushNote();
      const match = DAY_HEADING.exec(mdastToString(inlineHeading(node)));
      if (match) {
        const heading = validDayKey(match[1] ?? "");
        const { line = 1, column = 1 } = node.position?.start ?? {};
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
        day = heading ?? fallbackDay;
        inDaySection = true;
        continue;
      }
      inDaySection = false;
      noteBlocks.push(node);
      continue;
    }
    if (node.type === "heading" && node.depth === 3) {
      const paper = readPaperHeading(inlineHeading(node));
      if (paper.ok) {
        flushPaper();
        flushNote();
        draft = { heading: node, id: paper.id, title: paper.title, date: day, blocks: [] };
        if (paper.warning) {
          const { line = 1, column = 1 } = node.position?.start ?? {};
          report("warning", "arxiv-link-form", line, column, paper.warning);
        }
        continue;
      }
      if (inDaySection) {
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

  if (undatedEntries > 0) {
    report(
      "error",
      "no-date",
      1,
      1,
      `${undatedEntries} paper(s) have no date and are skipped: add a \`## Daily Papers (YYYY-MM-DD)\` heading, a front-matter \`date\`, or put YYYY-MM-DD in the file name.`,
    );
  }
  if (entries.length === 0 && undatedEntries === 0 && !diagnostics.some((d) => d.severity === "error")) {
    report("warning", "no-papers", 1, 1, "No paper found: expected `### [Title](https://arxiv.org/abs/ID)` headings.");
  }
  return { file, title: frontMatter.title, entries, notes, diagnostics };
}

type HeadingRead = { ok: true; id: PaperId; title: string; warning: string | null } | { ok: false; reason: string };

function readPaperHeading(heading: Heading): HeadingRead {
  const links = heading.children.filter((child): child is Link => child.type === "link");
  if (links.length === 0) return { ok: false, reason: "no link" };
  let failure = "";
  for (const link of links) {
    const read = readArxivLink(link.url);
    if (!read.ok) {
      failure ||= read.reason;
      continue;
    }
    const title = mdastToString(link).replace(/\s+/g, " ").trim() || mdastToString(heading).trim();
    if (title === "") return { ok: false, reason: "an empty title" };
    const warning = read.exact
      ? null
      : `Link \`${link.url}\` is read as arXiv ${read.id}; prefer https://arxiv.org/abs/${read.id}.`;
    return { ok: true, id: read.id, title, warning };
  }
  return { ok: false, reason: `a malformed arXiv link (${failure})` };
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
  const otherSections: { label: string; text: string }[] = [];
  const bullets: string[] = [];
  const extra: string[] = [];
  // The section a following unlabelled list continues, e.g. `1) ...` lines
  // right under `- **Technical Details**: ...:` (2024-07 files).
  let openSection: { append: (text: string) => void } | null = null;

  const setMedia = (kind: Media["kind"], raw: string, line: number, column: number): boolean => {
    const made = makeMedia(kind, raw);
    if (made === null) {
      report("warning", "media-url", line, column, `Media URL \`${raw}\` is not an http(s) URL; it is not shown.`);
      return true;
    }
    if (media === null) {
      media = made;
      return true;
    }
    return media.url === made.url;
  };

  for (const block of draft.blocks) {
    const start = block.position?.start ?? { line: 1, column: 1 };
    if (block.type === "paragraph") {
      openSection = null;
      const leftover = readMetaLines(sliceOf(block), start.line, {
        image: (url, line, column) => setMedia("image", url, line, column),
        video: (url, line, column) => setMedia("video", url, line, column),
        votes: (value, line, column) => {
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
        },
        authors: (value) => {
          authors = parseAuthors(value);
        },
      });
      if (leftover.trim() !== "") extra.push(leftover.trim());
      continue;
    }
    if (block.type === "html") {
      openSection = null;
      const src = findVideoSrc((block as Html).value);
      if (src !== null && setMedia("video", src, start.line, start.column)) continue;
      extra.push(sliceOf(block).trim());
      continue;
    }
    if (block.type === "list") {
      const list = block as List;
      // Summary sections are always `-` bullets; a numbered list under one is its continuation
      // even when its items are bold-labelled (2024-08 files: `1. **Tokenizer**: ...`).
      const hasLabel =
        !list.ordered && list.children.some((item) => matchSectionLabel(itemMarkdown(item, sliceOf)) !== null);
      if (!hasLabel && openSection !== null) {
        openSection.append(sliceOf(block).trim());
        continue;
      }
      for (const item of list.children) {
        const markdown = itemMarkdown(item, sliceOf);
        const label = list.ordered ? null : matchSectionLabel(markdown);
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
          openSection = { append: (more) => (standard[field] = `${standard[field] ?? ""}\n\n${more}`.trim()) };
        } else {
          const section = { label: label.label, text };
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

  const hasSummary =
    standard.whatsNew !== null ||
    standard.technicalDetails !== null ||
    standard.performanceHighlights !== null ||
    otherSections.length > 0 ||
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
  image(url: string, line: number, column: number): boolean;
  video(url: string, line: number, column: number): boolean;
  votes(value: string, line: number, column: number): void;
  authors(value: string): void;
}

/**
 * Reads the metadata lines of a paragraph one line at a time, because early
 * files put the thumbnail and `Authors:` on adjacent lines of one paragraph.
 * @returns the lines that were not metadata
 */
function readMetaLines(text: string, firstLine: number, on: MetaHandlers): string {
  const kept: string[] = [];
  for (const [index, rawLine] of text.split(/\r\n|\r|\n/).entries()) {
    const line = firstLine + index;
    const trimmed = rawLine.trim();
    const column = rawLine.length - rawLine.trimStart().length + 1;
    let match = IMAGE_LINE.exec(trimmed);
    if (match?.[1] && on.image(match[1], line, column)) continue;
    match = VIDEO_LINK_LINE.exec(trimmed);
    if (match?.[1] && on.video(match[1], line, column)) continue;
    // `<video src=...></video>` on its own line is inline HTML inside a paragraph, not an HTML block.
    const videoSrc = trimmed.startsWith("<") ? findVideoSrc(trimmed) : null;
    if (videoSrc !== null && on.video(videoSrc, line, column)) continue;
    match = VOTE_LINE.exec(trimmed);
    if (match) {
      on.votes((match[1] ?? "").trim(), line, column);
      continue;
    }
    match = AUTHORS_LINE.exec(trimmed);
    if (match) {
      on.authors(match[1] ?? "");
      continue;
    }
    kept.push(rawLine);
  }
  return kept.join("\n");
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
  const [firstLine = "", ...rest] = raw.split(/\r\n|\r|\n/);
  const head = firstLine.replace(/^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/, "");
  const contentColumn = item.children[0]?.position?.start.column ?? 3;
  const indent = new RegExp(`^ {0,${Math.max(contentColumn - 1, 0)}}`);
  return [head, ...rest.map((line) => line.replace(indent, ""))].join("\n");
}

/** Section text as markdown; a Python list of strings becomes a markdown list. */
function sectionText(rest: string): string {
  const text = rest.trim();
  const items = readPythonStringList(text);
  if (items === null || items.length === 0) return text;
  return items.map((item) => `- ${item.replace(/\n/g, " ").trim()}`).join("\n");
}
