import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";

/** How a Pagefind process ended, when it did not succeed. */
export interface ProcessEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why it could not be started (`spawn … ENOENT`, `EACCES`), when it could not. */
  readonly startError?: Error;
  /** The end of what it printed, for the message. */
  readonly output: string;
}

/** A Pagefind run that did not succeed; `ended` says how. */
export class PagefindExit extends Error {
  constructor(readonly ended: ProcessEnd) {
    super(ended.startError?.message ?? `pagefind ended with ${ended.signal ?? `code ${ended.code}`}`);
  }
}

/**
 * The binary the installed `pagefind` package runs, found as its own module finds it
 * (`pagefind/lib/resolveBinary.js`, which it does not export): `PAGEFIND_EXTENDED_BINARY_PATH`
 * or `PAGEFIND_BINARY_PATH` first, then the extended binary of its platform package (the one
 * that indexes Chinese and Japanese too), then the plain one.
 */
export function pagefindBinary(): string {
  const names = ["pagefind_extended", "pagefind"];
  for (const name of names) {
    const fromEnv = process.env[`${name.toUpperCase()}_BINARY_PATH`];
    if (fromEnv) return fromEnv;
  }
  // Resolved from the `pagefind` package, which depends on the platform packages (they are
  // not ours, so another package manager may not put them where we can see them).
  const require = createRequire(import.meta.resolve("pagefind"));
  const os = platform() === "win32" ? "windows" : platform();
  const cpu = process.env.npm_config_arch || arch();
  for (const name of names) {
    try {
      return require.resolve(`@pagefind/${os}-${cpu}/bin/${os === "windows" ? `${name}.exe` : name}`);
    } catch {
      // the next name
    }
  }
  return names[0] as string;
}

/** What is kept of a run's output for a message. */
const OUTPUT_TAIL = 2000;

/**
 * One run of Pagefind's command line over a folder of HTML files. Its command line takes
 * about 30% less CPU than its Node API for the same papers (issue #5: 6.5 s against 9.0 s
 * for half a year of the bench's papers), whose service is sent each page as base64 JSON.
 */
export class PagefindRun {
  readonly #child: ChildProcess;
  /** Settles when the process has ended: resolves on success, else rejects with a `PagefindExit`. */
  readonly done: Promise<void>;

  /**
   * @param siteDir the HTML files, one per search record (`papers/<id>/index.html` gives the URL `/papers/<id>/`)
   * @param outDir where Pagefind writes its bundle
   */
  constructor(siteDir: string, outDir: string) {
    const args = ["--site", siteDir, "--output-path", outDir, "--force-language", "ko", "--silent"];
    // No stdin: Pagefind's command line reads none, and a stand-in that does ends at once.
    this.#child = spawn(pagefindBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL);
    };
    this.#child.stdout?.on("data", keep);
    this.#child.stderr?.on("data", keep);
    this.done = new Promise((resolve, reject) => {
      this.#child.once("error", (startError) => {
        reject(new PagefindExit({ code: null, signal: null, startError, output }));
      });
      // "close", not "exit": its output is all read by then.
      this.#child.once("close", (code, signal) => {
        if (code === 0) resolve();
        else reject(new PagefindExit({ code, signal, output: output.trim() }));
      });
    });
    // The caller awaits `done`; a run cancelled before it does must not count as unhandled.
    this.done.catch(() => undefined);
  }

  /** Ends the process at once (the build failed elsewhere); `done` then rejects. */
  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill("SIGKILL");
  }
}
