import { setFlagsFromString } from "node:v8";

/**
 * What a build is about to do: render every page (no usable previous build, or other
 * templates or settings) or only the pages whose inputs changed since the last one.
 */
export type BuildKind = "full" | "incremental";

/** What a build tells before it parses (`BuildOptions.onStart`). */
export interface BuildStart {
  readonly kind: BuildKind;
  /** Daily files in the content folder, which the build's live data grows with. */
  readonly contentFiles: number;
}

/**
 * A full build of more daily files than this (about seven years) holds its heap's growth
 * back. Below it V8's own growing peaked about as high and took less time: cold builds
 * without search, V8's own against 30% steps, peaked at 375 to 391 MB against 363 to 391
 * MB and took 3.1 to 3.3 s against 3.2 to 3.6 s for one year, and 824 to 895 MB against
 * 765 to 799 MB and 16.5 to 17.7 s against 17.2 to 20.9 s for six; for ten years (3,650
 * files), 1,408 to 1,445 MB against 1,064 to 1,091 MB (issue #5).
 */
export const LARGE_ARCHIVE_FILES = 2_500;

/**
 * Tunes how far V8 lets the old generation grow after a full collection, for the build
 * this process runs next (issue #5). Set at run time, not as a launch flag, because
 * builds want opposite trades:
 * - a full build of a large archive: its live data only grows until its pages render,
 *   and V8 let the heap grow to up to twice what was live: at ten years a 1 GB heap with
 *   500 MB in use, and cold builds peaking at 1.3 to 1.7 GB. Growing by 30% at a time
 *   they peak near 1.1 GB, taking 5 to 10% longer.
 * - a full build of a smaller archive peaks about as high with V8's own growing, and the 30%
 *   steps would only cost it full collections (see `LARGE_ARCHIVE_FILES`).
 * - an incremental build reads every record but renders a few hundred pages, so it
 *   never comes near that peak, and the 30% steps only cost it full collections:
 *   adding a day at ten years took 0.3 to 0.9 s longer with them.
 * V8 reads the flag whenever it sets the next limit, so a dev server that switches
 * between kinds of build follows along. `0` gives V8's own growing back. It replaces any
 * `--heap-growing-percent` given to Node.
 */
export function tuneHeapFor(start: BuildStart): void {
  const holdBack = start.kind === "full" && start.contentFiles > LARGE_ARCHIVE_FILES;
  setFlagsFromString(`--heap-growing-percent=${holdBack ? 30 : 0}`);
}
