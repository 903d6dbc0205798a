import type { ChildProcess } from "node:child_process";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import * as pagefind from "pagefind";

export type PagefindApi = typeof pagefind;

/** How a Pagefind process ended without being asked to. */
export interface ProcessEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why it could not be started (`spawn … ENOENT`, `EACCES`), when it could not. */
  readonly startError?: Error;
}

/**
 * One `pagefind` module instance. The module runs one child process, started by its first
 * request (and again by a request after `close`), and notices that the process is gone
 * only when a write to it fails: one that died while a reply was awaited (killed for want
 * of memory, or not a Pagefind binary at all) left a build waiting for ever, or ending
 * with exit code 13 and no word (issue #5). So every request goes through `request`,
 * which watches the processes it starts: one that ends unasked closes the module, which
 * answers every awaited reply with an error, and no request is sent after that (the
 * indexes it was building died with it). A process that lives but never answers is not
 * caught: a shard's index can take minutes at ten years, so no deadline would be safe.
 */
export class PagefindService {
  /** How the process ended unasked, once it has (and from then on); null while it runs, or when it was closed first. */
  ended: ProcessEnd | null = null;
  #closed = false;
  readonly #children: ChildProcess[] = [];
  readonly #exits: Promise<void>[] = [];

  constructor(readonly api: PagefindApi) {}

  /**
   * Sends one request: `call` calls the module (`api.createIndex`, or a method of an index it made).
   * @throws when the service is closed or its process has ended
   */
  request<T>(call: () => Promise<T>): Promise<T> {
    if (this.#closed || this.ended !== null) {
      return Promise.reject(new Error("Pagefind's process is closed; the request was not sent"));
    }
    // Only a service's first request starts its process (one after `close` is refused), so
    // the thousands after it (one per paper) skip the channel.
    if (this.#children.length > 0) return call();
    const { result, children } = spawnedDuring(call);
    for (const child of children) this.#watch(child);
    return result;
  }

  /**
   * Resolves once every process this service started has exited, or after `ms`: a write
   * that failed on a dead process (EPIPE) can fail a request before the process's exit is
   * reported, and the exit says why it died.
   */
  async exited(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    await Promise.race([Promise.all(this.#exits), timeout]);
    clearTimeout(timer);
  }

  /**
   * Ends the process and answers every awaited reply with an error.
   * @param abandon kill it first (SIGKILL): the build failed, and a process closed while it
   *   writes a reply would print Rust's backtrace of the broken pipe
   */
  close(abandon = false): Promise<null> {
    this.#closed = true;
    if (abandon) {
      for (const child of this.#children)
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
    return this.api.close();
  }

  #watch(child: ChildProcess): void {
    this.#children.push(child);
    this.#exits.push(
      new Promise((resolve) => {
        const ended = (end: ProcessEnd) => {
          if (!this.#closed && this.ended === null) {
            this.ended = end;
            void this.api.close();
          }
          resolve();
        };
        child.once("exit", (code, signal) => ended({ code, signal }));
        // A binary that is missing or may not be run: no exit follows.
        child.once("error", (startError) => ended({ code: null, signal: null, startError }));
      }),
    );
  }
}

/** Calls `call`, with the child processes it started (Node's `child_process` diagnostics channel). */
function spawnedDuring<T>(call: () => T): { result: T; children: ChildProcess[] } {
  const children: ChildProcess[] = [];
  const onSpawn = (message: unknown) => children.push((message as { process: ChildProcess }).process);
  subscribe("child_process", onSpawn);
  try {
    return { result: call(), children };
  } finally {
    unsubscribe("child_process", onSpawn);
  }
}

/**
 * The `pagefind` module runs one child process per module instance, so a second instance
 * (same file, another URL) gives a second process that indexes in parallel.
 * @param count how many services; the first is the module this file imports
 */
export async function startServices(count: number): Promise<PagefindService[]> {
  const services = [new PagefindService(pagefind)];
  for (let n = 1; n < count; n += 1) {
    const api = (await import(`${import.meta.resolve("pagefind")}?service=${n}`)) as PagefindApi;
    services.push(new PagefindService(api));
  }
  return services;
}

let muted = 0;
let unmutedError: typeof console.error | undefined;

/**
 * How long the lines stay dropped after the returned function is called: the writes still
 * queued when a process is closed fail on the next turns of the event loop, each with its
 * own `Service stopped` line.
 */
const MUTE_AFTER_MS = 1000;

/**
 * Drops the `Service stopped` lines Pagefind's module prints (with a stack trace) for each
 * request it could not write to a dead or closed process, until shortly after the returned
 * function is called: a build keeps 256 requests in flight, so one death printed some 1,300
 * to 3,800 lines before the build's own message, which says once what happened and what to
 * do. Other output passes.
 */
export function muteServiceStopped(): () => void {
  if (muted++ === 0) {
    const original = console.error;
    unmutedError = original;
    console.error = (...args: unknown[]) => {
      if (args[0] !== "Service stopped") original.apply(console, args);
    };
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    // Unref'd: a CLI that is done does not wait for it.
    setTimeout(() => {
      if (--muted === 0 && unmutedError !== undefined) console.error = unmutedError;
    }, MUTE_AFTER_MS).unref();
  };
}
