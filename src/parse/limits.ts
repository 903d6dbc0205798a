import { VOID_ELEMENTS } from "../voidElements.ts";

/**
 * Size and nesting limits that keep markdown parsing and rendering fast and
 * within the call stack (issue #6). micromark and the hast utilities are
 * superlinear or recursive on some shapes (lists or quotes nested hundreds
 * deep, thousands of delimiters in one paragraph, huge tables, deeply nested
 * raw HTML), so such lines are blanked before parsing and reported instead.
 * Real digest files stay far below every limit (largest line ~2.5k chars,
 * at most ~30 markup characters per block, nesting 2 deep).
 */
export const LIMITS = {
  /** Files longer than this (in UTF-16 code units) are skipped whole. */
  fileChars: 1_000_000,
  /** A longer line is blanked. */
  lineChars: 20_000,
  /** `[ ] * _ < | \`` characters allowed in one block (text between blank lines and headings). */
  blockMarkup: 2_000,
  /** Block quote and list markers plus half the indentation at the start of a line. */
  containerDepth: 32,
  /** Open raw HTML elements in one block, or opened by lines that start with a tag across the file. */
  htmlDepth: 32,
} as const;

/** A limit that was hit; line and column are 1-based file positions. */
export interface LimitProblem {
  readonly line: number;
  readonly column: number;
  readonly code: "file-too-large" | "line-too-long" | "nesting-too-deep" | "markup-too-dense" | "html-too-deep";
  readonly message: string;
}

export interface GuardedText {
  /** The text with offending lines emptied (line numbers unchanged), or `null` when the whole file is refused. */
  readonly text: string | null;
  readonly problems: readonly LimitProblem[];
}

/** Per ASCII code: 1 for the markup characters counted per block (`[ ] * _ < | \``). */
const MARKUP = Uint8Array.from({ length: 128 }, (_, code) => ("[]*_<|`".includes(String.fromCharCode(code)) ? 1 : 0));
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(\/?)>/g;

/**
 * Checks `text` against {@link LIMITS} in one linear pass.
 * @param text the file text (BOM already removed)
 * @returns the text safe to parse and a problem per blanked line or block
 */
export function guardPathologicalText(text: string): GuardedText {
  if (text.length > LIMITS.fileChars) {
    return {
      text: null,
      problems: [
        {
          line: 1,
          column: 1,
          code: "file-too-large",
          message: `File has ${text.length} characters, more than the limit of ${LIMITS.fileChars}; it is skipped. Split it into one file per day.`,
        },
      ],
    };
  }
  // Lone CR ends a line too, as in micromark: a CR-only file is many lines, not one (review finding 11).
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines = parts.filter((_, index) => index % 2 === 0);
  const problems: LimitProblem[] = [];
  const blanked = new Set<number>();
  const blank = (index: number) => blanked.add(index);
  // Runs of offending lines get one problem each, not one per line. Problems are only
  // appended until the end, so a run's index into `problems` stays valid.
  let run: { code: LimitProblem["code"]; last: number; at: number; first: LimitProblem } | null = null;
  const lineProblem = (index: number, problem: LimitProblem) => {
    blank(index);
    if (run !== null && run.code === problem.code && run.last === index - 1) {
      run.last = index;
      problems[run.at] = { ...run.first, message: `${run.first.message} (lines ${run.first.line}–${index + 1})` };
      return;
    }
    run = { code: problem.code, last: index, at: problems.length, first: problem };
    problems.push(problem);
  };

  let fence: string | null = null;
  // Open raw HTML elements: in this block (text between blank lines), and across the file for
  // tags that start a line (HTML blocks, which rehype-raw nests into one another across blank
  // lines). Inline tags in a paragraph, like `<think>` in 40 summaries, are closed with their
  // paragraph, so they must not add up over the file (review finding 4).
  let htmlDepth = 0;
  let fileHtmlDepth = 0;
  let blockStart = 0;
  let blockMarkup = 0;
  const endBlock = (end: number) => {
    if (blockMarkup > LIMITS.blockMarkup) {
      for (let index = blockStart; index < end; index += 1) blank(index);
      problems.push({
        line: blockStart + 1,
        column: 1,
        code: "markup-too-dense",
        message: `Lines ${blockStart + 1}–${end} hold ${blockMarkup} markup characters (\`[ ] * _ < | \\\`\`), more than the limit of ${LIMITS.blockMarkup} per block; they are left out.`,
      });
    }
    blockMarkup = 0;
  };

  for (const [index, line] of lines.entries()) {
    const lineNumber = index + 1;
    if (line.length > LIMITS.lineChars) {
      lineProblem(index, {
        line: lineNumber,
        column: LIMITS.lineChars + 1,
        code: "line-too-long",
        message: `Line has ${line.length} characters, more than the limit of ${LIMITS.lineChars}; it is left out.`,
      });
      continue;
    }
    const fenceMatch = FENCE.exec(line);
    if (fence !== null) {
      const closing = fenceMatch?.[1];
      if (closing !== undefined && closing[0] === fence[0] && closing.length >= fence.length) fence = null;
      continue;
    }
    if (fenceMatch?.[1]) {
      endBlock(index);
      blockStart = index + 1;
      fence = fenceMatch[1];
      continue;
    }
    if (line.trim() === "") {
      endBlock(index);
      blockStart = index + 1;
      htmlDepth = 0;
      continue;
    }
    const depth = containerDepth(line);
    if (depth > LIMITS.containerDepth) {
      lineProblem(index, {
        line: lineNumber,
        column: 1,
        code: "nesting-too-deep",
        message: `Line opens ${depth} nested lists or block quotes, more than the limit of ${LIMITS.containerDepth}; it is left out.`,
      });
      continue;
    }
    // A heading is a block of its own line, and ends the paragraph before it: a file written
    // without blank lines is many blocks, not one block over the limit (all of it left out).
    if (ATX_HEADING.test(line)) {
      endBlock(index);
      blockStart = index;
    }
    blockMarkup += markupCount(line);
    let depthHere = htmlDepth;
    let fileDepthHere = fileHtmlDepth;
    const startsBlock = /^ {0,3}</.test(line);
    let tooDeepAt = -1;
    for (const match of maskCodeSpans(line).matchAll(TAG)) {
      const name = (match[2] ?? "").toLowerCase();
      if (match[1] === "/") {
        depthHere = Math.max(0, depthHere - 1);
        fileDepthHere = Math.max(0, fileDepthHere - 1);
      } else if (match[3] !== "/" && !VOID_ELEMENTS.has(name)) {
        depthHere += 1;
        if (startsBlock) fileDepthHere += 1;
      }
      const deep = depthHere > LIMITS.htmlDepth || fileDepthHere > LIMITS.htmlDepth;
      if (deep && tooDeepAt === -1) tooDeepAt = match.index ?? 0;
    }
    if (tooDeepAt !== -1) {
      lineProblem(index, {
        line: lineNumber,
        column: tooDeepAt + 1,
        code: "html-too-deep",
        message: `Raw HTML is nested more than ${LIMITS.htmlDepth} elements deep here; the line is left out. Close your HTML tags.`,
      });
      continue;
    }
    htmlDepth = depthHere;
    fileHtmlDepth = fileDepthHere;
  }
  endBlock(lines.length);
  if (blanked.size === 0) return { text, problems };
  const kept = parts.map((part, at) => (at % 2 === 0 && blanked.has(at / 2) ? "" : part));
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { text: kept.join(""), problems };
}

/**
 * The markup characters in a line. A loop over its code units, not over its characters:
 * iterating every character of every file was most of this guard, itself a tenth of
 * parsing (issue #5). The characters are ASCII, so no surrogate pair can hold one.
 */
function markupCount(line: string): number {
  let count = 0;
  for (let index = 0; index < line.length; index += 1) {
    const code = line.charCodeAt(index);
    if (code < 128) count += MARKUP[code] as number;
  }
  return count;
}

/**
 * Replaces the inside of inline code spans (`` `<think>` ``) with spaces, keeping columns,
 * so tags shown as code are not counted as open HTML. Linear: each backtick run is paired
 * with the next run of the same length, as CommonMark does.
 */
function maskCodeSpans(line: string): string {
  if (!line.includes("`")) return line;
  const runs: { start: number; length: number }[] = [];
  for (const match of line.matchAll(/`+/g)) runs.push({ start: match.index ?? 0, length: match[0].length });
  const next = new Array<number>(runs.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let index = runs.length - 1; index >= 0; index -= 1) {
    const run = runs[index] as { start: number; length: number };
    next[index] = lastOfLength.get(run.length) ?? -1;
    lastOfLength.set(run.length, index);
  }
  let masked = "";
  let copied = 0;
  let index = 0;
  while (index < runs.length) {
    const closer = next[index] ?? -1;
    if (closer === -1) {
      index += 1;
      continue;
    }
    const open = runs[index] as { start: number; length: number };
    const close = runs[closer] as { start: number; length: number };
    const from = open.start + open.length;
    masked += line.slice(copied, from) + " ".repeat(close.start - from);
    copied = close.start;
    index = closer + 1;
  }
  return masked + line.slice(copied);
}

/** Counts `>` and list markers at the start of a line, plus one per two columns of indentation. */
function containerDepth(line: string): number {
  let markers = 0;
  let indent = 0;
  let index = 0;
  while (index < line.length) {
    const char = line[index];
    if (char === " ") {
      indent += 1;
      index += 1;
    } else if (char === "\t") {
      indent += 4;
      index += 1;
    } else if (char === ">") {
      markers += 1;
      index += 1;
    } else if ((char === "-" || char === "*" || char === "+") && /^[ \t]|^$/.test(line.slice(index + 1, index + 2))) {
      markers += 1;
      index += 1;
    } else {
      const ordered = /^\d{1,9}[.)](?=[ \t]|$)/.exec(line.slice(index, index + 11));
      if (ordered === null) break;
      markers += 1;
      index += ordered[0].length;
    }
  }
  return markers + Math.floor(indent / 2);
}
