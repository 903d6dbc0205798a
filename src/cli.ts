import { constants } from "node:os";
import { parseArgs } from "node:util";
import { type BuildOptions, build, DEFAULT_OPTIONS, loadContent, stopSearchIndexing } from "./build.ts";
import { isSiteUrl, SITE_URL_RULE } from "./config.ts";
import type { DevServer } from "./dev/index.ts";
import { tuneHeapFor } from "./heap.ts";
import { abortOpenWrites, committedWrites, writesStopped } from "./io/index.ts";
import { progressLine, showsProgress } from "./progress.ts";
import {
  buildFailedLine,
  buildSummaryLine,
  diagnosticCounts,
  diagnosticLines,
  failureLines,
  papersOnDays,
} from "./report.ts";

const USAGE = `Usage:
  paper-digest build [--content DIR] [--out DIR] [--base /sub/path/] [--site-url https://host] [--strict] [--no-cache] [--no-search]
  paper-digest dev [--content DIR] [--out DIR] [--base /sub/path/] [--port 8080] [--strict] [--search]
  paper-digest check [--content DIR] [--strict] [--format text|json]

build   parses every *.md under the content folder and writes the site (default: content -> dist)
dev     builds, serves and rebuilds on change; skips the search index unless --search
check   reports problems without writing; exits 1 on errors (with --strict, also on warnings)`;

/** Runs the CLI and returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { command, values } = parsed;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && !values.help ? 2 : 0;
  }
  const terminal = progressLine((text) => process.stderr.write(text));
  const options: BuildOptions = {
    ...DEFAULT_OPTIONS,
    contentDir: values.content ?? DEFAULT_OPTIONS.contentDir,
    outDir: values.out ?? DEFAULT_OPTIONS.outDir,
    strict: values.strict ?? false,
    cache: values["no-cache"] !== true,
    // The dev server rebuilds on every edit, so it leaves out the slow search index unless asked.
    search: command === "dev" ? values.search === true : values["no-search"] !== true,
    ...(showsProgress(process.stderr.isTTY, process.env.CI) ? { onProgress: terminal.show } : {}),
    onStart: tuneHeapFor,
    // Command-line settings win over site.yaml (src/config.ts resolveConfig).
    overrides: {
      ...(values.base === undefined ? {} : { basePath: values.base }),
      ...(values["site-url"] === undefined ? {} : { siteUrl: values["site-url"] }),
    },
  };
  const started = performance.now();
  try {
    if (command === "check") {
      const { diagnostics, site } = await loadContent(options);
      if (values.format === "json")
        process.stdout.write(
          `${JSON.stringify({ papers: site.papers.size, days: site.days.length, diagnostics }, wellFormedStrings, 1)}\n`,
        );
      else for (const line of diagnosticLines(diagnostics, options.contentDir, true)) terminal.say(line);
      const failing = diagnostics.filter((d) => d.severity === "error" || (options.strict && d.severity === "warning"));
      if (values.format !== "json")
        process.stdout.write(
          `${diagnosticCounts(diagnostics)}; ${papersOnDays(site.papers.size, site.days.length)} checked\n`,
        );
      return failing.length > 0 ? 1 : 0;
    }
    if (command === "dev") {
      const { startDevServer } = await import("./dev/index.ts");
      let server: DevServer | undefined;
      // Until the server is up its first build is running. A build still parsing has written
      // nothing, so it is not waited for (a rebuild of a large site took seconds to stop).
      exitOnSignal(
        () => server?.building() ?? true,
        () => server?.finishing(),
      );
      server = await startDevServer({ build: options, port: Number(values.port ?? 8080), log: terminal.say });
      terminal.say(`Serving ${server.url} (watching ${options.contentDir} and templates; Ctrl-C stops)`);
      // The signal handler ends the process.
      return await new Promise<number>(() => {});
    }
    if (command === "build") {
      exitOnSignal();
      const result = await build(options);
      for (const line of diagnosticLines(result.diagnostics, options.contentDir)) terminal.say(line);
      for (const note of result.notes) terminal.say(note);
      const seconds = (performance.now() - started) / 1000;
      terminal.end();
      process.stdout.write(`${buildSummaryLine(result, seconds, options.outDir)}\n`);
      return 0;
    }
    process.stderr.write(`Unknown command \`${command}\`.\n\n${USAGE}\n`);
    return 2;
  } catch (error) {
    // Stopped by a signal: the build failed at its next file only for that, and the signal's
    // handler ends the process once the write is dropped.
    if (writesStopped()) return await new Promise<number>(() => {});
    for (const line of failureLines(error, options.contentDir)) terminal.say(line);
    // Every build ends with one line, a failed one too (issue #5).
    if (command === "build") terminal.say(buildFailedLine(error, (performance.now() - started) / 1000, options.outDir));
    return 1;
  }
}

/**
 * Ends the process on Ctrl-C or SIGTERM. A build stopped while it writes drops its
 * unfinished write first, so that neither the output folder nor a staging folder beside
 * it is left half-made; that takes a moment, not the rest of the build. Another signal
 * meanwhile ends the process at once (the next build removes what is left). A signal
 * that comes once the build has replaced the output folder, while it saves its cache, is
 * not seen: the build is done, and exits as such.
 * @param building for the dev server, whether a build is running that has not yet replaced
 *   the output folder: a signal stops it as it stops `build`, with 128 + the signal's number
 *   and the message, even while it is still parsing and has no write to drop (it ended with
 *   0 and said nothing then); otherwise stopping is the usual way out and ends with 0.
 *   Without it (`build`), the code is always the signal's.
 * @param finishing for the dev server, the build running now: one that has replaced the
 *   output folder is let save its cache first (stopped then, it left the next build none,
 *   and said that the output folder was as it was)
 */
function exitOnSignal(building?: () => boolean, finishing?: () => Promise<void> | undefined): void {
  const stop = async (signal: "SIGINT" | "SIGTERM") => {
    const interrupted = 128 + constants.signals[signal];
    if (writesStopped()) process.exit(interrupted);
    // Asked before the writes are dropped: a build stopped now stops at them.
    const stopsBuild = building?.() ?? false;
    const dropped = await abortOpenWrites();
    // Pagefind's processes would index on after this one ends, and their files stay.
    await stopSearchIndexing();
    if (dropped > 0 || stopsBuild) {
      process.stderr.write(
        `\nStopped (${signal}): the unfinished build was dropped; the output folder is as it was.\n`,
      );
      process.exit(interrupted);
    }
    await finishing?.();
    // `build` with no write to drop: stopped before it began one, or after its commit, while
    // the cache was saved. Every build ends with a line (issue #5); this one said nothing.
    if (building === undefined)
      process.stderr.write(
        committedWrites() === 0
          ? `\nStopped (${signal}) before anything was written; the output folder is as it was.\n`
          : `\nStopped (${signal}) while the build cache was saved: the site is built; the next build may render every page again.\n`,
      );
    process.exit(building ? 0 : interrupted);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(signal));
}

function parseCli(argv: readonly string[]) {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      content: { type: "string" },
      out: { type: "string" },
      base: { type: "string" },
      "site-url": { type: "string" },
      strict: { type: "boolean" },
      format: { type: "string" },
      "no-cache": { type: "boolean" },
      search: { type: "boolean" },
      "no-search": { type: "boolean" },
      port: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values["site-url"] !== undefined && !isSiteUrl(values["site-url"])) {
    throw new Error(`--site-url must be ${SITE_URL_RULE}, not \`${values["site-url"]}\`.`);
  }
  // Node's own message named options.port and a NaN, not the flag.
  if (values.port !== undefined && !isPort(values.port)) {
    throw new Error(`--port must be a whole number from 0 to 65535 (0 picks a free port), not \`${values.port}\`.`);
  }
  if (values.format !== undefined && values.format !== "text" && values.format !== "json") {
    throw new Error(`--format must be text or json, not \`${values.format}\`.`);
  }
  return { command: positionals[0], values };
}

function isPort(text: string): boolean {
  return /^\d{1,5}$/.test(text) && Number(text) <= 65535;
}

/**
 * A JSON.stringify replacer for what `check --format json` prints: a message quotes the
 * text it is about (a tag, a front matter key), which may hold the half surrogate pair it
 * warns of, and a strict JSON parser rejects one even escaped (RFC 7493).
 */
function wellFormedStrings(_key: string, value: unknown): unknown {
  return typeof value === "string" ? value.toWellFormed() : value;
}
