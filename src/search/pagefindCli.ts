import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { isAbsolute, resolve } from "node:path";

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

/** Where Pagefind's binary is to be run from, and the variable that named it, if one did. */
export interface PagefindBinary {
  readonly path: string;
  readonly variable?: string;
}

/** Pagefind has no binary for this platform installed (`pagefindBinary`). */
export class MissingBinaryError extends Error {}

/**
 * The binary the installed `pagefind` package runs, found as its own module finds it
 * (`pagefind/lib/resolveBinary.js`, which it does not export): `PAGEFIND_EXTENDED_BINARY_PATH`
 * or `PAGEFIND_BINARY_PATH` first, then the extended binary of its platform package (the one
 * that indexes Chinese and Japanese too), then the plain one.
 * @throws MissingBinaryError when neither platform package is installed
 */
export function pagefindBinary(env: NodeJS.ProcessEnv = process.env): PagefindBinary {
  const names = ["pagefind_extended", "pagefind"];
  for (const name of names) {
    const variable = `${name.toUpperCase()}_BINARY_PATH`;
    const path = env[variable];
    // Pagefind runs in the folder of its records, where a relative path would name nothing
    // (a bare name is looked up on PATH).
    if (path) return { path: /[/\\]/.test(path) ? resolve(path) : path, variable };
  }
  // Resolved from the `pagefind` package, which depends on the platform packages (they are
  // not ours, so another package manager may not put them where we can see them).
  const require = createRequire(import.meta.resolve("pagefind"));
  const os = platform() === "win32" ? "windows" : platform();
  const cpu = env.npm_config_arch || arch();
  for (const name of names) {
    try {
      return { path: require.resolve(`@pagefind/${os}-${cpu}/bin/${os === "windows" ? `${name}.exe` : name}`) };
    } catch {
      // the next name
    }
  }
  throw new MissingBinaryError(
    `Pagefind has no binary installed for this platform (the package @pagefind/${os}-${cpu}): Pagefind may not support ${os}-${cpu}, or npm left its optional dependency out.`,
  );
}

/** What is kept of a run's output for a message. */
const OUTPUT_TAIL = 2000;

/** Where util-linux puts `setpriv`. */
const SETPRIV_PATHS = platform() === "linux" ? ["/usr/bin/setpriv", "/bin/setpriv"] : [];

/**
 * The first of `candidates` that is a `setpriv` able to run a command with a parent-death
 * signal, or null: an older util-linux's refuses `--pdeathsig`, and every Pagefind run
 * through it would fail. Runs it once to see (3 to 8 ms).
 */
export function pdeathsigRunner(candidates: readonly string[] = SETPRIV_PATHS): string | null {
  const found = candidates.find(isExecutable);
  if (found === undefined) return null;
  const probe = spawnSync(found, ["--pdeathsig", "KILL", "--", found, "--version"], { stdio: "ignore" });
  return probe.status === 0 ? found : null;
}

/** `pdeathsigRunner()`, found as the first Pagefind process starts. */
let setpriv: string | null | undefined;

/** Whether `path` is a file this process may run (a folder may be "executable" too). */
function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The command that runs `binary` with `args`: through `setpriv --pdeathsig KILL` where it can,
 * so that the kernel ends Pagefind when the build's process ends in a way no handler of
 * ours sees (SIGKILL, the system ending it for want of memory). Pagefind went on with
 * its shard for seconds after, holding up to 800 MB. (A build killed in the instant
 * between `setpriv` starting and setting the signal still leaves it running.) A binary
 * that is not a file this process may run is run directly, so that its start fails as
 * such (`ENOENT`, `EACCES`) rather than in `setpriv`, and so is one named by a bare name
 * (looked up on PATH); one `setpriv` cannot run for another reason (an interpreter its `#!`
 * names is missing) ends with code 127 and setpriv's word.
 */
function command(binary: string, args: readonly string[]): [string, string[]] {
  // A bare name is looked up on PATH by the spawn, not in this folder.
  if (!isAbsolute(binary) || !isExecutable(binary)) return [binary, [...args]];
  setpriv ??= pdeathsigRunner();
  return setpriv !== null ? [setpriv, ["--pdeathsig", "KILL", "--", binary, ...args]] : [binary, [...args]];
}

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
   * @param binary `pagefindBinary()`
   */
  constructor(siteDir: string, outDir: string, binary: PagefindBinary) {
    const args = ["--site", siteDir, "--output-path", outDir, "--force-language", "ko", "--silent"];
    // Pagefind's command line also takes settings from PAGEFIND_* variables and from a
    // pagefind.yml (or .json, .toml) in the folder it runs in, which the Node API did not:
    // a user's own would change the index (`keep_index_url`), ship Pagefind's playground, or
    // fail the build. So it runs in the folder of the records, without those variables.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("PAGEFIND_")));
    // No stdin: Pagefind's command line reads none, and a stand-in that does ends at once.
    const [file, fileArgs] = command(binary.path, args);
    this.#child = spawn(file, fileArgs, { cwd: siteDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (text: string) => {
      output = (output + text).slice(-OUTPUT_TAIL);
    };
    // Decoded as a stream, so that a character split between two reads comes out whole.
    this.#child.stdout?.setEncoding("utf8").on("data", keep);
    this.#child.stderr?.setEncoding("utf8").on("data", keep);
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
