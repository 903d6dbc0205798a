import matter from "gray-matter";
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

/**
 * Reads YAML front matter from the whole file text.
 * @param text the file text (front matter must start on line 1)
 * @returns the fields we use and any problems, never throwing
 */
export function readFrontMatter(text: string): { frontMatter: FrontMatter; problems: FrontMatterProblem[] } {
  const problems: FrontMatterProblem[] = [];
  let data: Record<string, unknown>;
  try {
    // An options object disables gray-matter's cache (gray-matter #43, #106, #129, #166).
    data = matter(text, {}).data as Record<string, unknown>;
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
    return { frontMatter: EMPTY_FRONT_MATTER, problems };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { frontMatter: EMPTY_FRONT_MATTER, problems };
  }
  const problem = (code: string, message: string) =>
    problems.push({ line: 1, column: 1, severity: "warning", code, message });

  let date: DayKey | null = null;
  if (data.date !== undefined) {
    date = toDayKey(data.date);
    if (date === null) {
      problem(
        "front-matter-date",
        `\`date\` in front matter is ${JSON.stringify(String(data.date))}; expected a date like 2025-01-02.`,
      );
    }
  }
  let title: string | null = null;
  if (data.title !== undefined) {
    if (typeof data.title === "string" || typeof data.title === "number") title = String(data.title).trim() || null;
    else problem("front-matter-title", "`title` in front matter must be text.");
  }
  let fileTags: string[] = [];
  const paperTags = new Map<PaperId, string[]>();
  if (data.tags !== undefined && data.tags !== null) {
    if (typeof data.tags === "object" && !Array.isArray(data.tags)) {
      for (const [key, value] of Object.entries(data.tags as Record<string, unknown>)) {
        const id = normalizeArxivId(key);
        const tags = cleanTags(value);
        if (id === null) problem("front-matter-tags", `\`tags\` key \`${key}\` is not an arXiv id.`);
        else if (tags === null) problem("front-matter-tags", `\`tags\` for ${key} must be text or a list of text.`);
        else paperTags.set(id, tags);
      }
    } else {
      const tags = cleanTags(data.tags);
      if (tags === null)
        problem("front-matter-tags", "`tags` must be text, a list of text, or a map from arXiv id to tags.");
      else fileTags = tags;
    }
  }
  return { frontMatter: { date, title, fileTags, paperTags }, problems };
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
