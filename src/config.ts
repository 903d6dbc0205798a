import matter from "gray-matter";
import { type LineTextWarning, lineText } from "./lineText.ts";
import type { Topic } from "./model/taxonomy.ts";
import { escapeRegExp } from "./regexp.ts";

/** Site settings from `content/site.yaml`, merged over defaults and under CLI flags. */
export interface SiteConfig {
  /** Site title. Default: "Daily Papers 한국어 요약". */
  readonly title: string;
  /** One-line description for meta tags and feeds. */
  readonly description: string;
  /**
   * The footer's credit line: whose summaries these are and under what licence. Default:
   * none (the shipped content/site.yaml credits daily_papers_ko, CC BY-NC 4.0, whose two
   * files it ships; a default would put that licence on every other owner's site).
   */
  readonly credit: string;
  /** Absolute origin for canonical URLs, feeds and the sitemap, e.g. `https://user.github.io`. Default: "" (relative only). */
  readonly siteUrl: string;
  /** Path the site is served under, always with leading and trailing slash. Default: "/". */
  readonly basePath: string;
  /** Papers per page on tag and author pages. Default: 50. */
  readonly perPage: number;
  /** Entries in the Atom and JSON feeds. Default: 50. */
  readonly feedSize: number;
  /**
   * Papers an author needs in the archive to get a page of their own. Default: 2. Most
   * authors appear once, and their page would only repeat the paper page they were
   * reached from: at 1 a year of digests has about 37,000 author pages, nine in ten of
   * all pages (issue #5). Their names stay on the paper page and in search.
   */
  readonly authorPageMinPapers: number;
  /**
   * Papers a vote ranking shows (all time, each year, month and week, and each topic's),
   * and papers without a vote count under it, newest first. Default: 100.
   */
  readonly rankingSize: number;
  /** Topic taxonomy that derives tags from titles and summaries. Default: none. */
  readonly topics: readonly Topic[];
}

export const DEFAULT_CONFIG: SiteConfig = {
  title: "Daily Papers 한국어 요약",
  description: "Hugging Face Daily Papers의 한국어 요약을 날짜, 주제, 추천 수로 모아 봅니다.",
  credit: "",
  siteUrl: "",
  basePath: "/",
  perPage: 50,
  feedSize: 50,
  authorPageMinPapers: 2,
  rankingSize: 100,
  topics: [],
};

/** Settings as written in the file; every field optional. */
export type SiteConfigInput = Partial<Record<keyof SiteConfig, unknown>>;

type MutableSettings = { -readonly [K in keyof SiteConfig]?: SiteConfig[K] };

/** A problem with `site.yaml`, and where: the line that sets the setting (1-based), or 1:1 when no line does. */
export interface SettingProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** Set for a problem the setting's value was mended for (and kept), not dropped: a warning of this code. */
  readonly warning?: LineTextWarning;
}

/** What `parseSiteConfig` found. */
export interface ParsedSiteConfig {
  readonly settings: Partial<SiteConfig>;
  /** Each problem, naming the setting and where it is set. */
  readonly problems: SettingProblem[];
  /** True when the YAML does not parse, so that no setting could be read at all: then `problems` holds that one. */
  readonly unreadable?: true;
}

/**
 * Parses the settings file text.
 * @param text YAML text of `site.yaml`
 * @returns the fields it sets, or a message naming the problem
 */
export function parseSiteConfig(text: string): ParsedSiteConfig {
  const problems: SettingProblem[] = [];
  /** Reports `message` at the line that sets `key` (and the item of a list, and its field). */
  const report = (message: string, key: string, item?: number, field?: string): void => {
    problems.push({ message, line: settingLine(text, key, item, field) ?? 1, column: 1 });
  };
  /** `value` made fit for one line of a page (see lineText), with a warning at the line that sets it. */
  const oneLine: OneLineSetting = (value, what, key, item, field) =>
    lineText(value, what, (warning, message) =>
      problems.push({ message, line: settingLine(text, key, item, field) ?? 1, column: 1, warning }),
    );
  let data: unknown;
  // A YAML document marker (`---` first, `...` last) used to turn the settings into ignored body
  // text (review finding 14). Messages name the key, so only a YAML error needs a position.
  const unmarked = text.replace(/^\uFEFF/, "");
  const body = unmarked
    .replace(/^---(?:[ \t]+#[^\r\n]*)?[ \t]*(?:\r\n|\r|\n|$)/, "")
    .replace(/(?:^|\r\n|\r|\n)\.\.\.[ \t]*(?:\r\n|\r|\n)*$/, "\n");
  try {
    const parsed = matter(`---\n${body}\n---\n`, {});
    data = parsed.data;
    // gray-matter ends the settings at the next `---` line; what follows would be dropped unseen.
    if (parsed.content.replace(/^(?:---|\.\.\.)[ \t]*\r?$|^[ \t]*#.*$/gm, "").trim() !== "")
      problems.push(secondDocumentProblem(text));
  } catch (error) {
    // js-yaml's `mark` is 0-based in the text handed to gray-matter, whose first line is the
    // `---` added above; a `---` line the file starts with was taken off before.
    const { mark, reason } = error as { mark?: { line: number; column: number }; reason?: string };
    const firstLineTaken = body.length < unmarked.length && /^---/.test(unmarked) ? 1 : 0;
    const message = `site.yaml is not valid YAML: ${reason ?? (error as Error).message.split("\n")[0]}. Fix it; none of its settings can be read meanwhile.`;
    if (mark === undefined) return { settings: {}, problems: [{ message, line: 1, column: 1 }], unreadable: true };
    // An error at the end of a file without a final line break is on its last line, not past it.
    const lines = unmarked.split(/\r\n|\r|\n/).length;
    const line = Math.min(Math.max(1, mark.line + firstLineTaken), lines);
    return { settings: {}, problems: [{ message, line, column: mark.column + 1 }], unreadable: true };
  }
  if (data !== null && data !== undefined && (typeof data !== "object" || Array.isArray(data) || data instanceof Date))
    return {
      settings: {},
      problems: [
        {
          message: `site.yaml must be a mapping of settings (\`title: ...\` lines), not ${Array.isArray(data) ? "a list" : "plain text"}.`,
          line: 1,
          column: 1,
        },
      ],
    };
  const input = (data ?? {}) as SiteConfigInput;
  const settings: MutableSettings = {};
  for (const key of ["title", "description", "credit", "siteUrl", "basePath"] as const) {
    const value = input[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") report(`\`${key}\` in site.yaml must be text.`, key);
    else if (key === "siteUrl" && !isSiteUrl(value))
      report(`\`siteUrl\` in site.yaml must be ${SITE_URL_RULE}, not ${JSON.stringify(value)}.`, key);
    // No URL can hold one, and encoding the path for links threw without a line to fix.
    else if (key === "basePath" && !value.isWellFormed())
      report(
        `\`basePath\` in site.yaml holds half of a UTF-16 surrogate pair with no other half (a YAML escape such as \`"\\uD800"\` writes one), which no URL can hold; write the path itself, like /repo/.`,
        key,
      );
    else if (key === "siteUrl" || key === "basePath") settings[key] = value;
    // Each is shown on a line before other text (the tab's title, the header, the footer).
    else settings[key] = oneLine(value, `\`${key}\` in site.yaml`, key);
  }
  for (const key of ["perPage", "feedSize", "authorPageMinPapers", "rankingSize"] as const) {
    const value = input[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1)
      report(`\`${key}\` in site.yaml must be a whole number of at least 1, not ${JSON.stringify(value)}.`, key);
    else settings[key] = value;
  }
  if (input.topics !== undefined && input.topics !== null) settings.topics = parseTopics(input.topics, report, oneLine);
  return { settings, problems };
}

/**
 * The line of `site.yaml` that sets the top-level `key` (written at the start of its line,
 * quoted or not), or null when none does. With `item`, the line of that item of the key's
 * block list (`- ` lines), and with `field` too, the line in that item that sets the field;
 * each falls back to the line before it when the file writes the list another way.
 */
export function settingLine(text: string, key: string, item?: number, field?: string): number | null {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const setsKey = new RegExp(`^(["']?)${escapeRegExp(key)}\\1[ \\t]*:`);
  const keyAt = lines.findIndex((line) => setsKey.test(line));
  if (keyAt < 0) return null;
  if (item === undefined) return keyAt + 1;
  const found = listItemLines(lines, keyAt, item);
  if (found === null) return keyAt + 1;
  if (field === undefined) return found.start + 1;
  const setsField = new RegExp(`^[ \\t]*(?:-[ \\t]+)?(["']?)${escapeRegExp(field)}\\1[ \\t]*:`);
  for (let at = found.start; at < found.end; at += 1) if (setsField.test(lines[at] ?? "")) return at + 1;
  return found.start + 1;
}

/** The lines (0-based, `end` excluded) of item `item` of the block list under the line `keyAt`. */
function listItemLines(lines: readonly string[], keyAt: number, item: number): { start: number; end: number } | null {
  let dashIndent = -1;
  let count = -1;
  let start = -1;
  for (let at = keyAt + 1; at < lines.length; at += 1) {
    const line = lines[at] ?? "";
    if (/^[ \t]*(?:#.*)?$/.test(line)) continue;
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    const dash = /^ *-(?:[ \t]|$)/.test(line);
    // The next top-level key ends the list (whose dashes may sit at column 1, as YAML allows).
    if ((indent === 0 && !dash) || (dashIndent >= 0 && indent < dashIndent))
      return start < 0 ? null : { start, end: at };
    if (!dash || (dashIndent >= 0 && indent !== dashIndent)) continue;
    dashIndent = indent;
    count += 1;
    if (count === item) start = at;
    else if (count > item) return { start, end: at };
  }
  return start < 0 ? null : { start, end: lines.length };
}

/** Where a second YAML document starts in site.yaml, and what to do about it. */
function secondDocumentProblem(text: string): SettingProblem {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const marker = lines.findIndex((line, index) => index > 0 && /^---(?:[ \t]+#.*)?[ \t]*$/.test(line));
  return {
    message:
      "A `---` line starts a second YAML document, and only the settings above it are read. Remove that line so every setting is in one document.",
    line: marker + 1 || 1,
    column: 1,
  };
}

/** What `isSiteUrl` accepts, for the messages that refuse a value. */
export const SITE_URL_RULE = "an http(s) origin without a path, user name or password, like https://user.github.io";

/**
 * An empty string (relative URLs only) or an http(s) origin without a path: the path
 * belongs in `basePath`, or `https://u.github.io/repo` plus `--base /repo/` would
 * give `/repo/repo/`. Nor a user name or password, which every page would show.
 */
export function isSiteUrl(value: string): boolean {
  if (value === "") return true;
  if (!/^https?:\/\/[^\s"'<>`]+$/i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.pathname === "/" && !/[?#]/.test(value) && url.username === "" && url.password === "";
  } catch {
    return false;
  }
}

/**
 * A site URL as every link writes it: its origin, so a host in Hangul is written in
 * punycode (`https://논문.example` as `https://xn--...`), as the sitemap protocol and
 * feed readers need an RFC 3986 URL, and the host in lower case without a default port.
 */
function siteOrigin(value: string): string {
  if (value === "") return value;
  try {
    return new URL(value).origin;
  } catch {
    // site.yaml's and the command line's values are checked first (`isSiteUrl`); a caller of
    // `resolveConfig` that did not check gets its value as written.
    return value.replace(/\/+$/, "");
  }
}

/** Reports a problem with a setting: the key, and the item and field of a list (see `settingLine`). */
type ReportSetting = (message: string, key: string, item?: number, field?: string) => void;

/** Mends a setting's text for one line of a page (see lineText), warning at the key, item and field (see `settingLine`). */
type OneLineSetting = (value: string, what: string, key: string, item?: number, field?: string) => string;

/** Reads the `topics` list; each bad item is reported and skipped; names and labels are mended by `oneLine`. */
function parseTopics(value: unknown, report: ReportSetting, oneLine: OneLineSetting): Topic[] {
  if (!Array.isArray(value)) {
    report("`topics` in site.yaml must be a list of `{ name, ko, terms }` items.", "topics");
    return [];
  }
  const topics: Topic[] = [];
  for (const [index, item] of (value as unknown[]).entries()) {
    const where = `\`topics[${index}]\` in site.yaml`;
    const raw = (item ?? {}) as Record<string, unknown>;
    const name =
      typeof raw.name === "string"
        ? oneLine(raw.name.normalize("NFC").trim(), `${where}'s name`, "topics", index, "name")
        : "";
    if (name === "") {
      report(`${where} needs a \`name\` (text).`, "topics", index, "name");
      continue;
    }
    const terms = Array.isArray(raw.terms)
      ? raw.terms.filter((term): term is string | number => typeof term === "string" || typeof term === "number")
      : [];
    if (terms.length === 0) {
      report(`${where} (${name}) needs \`terms\`: a list of words.`, "topics", index, "terms");
      continue;
    }
    const min = raw.min === undefined ? 1 : raw.min;
    if (typeof min !== "number" || !Number.isInteger(min) || min < 1) {
      report(`${where} (${name}): \`min\` must be a whole number of at least 1.`, "topics", index, "min");
      continue;
    }
    const ko =
      typeof raw.ko === "string" && raw.ko.trim() !== ""
        ? oneLine(raw.ko.normalize("NFC").trim(), `${where}'s \`ko\``, "topics", index, "ko")
        : null;
    if (raw.exclude !== undefined && !Array.isArray(raw.exclude)) {
      report(`${where} (${name}): \`exclude\` must be a list of words.`, "topics", index, "exclude");
      continue;
    }
    const exclude = ((raw.exclude ?? []) as unknown[])
      .filter((word): word is string | number => typeof word === "string" || typeof word === "number")
      .map((word) => String(word).normalize("NFC"));
    topics.push({
      name,
      ko,
      terms: terms.map((term) => String(term).normalize("NFC")),
      min,
      ...(exclude.length > 0 ? { exclude } : {}),
    });
  }
  return topics;
}

/**
 * Merges defaults < site.yaml < command line, in that priority order.
 */
export function resolveConfig(fileSettings: Partial<SiteConfig>, cli: Partial<SiteConfig>): SiteConfig {
  const merged = { ...DEFAULT_CONFIG, ...fileSettings, ...cli };
  return { ...merged, basePath: normalizeBasePath(merged.basePath), siteUrl: siteOrigin(merged.siteUrl) };
}

/** `repo`, `/repo`, `/repo/` all become `/repo/`; empty becomes `/`. */
export function normalizeBasePath(base: string): string {
  const parts = base.split("/").filter((part) => part !== "" && part !== "." && part !== "..");
  return parts.length === 0 ? "/" : `/${parts.map(encodeURIComponent).join("/")}/`;
}
