import { join, sep } from "node:path";
import type { BuildResult } from "./build.ts";
import { formatDiagnostic } from "./errors.ts";
import type { Diagnostic } from "./types.ts";

// What `build` and the dev server print, in one place, so a diagnostic or a build's
// summary reads the same whichever command ran the build.

/**
 * A diagnostic as `file:line:column: …`, its path as the user can open it from where
 * they ran the command (the content folder joined with the file, `/`-separated), so
 * terminals and editors can follow it.
 */
export function diagnosticLine(diagnostic: Diagnostic, contentDir: string): string {
  const file = join(contentDir, diagnostic.file).split(sep).join("/");
  return formatDiagnostic({ ...diagnostic, file });
}

/** `2 error(s), 1 warning(s)`. */
export function diagnosticCounts(diagnostics: readonly Diagnostic[]): string {
  const count = (severity: Diagnostic["severity"]) => diagnostics.filter((d) => d.severity === severity).length;
  return `${count("error")} error(s), ${count("warning")} warning(s)`;
}

/** The one line every build ends with: papers, days, files, time, where, diagnostics. */
export function buildSummaryLine(result: BuildResult, seconds: number, outDir: string): string {
  const files = `${result.pages} files (${result.written} written, ${result.unchanged} unchanged)`;
  return `Built ${result.papers} papers on ${result.days} days: ${files} in ${seconds.toFixed(2)}s → ${outDir}; ${diagnosticCounts(result.diagnostics)}`;
}
