import matter from "gray-matter";
import { lineText } from "../lineText.ts";
import { escapeRegExp } from "../regexp.ts";
import type { DayKey, PaperId } from "../types.ts";
import { normalizeArxivId } from "./arxiv.ts";

/** What front matter may say about a daily file. */
export interface FrontMatter {
  readonly date: DayKey | null;
  readonly title: string | null;
  /** Tags for every paper in the file. */
  readonly fileTags: readonly string[];
  /** Tags for single papers, keyed by arXiv id. */
  readonly paperTags: ReadonlyMap<PaperId, readonly string[]>;
}

/** A front-matter problem; line and column are file positions (1-based). */
export interface FrontMatterProblem {
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
  readonly severity: "error" | "warning";
}

export const EMPTY_FRONT_MATTER: FrontMatter = {
  date: null,
  title: null,
  fileTags: [],
  paperTags: new Map(),
};

const KNOWN_KEYS = ["date", "title", "tags"];

/** Everything {@link readFrontMatter} finds. */
export interface FrontMatterRead {
  readonly frontMatter: FrontMatter;
  readonly problems: FrontMatterProblem[];
  /** Front matter that is not a key/value mapping, kept so its text is not lost; `line` is its first file line. */
  readonly unread: { readonly markdown: string; readonly line: number } | null;
  /** The file line of each per-paper `tags` key, for messages about them. */
  readonly paperTagLines: ReadonlyMap<PaperId, number>;
  /** The file line of `tags` when it tags every paper of the file; null when it does not. */
  readonly fileTagsLine: number | null;
}

/**
 * Reads YAML front matter from the whole file text.
 * @param text the file text (front matter must start on line 1)
 * @returns the fields we use and any problems, never throwing
 */
export function readFrontMatter(text: string): FrontMatterRead {
  const problems: FrontMatterProblem[] = [];
  const paperTagLines = new Map<PaperId, number>();
  const nothing = (unread: FrontMatterRead["unread"] = null): FrontMatterRead => ({
    frontMatter: EMPTY_FRONT_MATTER,
    problems,
    unread,
    paperTagLines,
    fileTagsLine: null,
  });
  let data: unknown;
  // gray-matter's `matter` starts with the rest of the opening `---` line, so its line i is file line i + 1.
  let yamlLines: string[] = [];
  try {
    // An options object disables gray-matter's cache (gray-matter #43, #106, #129, #166).
    const read = matter(text, {});
    data = read.data;
    yamlLines = read.matter.split("\n");
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    problems.push({
      line: mark ? mark.line + 1 : 1,
      column: mark ? mark.column + 1 : 1,
      severity: "error",
      code: "front-matter-invalid",
      message: `Front matter is not valid YAML: ${reason}. Fix the YAML between the \`---\` lines; the file's papers are still read.`,
    });
    return nothing();
  }
  // The file line (1-based) of the first YAML line at or after `from` matching `pattern`, or `fallback`.
  const lineMatching = (pattern: RegExp, from: number, fallback: number): number => {
    const at = yamlLines.findIndex((line, index) => index >= from && pattern.test(line));
    return at === -1 ? fallback : at + 1;
  };
  // The file line of a top-level key, or the first line of the front matter (review finding 11).
  const lineOf = (key: string): number => {
    const escaped = escapeRegExp(key);
    return lineMatching(new RegExp(`^(?:${escaped}|"${escaped}"|'${escaped}')\\s*:`), 0, 2);
  };
  const problem = (code: string, message: string, line: number) =>
    problems.push({ line, column: 1, severity: "warning", code, message });
  // A title or tag is one line wherever it is shown (see lineText).
  const closedTags = (tags: string[] | null, line: number) =>
    tags?.map((tag) => lineText(tag, `The tag \`${tag}\``, (code, message) => problem(code, message, line))) ?? null;

  if (data === null || typeof data !== "object" || Array.isArray(data) || data instanceof Date) {
    // A sentence or list between the `---` lines used to vanish silently (review finding 6).
    const first = yamlLines.findIndex((line, index) => index > 0 && line.trim() !== "");
    const markdown = yamlLines.slice(1).join("\n").trim();
    if (markdown === "") return nothing();
    const line = first === -1 ? 2 : first + 1;
    problem(
      "front-matter-not-mapping",
      `Front matter must be \`key: value\` lines (known keys: ${KNOWN_KEYS.join(", ")}), but it is ${Array.isArray(data) ? "a list" : "plain text"}; it is ignored and kept as an unpublished note.`,
      line,
    );
    return nothing({ markdown, line });
  }
  const fields = data as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (KNOWN_KEYS.includes(key)) continue;
    problem(
      "front-matter-unknown-key",
      `Front matter key \`${key}\` is not used; the known keys are ${KNOWN_KEYS.join(", ")}. It is ignored.`,
      lineOf(key),
    );
  }

  let date: DayKey | null = null;
  if (fields.date !== undefined) {
    const dateLine = lineOf("date");
    date = toDayKey(fields.date);
    const written = (yamlLines[dateLine - 1] ?? "").replace(/^[^:]*:\s*/, "").trim();
    if (date === null) {
      problem(
        "front-matter-date",
        `\`date\` in front matter is ${JSON.stringify(String(fields.date))}; expected a date like 2025-01-02.`,
        dateLine,
      );
    } else if (fields.date instanceof Date && !written.includes(date)) {
      // YAML rolls `2025-02-30` over to 2025-03-02 without complaint (review finding 7).
      problem(
        "front-matter-date",
        `\`date\` in front matter is \`${written}\`, which is not a real date (YAML reads it as ${date}); it is ignored. Expected a date like 2025-01-02.`,
        dateLine,
      );
      date = null;
    }
  }
  let title: string | null = null;
  if (fields.title !== undefined) {
    if (typeof fields.title === "string" || typeof fields.title === "number")
      title =
        lineText(String(fields.title).trim(), "The front matter's `title`", (code, message) =>
          problem(code, message, lineOf("title")),
        ) || null;
    else problem("front-matter-title", "`title` in front matter must be text.", lineOf("title"));
  }
  let fileTags: string[] = [];
  let fileTagsLine: number | null = null;
  const paperTags = new Map<PaperId, string[]>();
  if (fields.tags !== undefined && fields.tags !== null) {
    const tagsLine = lineOf("tags");
    if (typeof fields.tags === "object" && !Array.isArray(fields.tags)) {
      for (const [key, value] of Object.entries(fields.tags as Record<string, unknown>)) {
        const id = normalizeArxivId(key);
        const keyLine = lineMatching(new RegExp(`^\\s+["']?${escapeRegExp(key)}["']?\\s*:`), tagsLine, tagsLine);
        const tags = closedTags(cleanTags(value), keyLine);
        if (id === null)
          problem(
            "front-matter-tags",
            `\`tags\` key \`${key}\` is not an arXiv id. Quote ids in YAML ("2502.00080": [...]), or YAML reads them as numbers and drops trailing zeros.`,
            keyLine,
          );
        else if (tags === null)
          problem("front-matter-tags", `\`tags\` for ${key} must be text or a list of text.`, keyLine);
        else {
          paperTags.set(id, tags);
          paperTagLines.set(id, keyLine);
        }
      }
    } else {
      const tags = closedTags(cleanTags(fields.tags), tagsLine);
      if (tags === null)
        problem("front-matter-tags", "`tags` must be text, a list of text, or a map from arXiv id to tags.", tagsLine);
      else {
        fileTags = tags;
        fileTagsLine = tagsLine;
      }
    }
  }
  return { frontMatter: { date, title, fileTags, paperTags }, problems, unread: null, paperTagLines, fileTagsLine };
}

/**
 * Normalises tags: a string or list of strings/numbers, trimmed, NFC, de-duplicated.
 * @returns the clean list, or `null` for any other shape
 */
export function cleanTags(value: unknown): string[] | null {
  const list = typeof value === "string" ? value.split(",") : value;
  if (!Array.isArray(list)) return null;
  const tags: string[] = [];
  for (const item of list) {
    if (typeof item !== "string" && typeof item !== "number") return null;
    const tag = String(item).normalize("NFC").replace(/\s+/g, " ").trim();
    if (tag !== "" && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/** YAML dates arrive as UTC-midnight Dates; strings must be YYYY-MM-DD. */
function toDayKey(value: unknown): DayKey | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === "string") return validDayKey(value.trim());
  return null;
}

/** Returns `text` if it is a real calendar date `YYYY-MM-DD`, else `null`. */
export function validDayKey(text: string): DayKey | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const ok = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return ok && year >= 1990 && year <= 2999 ? text : null;
}

/** Finds a `YYYY-MM-DD` or `YYYY/MM/DD` day in a file path. */
export function dayFromPath(path: string): DayKey | null {
  const matches = [...path.matchAll(/(\d{4})[-/](\d{2})[-/](\d{2})(?!\d)/g)];
  for (const match of matches.reverse()) {
    const key = validDayKey(`${match[1]}-${match[2]}-${match[3]}`);
    if (key) return key;
  }
  return null;
}
