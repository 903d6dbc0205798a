/**
 * `npm run bench` (issue #5): builds synthetic archives at 1x (365 days) and
 * 10x (3,650 days) and measures a cold build (`--no-cache`), a rebuild with
 * nothing changed, a rebuild after adding one day (the day after the last, and
 * later the 15th of the next month, a Monday, and a day after a fresh checkout), a
 * rebuild after editing one old day, and peak RSS. Each build runs in its own process; the time shown is
 * the build itself (the process start-up of about 0.3 s is listed apart).
 * Archives live under the system temp folder, never in the repository.
 *
 * Usage: node --import tsx scripts/bench.ts [--sizes 1,10] [--out bench/results.json]
 */

import { execFileSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { listMarkdownFiles, SETTLE_MS } from "../src/io/readContent.ts";
import { CASES, HEAD, parseAndRender, TAIL } from "../test/helpers/pathological.ts";
import { buildNodeFlags } from "./nodeFlags.ts";
import { synthDate, synthesizeArchive, synthesizeFiles } from "./synth.ts";
import { sampleTreeRss } from "./treeRss.ts";

const ROOT = join(import.meta.dirname, "..");

interface Run {
  /** Time inside `build()`, seconds. */
  readonly seconds: number;
  /** Whole process, including start-up, seconds. */
  readonly wall: number;
  /**
   * Peak resident memory of the build process in megabytes of 10^6 bytes, as the issue's
   * "1.5 GB" counts (figures before 2026-11-21 were mebibytes, `peakRssMb`).
   */
  readonly peakRssMB: number;
  /**
   * Peak of the build process and the Pagefind processes it starts, summed (`sampleTreeRss`),
   * in the same megabytes; null where there is no /proc.
   */
  readonly peakTreeRssMB: number | null;
  readonly pages: number;
  readonly written: number;
}

async function child(args: string[]): Promise<void> {
  const { build, DEFAULT_OPTIONS } = await import("../src/build.ts");
  // As the CLI does: the heap is tuned once the build knows its kind and size.
  const { tuneHeapFor } = await import("../src/heap.ts");
  const [contentDir, outDir, noCache] = args as [string, string, string];
  const sampler = sampleTreeRss();
  const started = performance.now();
  const result = await build({
    ...DEFAULT_OPTIONS,
    contentDir,
    outDir,
    cache: noCache !== "no-cache",
    onStart: tuneHeapFor,
  });
  const seconds = (performance.now() - started) / 1000;
  const sampled = await sampler.stop();
  const peakRssMB = (process.resourceUsage().maxRSS * 1024) / 1e6;
  // Sampling can miss a peak shorter than its interval; the tree's is never below the build's own.
  const peakTreeRssMB = sampled === null ? null : Math.max(sampled, peakRssMB);
  process.stdout.write(
    `${JSON.stringify({ seconds, peakRssMB, peakTreeRssMB, pages: result.pages, written: result.written })}\n`,
  );
}

function run(contentDir: string, outDir: string, noCache: boolean): Run {
  const started = performance.now();
  const text = execFileSync(
    process.execPath,
    [
      ...buildNodeFlags(ROOT),
      "--import",
      "tsx",
      join(ROOT, "scripts/bench.ts"),
      "--child",
      contentDir,
      outDir,
      noCache ? "no-cache" : "cache",
    ],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const wall = (performance.now() - started) / 1000;
  const line = text.trim().split("\n").pop() ?? "{}";
  return { ...(JSON.parse(line) as Omit<Run, "wall">), wall };
}

/** A rebuild after adding one day, with that day's date. */
interface AddRun extends Run {
  readonly date: string;
}

interface SizeResult {
  readonly scale: number;
  readonly days: number;
  readonly papers: number;
  readonly contentMb: number;
  readonly cold: Run;
  readonly pagesPerSecond: number;
  readonly noChange: Run;
  /** The day after the archive's last: late in a month, so the main search bundle holds most of a month. */
  readonly addDay: AddRun;
  /** The 15th of the next month, after the days before it were added: a typical day. */
  readonly addMidMonth: AddRun;
  /** The first Monday after that 15th: the newest week's search bundle starts again. */
  readonly addMonday: AddRun;
  /**
   * The day after that Monday, every content file's stamp new (`freshCheckout`): what a
   * build in the deploy workflow does, whose checkout writes every file anew.
   */
  readonly addCheckout: AddRun;
  readonly editDay: Run;
}

/**
 * Writes synthetic days `from` to `to` (1-based, inclusive) into `content`, shaped like the rest.
 * @returns the date of the last one
 */
function addDays(content: string, from: number, to: number): string {
  const files = synthesizeFiles(to, 1).slice(from - 1);
  for (const file of files) {
    mkdirSync(dirname(join(content, file.file)), { recursive: true });
    writeFileSync(join(content, file.file), file.text);
  }
  const last = files.at(-1);
  if (last === undefined) throw new Error(`Internal error: no days ${from} to ${to} generated.`);
  return last.file.replace(/\.md$/, "").replaceAll("/", "-");
}

/** The first day after day `day` (1-based, like `addDays`) whose date passes `wanted`. */
function nextDayWhere(day: number, wanted: (date: string) => boolean): number {
  let next = day + 1;
  while (!wanted(synthDate(next - 1))) next += 1;
  return next;
}

const isMonday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() === 1;

/** Adds the days after day `last` and before day `day` (not measured), then day `day`, measured. */
function catchUpAndAdd(content: string, out: string, last: number, day: number): AddRun {
  if (day - 1 > last) {
    addDays(content, last + 1, day - 1);
    run(content, out, false);
  }
  const date = addDays(content, day, day);
  return { ...run(content, out, false), date };
}

async function benchSize(scale: number): Promise<SizeResult> {
  const days = 365 * scale;
  const base = join(tmpdir(), "paper-digest-bench", `${scale}x`);
  const content = join(base, "content");
  const out = join(base, "dist");
  rmSync(base, { recursive: true, force: true });
  const summary = await synthesizeArchive(content, days);
  // The shipped settings, with their topic taxonomy: without it a site has no topic pages
  // and related papers cost nothing, and the bench would time a site nobody publishes.
  copyFileSync(join(import.meta.dirname, "..", "content", "site.yaml"), join(content, "site.yaml"));
  const cold = run(content, out, true);
  const noChange = run(content, out, false);
  const addDay = catchUpAndAdd(content, out, days, days + 1);
  const old = synthesizeFiles(1, 1)[0];
  if (old === undefined) throw new Error("Internal error: no first day generated.");
  appendFileSync(join(content, old.file), "\n수정: 벤치마크를 위해 한 문장을 덧붙였습니다.\n");
  const editDay = run(content, out, false);
  const midMonth = nextDayWhere(days + 1, (day) => day.endsWith("-15"));
  const addMidMonth = catchUpAndAdd(content, out, days + 1, midMonth);
  // On a Monday the week before leaves the main search bundle for a shard of its own (src/search/shards.ts).
  const monday = nextDayWhere(midMonth, isMonday);
  const addMonday = catchUpAndAdd(content, out, midMonth, monday);
  await freshCheckout(content);
  const addCheckout = catchUpAndAdd(content, out, monday, monday + 1);
  return {
    scale,
    days,
    papers: summary.papers,
    contentMb: summary.bytes / 1e6,
    cold,
    pagesPerSecond: cold.pages / cold.seconds,
    noChange,
    addDay,
    addMidMonth,
    addMonday,
    addCheckout,
    editDay,
  };
}

/**
 * Gives every content file a new stat, as a fresh clone or checkout does, so that a build
 * reads and hashes every file again, then waits until those stats count (`SETTLE_MS`), as
 * the deploy workflow's `npm ci` does between its checkout and its build.
 */
async function freshCheckout(content: string): Promise<void> {
  const now = new Date();
  for (const path of listMarkdownFiles(content)) utimesSync(path, now, now);
  await sleep(SETTLE_MS + 100);
}

function machine(diskMs: readonly number[]) {
  const cpu = readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/)?.[1] ?? cpus()[0]?.model ?? "?";
  return {
    cpu,
    cores: cpus().length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    createFilesMs: diskMs,
  };
}

/**
 * Milliseconds to create 5,000 files of 8 KB in folders of their own on one thread,
 * beside the archives. A cold build creates a file per page; on a virtual disk where
 * that costs over a millisecond (it varied from 0.3 to 1.7 ms here within an hour),
 * file creation bounds a cold build more than the CPU does, so the figure is printed
 * before and after the sizes to show how the disk behaved during the run.
 */
function measureFileCreation(): number {
  const dir = join(tmpdir(), "paper-digest-bench", "disk-probe");
  rmSync(dir, { recursive: true, force: true });
  const bytes = Buffer.alloc(8192, 97);
  const start = performance.now();
  for (let n = 0; n < 5000; n += 1) {
    mkdirSync(join(dir, String(n)), { recursive: true });
    writeFileSync(join(dir, String(n), "index.html"), bytes);
  }
  const ms = performance.now() - start;
  rmSync(dir, { recursive: true, force: true });
  return Math.round(ms);
}

function incremental(r: SizeResult): Run[] {
  return [r.noChange, r.addDay, r.addMidMonth, r.addMonday, r.addCheckout, r.editDay];
}

/** A memory column: the cold build's peak and the largest of the incremental builds'; "?" where one is unknown. */
function memoryColumn(r: SizeResult, peakOf: (run: Run) => number | null): string {
  const largest = (runs: readonly Run[]) => {
    const peaks = runs.map(peakOf);
    return peaks.every((peak) => peak !== null) ? `${Math.max(...peaks).toFixed(0)} MB` : "?";
  };
  return `${largest([r.cold])} cold, ${largest(incremental(r))} incremental`;
}

function table(results: readonly SizeResult[]): string {
  const rows = [
    [
      "size",
      "papers",
      "pages",
      "cold",
      "pages/s",
      "no change",
      "add a day",
      "add the 15th",
      "add a Monday",
      "add a day, fresh checkout",
      "edit old day",
      "peak RSS",
      "peak RSS with Pagefind",
    ],
    ...results.map((r) => [
      `${r.scale}x (${r.days} days)`,
      String(r.papers),
      String(r.cold.pages),
      `${r.cold.seconds.toFixed(2)} s`,
      r.pagesPerSecond.toFixed(0),
      `${r.noChange.seconds.toFixed(2)} s`,
      `${r.addDay.seconds.toFixed(2)} s (${r.addDay.date})`,
      `${r.addMidMonth.seconds.toFixed(2)} s (${r.addMidMonth.date})`,
      `${r.addMonday.seconds.toFixed(2)} s (${r.addMonday.date})`,
      `${r.addCheckout.seconds.toFixed(2)} s (${r.addCheckout.date})`,
      `${r.editDay.seconds.toFixed(2)} s`,
      memoryColumn(r, (run) => run.peakRssMB),
      memoryColumn(r, (run) => run.peakTreeRssMB),
    ]),
  ];
  return rows.map((row) => `| ${row.join(" | ")} |`).join("\n");
}

/** Parse + render time of each pathological input (issue #6), best of three runs. */
function measurePathological(): { name: string; ms: number }[] {
  return CASES.map(([name, body]) => {
    const runs = [0, 1, 2].map(() => parseAndRender(`${HEAD}${body}${TAIL}`).ms);
    return { name, ms: Math.min(...runs) };
  });
}

function pathologicalTable(rows: readonly { name: string; ms: number }[]): string {
  return [
    "| pathological input | parse + render |",
    "| --- | --- |",
    ...rows.map((r) => `| ${r.name} | ${r.ms.toFixed(0)} ms |`),
  ].join("\n");
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { child: { type: "boolean" }, sizes: { type: "string" }, out: { type: "string" } },
});
if (values.child) await child(positionals);
else {
  const sizes = (values.sizes ?? "1,10").split(",").map(Number);
  const diskBefore = measureFileCreation();
  const results: SizeResult[] = [];
  for (const scale of sizes) {
    process.stderr.write(`bench: ${scale}x…\n`);
    results.push(await benchSize(scale));
  }
  const pathological = measurePathological();
  const report = {
    date: new Date().toISOString(),
    machine: machine([diskBefore, measureFileCreation()]),
    results,
    pathological,
  };
  const file = values.out ?? join(ROOT, "bench/results.json");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 1)}\n`);
  const m = report.machine;
  process.stdout.write(`${table(results)}\n\n${pathologicalTable(pathological)}\n\n`);
  const [before, after] = m.createFilesMs;
  process.stdout.write(`${m.cpu}, ${m.cores} cores, Node ${m.node}; written to ${file}\n`);
  process.stdout.write(`Disk: 5,000 files created on one thread in ${before} ms before the run, ${after} ms after\n`);
}
