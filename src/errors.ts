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

/** Formats a diagnostic as `file:line:column: severity: message [code]`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`;
}

/** Formats an error and each of its causes, one `Reason:` line per cause. */
export function formatError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  let first = true;
  while (current !== undefined && current !== null) {
    const text = current instanceof Error ? current.message : String(current);
    lines.push(first ? `Error: ${text}` : `Reason: ${text}`);
    first = false;
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join("\n");
}
