import type { Heading, Html, List, ListItem, RootContent } from "mdast";
import { closedBidi } from "../bidi.ts";
import type { DayKey, LabelledSection, Media, PaperEntry, PaperId, Severity, StandardSection } from "../types.ts";
import { arxivAbsUrl } from "./arxiv.ts";
import { parseAuthors } from "./authors.ts";
import { isPublishable, makeMedia } from "./media.ts";
import { htmlMedia, isMediaOnly, readMetaLines, readVotes } from "./metaLines.ts";
import { readPythonStringList } from "./pythonList.ts";
import { matchSectionLabel } from "./sectionLabel.ts";

/** A paper whose heading has been read and whose body blocks are being collected. */
export interface PaperDraft {
  readonly heading: Heading;
  readonly id: PaperId;
  readonly title: string;
  readonly date: DayKey | null;
  readonly blocks: RootContent[];
  /** Heading text outside the arXiv link, kept as the first `extra` item. */
  readonly headingExtra: string | null;
}

export interface BodyContext {
  readonly file: string;
  readonly source: string;
  readonly sliceOf: (node: RootContent | ListItem) => string;
  readonly report: (severity: Severity, code: string, line: number, column: number, message: string) => void;
}

/** Reads media, votes, authors and summary sections from the blocks under a paper heading. */
export function readPaperBody(draft: PaperDraft, tags: string[], context: BodyContext): PaperEntry {
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
      // Pages, feeds and search show https media only: say so here.
      if (!isPublishable(made))
        report(
          "warning",
          "media-url",
          line,
          column,
          `Media URL \`${raw}\` is http, which an https page would not load; it is not shown. Use its https address if it has one.`,
        );
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
