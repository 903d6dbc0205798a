import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ParsedFile } from "./types.ts";

/**
 * From this many files to parse, a worker thread parses every other one. Starting it
 * takes about 0.1 s (0.4 s when the sources run through tsx), a few dozen files' parsing.
 */
const PARALLEL_FROM = 48;

/** One content file to parse. */
export interface ParseJob {
  /** Content-relative path, for diagnostics. */
  readonly file: string;
  readonly text: string;
}

type Parse = (text: string, file: string) => ParsedFile;

/** For tests. */
export interface ParseFilesOptions {
  /** Fewest jobs for a worker thread. Default: 48. */
  readonly parallelFrom?: number;
  /** A JavaScript module to run as the worker instead of the parser's. */
  readonly workerEntry?: URL;
}

/**
 * Parses every job, on two threads when there are many and two cores (issue #5: parsing
 * is most of a cold build's first half, when nothing else can run yet). Results are
 * the same either way: the worker runs the same parser on the same text.
 * @param parse the parser, for this thread's share
 * @param done receives each job's index and record, in no particular order, each once
 */
export async function parseFiles(
  jobs: readonly ParseJob[],
  parse: Parse,
  done: (index: number, parsed: ParsedFile) => void,
  options: ParseFilesOptions = {},
): Promise<void> {
  const { parallelFrom = PARALLEL_FROM } = options;
  const worker =
    jobs.length >= parallelFrom && availableParallelism() >= 2 ? startParser(options.workerEntry) : undefined;
  if (worker === undefined) {
    for (const [index, job] of jobs.entries()) done(index, parse(job.text, job.file));
    return;
  }
  const parseOne = (index: number) => {
    const job = jobs[index] as ParseJob;
    done(index, parse(job.text, job.file));
  };
  // Interleaved, as neighbouring days are of similar size, so both threads finish together.
  const theirs = new Set<number>();
  for (let index = 1; index < jobs.length; index += 2) {
    theirs.add(index);
    worker.postMessage({ index, ...jobs[index] });
  }
  const finished = new Promise<void>((resolve, reject) => {
    worker.on("message", ({ index, parsed }: { index: number; parsed: ParsedFile }) => {
      theirs.delete(index);
      done(index, parsed);
      if (theirs.size === 0) resolve();
    });
    worker.on("error", reject);
    worker.on("exit", () => reject(new Error("the parser thread stopped")));
  });
  // Handled below; until then a failure must not count as unhandled.
  finished.catch(() => undefined);
  try {
    for (let index = 0; index < jobs.length; index += 2) parseOne(index);
    await finished;
  } catch (error) {
    // Slower, not wrong: this thread parses what the worker had left.
    process.emitWarning(
      `The second parser thread failed (${error instanceof Error ? error.message : String(error)}); this build parses on one thread.`,
    );
    for (const index of theirs) parseOne(index);
  } finally {
    await worker.terminate();
  }
}

/**
 * Starts the parser thread: `parse/worker.js` beside the compiled CLI, or the TypeScript
 * source through tsx when the sources run uncompiled (tests, or a read-only install).
 */
function startParser(entryOverride?: URL): Worker | undefined {
  if (entryOverride) return new Worker(entryOverride);
  const compiled = !import.meta.url.endsWith(".ts");
  const entry = new URL(compiled ? "./parse/worker.js" : "./parse/worker.ts", import.meta.url).href;
  try {
    if (compiled) return new Worker(new URL(entry));
    const tsx = import.meta.resolve("tsx/esm/api");
    const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true });
  } catch {
    return undefined;
  }
}
