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

/** How Pagefind says that a write failed for want of space (a Rust `io::Error`, or the OS's words). */
const PAGEFIND_NO_SPACE = /StorageFull|No space left on device|os error 28\b|Disk quota exceeded/;

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
        ? `Pagefind could not be started from ${binary.path}, which ${binary.variable} names (${reason}). Point ${binary.variable} at Pagefind's binary or unset it, or build without search (--no-search).`
        : `Pagefind could not be started (${reason}). ${REINSTALL}`;
    return new SearchIndexError(message, { cause: ended.startError });
  }
  const cause = ended.output === "" ? error : new Error(`Pagefind printed: ${ended.output}`);
  if (PAGEFIND_NO_SPACE.test(ended.output)) return unwritable(context.scratch, cause, "ENOSPC");
  const how =
    ended.signal !== null
      ? `Pagefind's process was killed by ${ended.signal}`
      : `Pagefind's process exited with code ${ended.code}`;
  return new SearchIndexError(`${how} before the search index was built. ${adviceFor(ended)}`, { cause });
}

/** What to do about a Pagefind process that ended so. */
function adviceFor(ended: ProcessEnd): string {
  if (ended.signal === "SIGKILL") {
    return "On Linux that is most often the system ending it when memory runs out: build with less running beside it, or without search (--no-search).";
  }
  // 101 is a Rust panic's exit code.
  if (ended.code === 101 || CRASH_SIGNALS.has(ended.signal ?? "")) {
    return "Pagefind crashed (what it printed, if anything, is below): build again, or without search (--no-search), and report it to Pagefind if it happens again.";
  }
  if (ended.signal) return "Something outside the build ended it: build again, or without search (--no-search).";
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
