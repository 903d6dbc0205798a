import { isAbsolute, relative, sep } from "node:path";
import type { Diagnostic } from "./types.ts";

/** Base class of every error the tool raises on purpose. */
export class DigestError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Content that cannot be used (raised only under `--strict` or for whole-build failures). */
export class ContentError extends DigestError {
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, diagnostics: readonly Diagnostic[], options?: ErrorOptions) {
    super(message, options);
    this.diagnostics = diagnostics;
  }
}

/** A template failed to render. */
export class TemplateError extends DigestError {}

/** The output folder could not be written. */
export class WriteError extends DigestError {}

/**
 * A path as a message shows it: from where the command was run, `/`-separated, so a terminal
 * or editor can open it; absolute when it lies outside that folder.
 */
export function shownPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  if (fromHere === "") return ".";
  return fromHere.startsWith("..") || isAbsolute(fromHere) ? path : fromHere.split(sep).join("/");
}

/** Codes of a file-system call that failed for want of space. */
export const NO_SPACE: ReadonlySet<string> = new Set(["ENOSPC", "EDQUOT"]);

/** The short reason a file-system call failed, for a message: its code (`EACCES`), else its message. */
export function errorReason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Writes control characters as `\x1b` (and separators and bidi controls as `\u202e`),
 * but line feeds and tabs when `lines` is true.
 * Messages quote content and file names, and a terminal obeys the escape sequences in
 * what it prints (setting its title, erasing lines, even writing the clipboard), so a
 * content file could fake or hide the diagnostics of a build, `check` or the dev server.
 */
export function printable(text: string, lines = false): string {
  return text.replace(lines ? UNPRINTABLE_IN_LINES : UNPRINTABLE, (control) => {
    const code = control.codePointAt(0) as number;
    if (control === "\n") return "\\n";
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

// Control characters, line and paragraph separators, and the bidi controls that would
// reorder a line in a terminal that honours them.
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/gu;
const UNPRINTABLE_IN_LINES = /(?![\t\n])[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]/gu;

/** Formats a diagnostic as `file:line:column: severity: message [code]` on one line, fit for a terminal. */
export function formatDiagnostic(d: Diagnostic): string {
  return printable(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
}

/** Formats an error and each of its causes, one `Reason:` line per cause, fit for a terminal. */
export function formatError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  let first = true;
  let noSpace = false;
  while (current !== undefined && current !== null) {
    const text = current instanceof Error ? current.message : String(current);
    // An explanation may take several lines (a template's failure); other controls are written out.
    lines.push(printable(first ? `Error: ${text}` : `Reason: ${text}`, true));
    first = false;
    if (NO_SPACE.has((current as NodeJS.ErrnoException).code ?? "")) noSpace = true;
    current = current instanceof Error ? current.cause : undefined;
  }
  // The reason names the file that did not fit, not what to do about it.
  if (noSpace) lines.push("The disk is full (or the quota used up): free some space and build again.");
  return lines.join("\n");
}
