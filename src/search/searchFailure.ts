import { DigestError, errorReason, NO_SPACE, shownPath } from "../errors.ts";
import { MissingBinaryError, type PagefindBinary, PagefindExit, type ProcessEnd } from "./pagefindCli.ts";

/** Pagefind failed while building the search index. */
export class SearchIndexError extends DigestError {}

/** What a failure is said with: the binary that was run, and the scratch folder its files were in. */
export interface FailureContext {
  readonly binary: PagefindBinary | null;
  readonly scratch: string;
}

const REINSTALL = "Run `npm ci` to reinstall it, or build without search (--no-search).";

/** Signals a process gets when it crashes by itself. */
const CRASH_SIGNALS = new Set(["SIGSEGV", "SIGABRT", "SIGBUS", "SIGILL", "SIGFPE"]);

/** How Pagefind says that a write failed for want of space (a Rust `io::Error`, or the OS's words), by the code it means. */
const PAGEFIND_NO_SPACE: readonly (readonly [RegExp, string])[] = [
  [/Disk quota exceeded|os error 122\b|QuotaExceeded/, "EDQUOT"],
  [/StorageFull|No space left on device|os error 28\b/, "ENOSPC"],
];

/**
 * A failure while indexing, said with what to do: Pagefind's own (its process ended, or could
 * not be started), with what it printed as the reason; the scratch folder's (no room, not
 * writable); anything else as it came. The tool's own errors (a `SearchIndexError`, or the
 * output's `WriteError` from `emit`) pass as they are.
 */
export function searchFailure(error: unknown, context: FailureContext): DigestError {
  if (error instanceof DigestError) return error;
  if (error instanceof MissingBinaryError) return new SearchIndexError(`${error.message} ${REINSTALL}`);
  if (!(error instanceof PagefindExit)) {
    return new SearchIndexError(`The search index could not be built (${errorReason(error)}).`, { cause: error });
  }
  const { ended } = error;
  const { binary } = context;
  if (ended.startError !== undefined) {
    const reason = errorReason(ended.startError);
    // A variable that names no binary is not mended by reinstalling.
    const message =
      binary?.variable !== undefined
        ? `Pagefind could not be started from ${binary.path}, which ${binary.variable} names (${reason}). ${pointVariable({ ...binary, variable: binary.variable })}`
        : `Pagefind could not be started (${reason}). ${REINSTALL}`;
    return new SearchIndexError(message, { cause: ended.startError });
  }
  const cause = ended.output === "" ? error : new Error(`Pagefind printed: ${ended.output}`);
  const noSpace = PAGEFIND_NO_SPACE.find(([said]) => said.test(ended.output));
  if (noSpace !== undefined) return unwritable(context.scratch, cause, noSpace[1]);
  const how =
    ended.signal !== null
      ? `Pagefind's process was killed by ${ended.signal}`
      : `Pagefind's process exited with code ${ended.code}`;
  return new SearchIndexError(`${how} before the search index was built. ${adviceFor(ended, binary)}`, { cause });
}

/** The advice for a binary a variable names: reinstalling would not change it. */
function pointVariable(binary: PagefindBinary & { variable: string }): string {
  return `Point ${binary.variable} at Pagefind's binary or unset it, or build without search (--no-search).`;
}

/** What to do about a Pagefind process that ended so. */
function adviceFor(ended: ProcessEnd, binary: PagefindBinary | null): string {
  if (ended.signal === "SIGKILL") {
    return "On Linux that is most often the system ending it when memory runs out: build with less running beside it, or without search (--no-search).";
  }
  // 101 is a Rust panic's exit code.
  if (ended.code === 101 || CRASH_SIGNALS.has(ended.signal ?? "")) {
    return "Pagefind crashed (what it printed, if anything, is below): build again, or without search (--no-search), and report it to Pagefind if it happens again.";
  }
  if (ended.signal) return "Something outside the build ended it: build again, or without search (--no-search).";
  if (binary?.variable !== undefined) {
    return `It was run from ${binary.path}, which ${binary.variable} names: ${pointVariable({ ...binary, variable: binary.variable })}`;
  }
  if (ended.output !== "") {
    return "If what it printed (below) does not say why, run `npm ci` to reinstall it; or build without search (--no-search).";
  }
  return REINSTALL;
}

/**
 * The failure to write the search's scratch files under `scratch`, with what to do.
 * @param reason the failed call's code, when `error` has none of its own
 */
export function unwritable(scratch: string, error: unknown, reason = errorReason(error)): SearchIndexError {
  const remedy = NO_SPACE.has(reason) ? "Free some space there" : "Check that the folder exists and may be written";
  return new SearchIndexError(
    `The search's temporary files could not be written to ${shownPath(scratch)} (${reason}). ${remedy}, or set TMPDIR to a folder with room for them, or build without search (--no-search).`,
    { cause: error },
  );
}
