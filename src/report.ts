import { join, sep } from "node:path";
import type { BuildResult } from "./build.ts";
import { ContentError, formatDiagnostic, formatError } from "./errors.ts";
import type { Diagnostic } from "./types.ts";

// What `build` and the dev server print, in one place, so a diagnostic or a build's
// summary reads the same whichever command ran the build.

/**
 * A diagnostic as `file:line:column: …`, its path as the user can open it from where
 * they ran the command (the content folder joined with the file, `/`-separated), so
 * terminals and editors can follow it.
 */
function diagnosticLine(diagnostic: Diagnostic, contentDir: string): string {
  const file = join(contentDir, diagnostic.file).split(sep).join("/");
  return formatDiagnostic({ ...diagnostic, file });
}

/**
 * The lines of `diagnostics` a user is shown (see `diagnosticLine`): errors and warnings,
 * and the `info` ones too when `includeInfo` (`check` lists everything it found).
 */
export function diagnosticLines(diagnostics: readonly Diagnostic[], contentDir: string, includeInfo = false): string[] {
  return diagnostics.filter((d) => includeInfo || d.severity !== "info").map((d) => diagnosticLine(d, contentDir));
}

/**
 * What a build that threw says: the content errors that stopped it under `--strict` (not
 * only their count), then the error and its causes.
 */
export function failureLines(error: unknown, contentDir: string): string[] {
  const stoppedBy = error instanceof ContentError ? diagnosticLines(error.diagnostics, contentDir) : [];
  return [...stoppedBy, formatError(error)];
}

/** `2 error(s), 1 warning(s)`. */
export function diagnosticCounts(diagnostics: readonly Diagnostic[]): string {
  const count = (severity: Diagnostic["severity"]) => diagnostics.filter((d) => d.severity === severity).length;
  return `${count("error")} error(s), ${count("warning")} warning(s)`;
}

/** `1 paper on 1 day`, `50 papers on 2 days`. */
export function papersOnDays(papers: number, days: number): string {
  return `${papers} paper${papers === 1 ? "" : "s"} on ${days} day${days === 1 ? "" : "s"}`;
}

/** The one line every build ends with: papers, days, files, time, where, diagnostics. */
export function buildSummaryLine(result: BuildResult, seconds: number, outDir: string): string {
  const files = `${result.pages} files (${result.written} written, ${result.unchanged} unchanged)`;
  return `Built ${papersOnDays(result.papers, result.days)}: ${files} in ${seconds.toFixed(2)}s → ${outDir}; ${diagnosticCounts(result.diagnostics)}`;
}

/**
 * The line a build that stopped with an error ends with, in place of `buildSummaryLine`:
 * under `--strict` the content errors that stopped it are counted, else the one error.
 */
export function buildFailedLine(error: unknown, seconds: number, outDir: string): string {
  const counts = error instanceof ContentError ? diagnosticCounts(error.diagnostics) : "1 error(s)";
  return `Build failed after ${seconds.toFixed(2)}s → ${outDir}; ${counts}`;
}
