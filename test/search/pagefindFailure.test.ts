// Issue #5: a Pagefind process that dies (the system ends it when memory runs out, or the
// binary is not Pagefind) fails the build with advice and leaves the output as it was.
// Pagefind's Node module noticed a dead process only when a write to it failed, so one
// that died while a reply was awaited left the build waiting for ever, or ending with exit
// code 13 and no word; the build now runs Pagefind's command line, and these hold it to
// the same, and to leaving neither a process nor its temporary files behind.
import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthesizeArchive } from "../../scripts/synth.ts";
import { build, DEFAULT_OPTIONS, PACKAGE_ROOT } from "../../src/build.ts";
import { mayStillRun } from "../../src/io/processes.ts";
import { pdeathsigRunner } from "../../src/search/pagefindCli.ts";
import { CLI } from "../helpers/cli.ts";
import { writeShellScript } from "../helpers/processes.ts";
import { fileTree } from "../helpers/tree.ts";
import { goodDay, smallProject } from "../robustness/helpers.ts";

/** Where the build looks first for Pagefind's binary, as Pagefind's module does (pagefind/lib/resolveBinary.js). */
const BINARY_VARIABLES = ["PAGEFIND_EXTENDED_BINARY_PATH", "PAGEFIND_BINARY_PATH"];

/** The binary the installed `pagefind` package runs on this machine. */
const REAL_BINARY = join(
  PACKAGE_ROOT,
  "node_modules",
  "@pagefind",
  `linux-${process.arch}`,
  "bin",
  "pagefind_extended",
);

/** The environment of a build with `binary` in place of Pagefind's, and `tmp` as its temporary folder. */
function buildEnv(binary?: string, tmp?: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of BINARY_VARIABLES) if (binary !== undefined) env[name] = binary;
  if (tmp !== undefined) env.TMPDIR = tmp;
  return env;
}

const BUILD_ARGS = [CLI, "build", "--content", "content", "--out", "dist"];

/** Builds `root`'s content with `binary` in place of Pagefind's; a build that hangs is stopped at 60 s. */
function buildWith(root: string, binary?: string, flags: readonly string[] = [], tmp?: string) {
  const result = spawnSync(process.execPath, [...BUILD_ARGS, ...flags], {
    cwd: root,
    env: buildEnv(binary, tmp),
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, signal: result.signal, stderr: result.stderr };
}

/** A folder of `root` for a build's temporary files. */
async function tmpFolder(root: string): Promise<string> {
  const tmp = join(root, "tmp");
  await mkdir(tmp);
  return tmp;
}

/** A stand-in for Pagefind's binary: a shell script with this body. */
function fakeBinary(root: string, body: string): Promise<string> {
  return writeShellScript(join(root, "fake-pagefind"), body);
}

/**
 * The real Pagefind in the first process, which is killed by SIGKILL `seconds` after the
 * second has started (or after 1,000 looks, 10 s or more, without one), as the system kills
 * a process for want of memory; each process's id is added to `pids`. Counted from the
 * first's start, a loaded machine could start the second so late that the build ended it
 * before it wrote its id (a test failed so once). Every later process then only sleeps, as
 * one with minutes of indexing left would: the build must end it itself, or wait for it.
 */
function killedPagefind(root: string, seconds: number, pids: string): Promise<string> {
  const secondStarted = `[ "$(wc -l < '${pids}')" -ge 2 ]`;
  return fakeBinary(
    root,
    [
      `[ -s '${pids}' ] || first=yes`,
      `echo $$ >> '${pids}'`,
      `[ -n "$first" ] && ( n=0; until ${secondStarted} || [ $n -ge 1000 ]; do sleep 0.01; n=$((n + 1)); done; sleep ${seconds}; kill -KILL $$ 2>/dev/null ) &`,
      `[ -n "$first" ] || exec sleep 600`,
      `exec '${REAL_BINARY}' "$@"`,
    ].join("\n"),
  );
}

/** How many processes the stand-in of `killedPagefind` started. */
async function started(pids: string): Promise<number> {
  return (await readFile(pids, "utf8").catch(() => "")).split("\n").filter(Boolean).length;
}

/** A project of `days` synthetic days, with the file the killed Pagefind's process ids go to. */
async function archiveProject(prefix: string, days: number): Promise<{ root: string; pids: string }> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  await synthesizeArchive(join(root, "content"), days);
  return { root, pids: join(root, "pids") };
}

/**
 * The processes of `pids` still running (`mayStillRun`: not one that has ended but that
 * whoever adopted it has not reaped yet, a zombie; here the process that runs as pid 1 reaps late).
 */
async function stillRunning(pids: string): Promise<number[]> {
  const ids = (await readFile(pids, "utf8").catch(() => "")).split("\n").filter(Boolean).map(Number);
  return ids.filter((pid) => mayStillRun(pid, Date.now()));
}

const noPagefind = process.platform !== "linux" || !["x64", "arm64"].includes(process.arch);

/**
 * Why the build runs one Pagefind process at a time here (`startSearchIndex` starts as many
 * as there are cores, up to two), or null: the tests of a process killed while the other
 * runs need two.
 */
const oneProcessAtATime =
  availableParallelism() < 2 ? "this machine has one core, so the build runs one Pagefind process at a time" : null;

/** Skips the test of `what`, saying so and why, when `why` names a reason (`oneProcessAtATime`, `noPdeathsig`). */
function skipFor(why: string | null, context: { skip: (note?: string) => void }, what: string): void {
  if (why === null) return;
  console.warn(`Skipped the test of ${what}: ${why}`);
  context.skip(why);
}

/** Why the build cannot run Pagefind through `setpriv --pdeathsig` here, or null when it can. */
const noPdeathsig =
  process.platform !== "linux"
    ? "a parent-death signal is Linux's"
    : pdeathsigRunner() === null
      ? "no setpriv that takes --pdeathsig in /usr/bin or /bin (Debian: apt-get install util-linux)"
      : null;

describe("paper-digest build: a Pagefind process that dies", () => {
  it.each([
    ["killed by SIGKILL", "kill -KILL $$", /was killed by SIGKILL .*memory runs out/],
    // Named by PAGEFIND_EXTENDED_BINARY_PATH, which reinstalling would not change.
    [
      "not Pagefind",
      "exit 3",
      /exited with code 3 .*which PAGEFIND_EXTENDED_BINARY_PATH names: Point PAGEFIND_EXTENDED_BINARY_PATH at/,
    ],
  ])("fails the build when it is %s, and keeps the output as it was", async (_, body, message) => {
    const { root, content } = await smallProject("pd-pagefind-", 2);
    expect(buildWith(root).code).toBe(0);
    const before = fileTree(join(root, "dist"));
    await writeFile(join(content, "2025-01-02.md"), goodDay("2025-01-02", 2).text);
    const failed = buildWith(root, await fakeBinary(root, body));
    expect(failed.signal).toBeNull(); // not stopped by the timeout
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(message);
    expect(failed.stderr).toContain("before the search index was built");
    expect(failed.stderr).toContain("--no-search");
    expect(failed.stderr).toMatch(/^Build failed after \d+\.\d\ds → dist; 1 error\(s\)$/m);
    expect(fileTree(join(root, "dist"))).toEqual(before);
    expect((await readdir(root)).filter((name) => name.includes("building"))).toEqual([]);
    // With Pagefind back, the day is built.
    expect(buildWith(root).code).toBe(0);
    expect(fileTree(join(root, "dist")).has("days/2025-01-02/index.html")).toBe(true);
  });

  it("fails the build when its binary is missing, saying so", async () => {
    const { root } = await smallProject("pd-pagefind-missing-", 2);
    const failed = buildWith(root, join(root, "no-such-pagefind"));
    expect(failed.code).toBe(1);
    // Reinstalling would not mend a variable that names no binary.
    expect(failed.stderr).toContain(
      "which PAGEFIND_EXTENDED_BINARY_PATH names (ENOENT). Point PAGEFIND_EXTENDED_BINARY_PATH at Pagefind's binary or unset it",
    );
    expect(failed.stderr).toContain("Reason: spawn");
  });

  it("fails the build when its binary is a folder, saying so as for one that is missing", async () => {
    const { root } = await smallProject("pd-pagefind-folder-", 2);
    const failed = buildWith(root, root);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      "which PAGEFIND_EXTENDED_BINARY_PATH names (EACCES). Point PAGEFIND_EXTENDED_BINARY_PATH at Pagefind's binary or unset it",
    );
  });

  it.skipIf(noPagefind)(
    "runs a binary that a variable names by a relative path, from where the build runs",
    async () => {
      const { root } = await smallProject("pd-pagefind-relative-", 2);
      await fakeBinary(root, `exec '${REAL_BINARY}' "$@"`);
      const built = buildWith(root, "./fake-pagefind");
      expect(built.code, built.stderr).toBe(0);
      expect(fileTree(join(root, "dist")).has("pagefind/pagefind-entry.json")).toBe(true);
    },
  );

  it.skipIf(noPagefind)(
    "fails a build whose process is killed in the middle of indexing, in a few lines, leaving none running",
    async (context) => {
      skipFor(oneProcessAtATime, context, "a Pagefind process killed while another runs");
      // Half a year: shards of hundreds of papers for two processes, the first killed while
      // it indexes.
      const { root, pids } = await archiveProject("pd-pagefind-kill-", 180);
      const failed = buildWith(root, await killedPagefind(root, 0.1, pids), ["--no-cache"]);
      expect(failed.signal).toBeNull(); // it hung until the timeout before
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/Pagefind's process was killed by SIGKILL before the search index was built/);
      // Pagefind's Node module printed a stack trace for each request in flight (up to 3,800
      // lines), and the other process, closed mid-reply, Rust's backtrace.
      expect(failed.stderr).not.toContain("panicked");
      expect(failed.stderr.split("\n").filter((line) => !line.includes("siteUrl")).length).toBeLessThan(8);
      expect(await started(pids)).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await stillRunning(pids)).toEqual([]);
      expect(await readdir(root)).not.toContain("dist");
    },
  );

  it.skipIf(noPagefind)(
    "ends the other process, starts none again, and lets the next build in the same process (the dev server's) index",
    async (context) => {
      skipFor(oneProcessAtATime, context, "a Pagefind process killed while another runs");
      const { root, pids } = await archiveProject("pd-pagefind-again-", 180);
      const options = { ...DEFAULT_OPTIONS, contentDir: join(root, "content"), outDir: join(root, "dist") };
      const saved = BINARY_VARIABLES.map((name) => process.env[name]);
      const binary = await killedPagefind(root, 0.1, pids);
      try {
        for (const name of BINARY_VARIABLES) process.env[name] = binary;
        await expect(build(options)).rejects.toThrow(/killed by SIGKILL before the search index was built/);
        await new Promise((resolve) => setTimeout(resolve, 200));
        // The other process was ended by the build (this process lives on, so nothing
        // else would end it), and none was started after the failure.
        expect(await stillRunning(pids)).toEqual([]);
        expect(await started(pids)).toBe(2);
      } finally {
        for (const [index, name] of BINARY_VARIABLES.entries()) {
          if (saved[index] === undefined) delete process.env[name];
          else process.env[name] = saved[index];
        }
      }
      const again = await build(options);
      expect(again.papers).toBeGreaterThan(0);
      expect(fileTree(options.outDir).has("pagefind/pagefind-entry.json")).toBe(true);
    },
  );

  it("says what Pagefind printed when it fails, and removes the temporary files", async () => {
    const { root } = await smallProject("pd-pagefind-printed-", 2);
    const tmp = await tmpFolder(root);
    expect(buildWith(root, undefined, [], tmp).code).toBe(0);
    expect(await readdir(tmp)).toEqual([]);
    const binary = await fakeBinary(root, 'echo "Error: the index could not be made" >&2; exit 3');
    const failed = buildWith(root, binary, ["--no-cache"], tmp);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("Pagefind's process exited with code 3 before the search index was built.");
    expect(failed.stderr).toContain("Reason: Pagefind printed: Error: the index could not be made");
    expect(await readdir(tmp)).toEqual([]);
  });

  it.skipIf(noPagefind)("fails the build when Pagefind leaves a paper out", async () => {
    const { root } = await smallProject("pd-pagefind-short-", 3);
    // Pagefind's command line is given `--site <folder of search documents>` first.
    const binary = await fakeBinary(root, `rm "$(find "$2" -name index.html | head -n 1)"\nexec '${REAL_BINARY}' "$@"`);
    const failed = buildWith(root, binary);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("Pagefind indexed 2 of the 3 papers of pagefind/.");
    expect(await readdir(root)).not.toContain("dist");
  });

  it("says so when its temporary folder cannot be written", async () => {
    const { root } = await smallProject("pd-pagefind-tmp-", 2);
    const failed = buildWith(root, undefined, [], join(root, "no-such-folder"));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/The search's temporary files could not be written to .*no-such-folder \(ENOENT\)/);
    expect(failed.stderr).toContain("set TMPDIR to a folder with room for them, or build without search (--no-search)");
    expect(await readdir(root)).not.toContain("dist");
  });

  it.skipIf(noPagefind)(
    "stopped by Ctrl-C while indexing, ends its Pagefind processes and removes their files",
    async () => {
      const { root, pids } = await archiveProject("pd-pagefind-int-", 180);
      const tmp = await tmpFolder(root);
      const binary = await fakeBinary(root, `echo $$ >> '${pids}'\nexec '${REAL_BINARY}' "$@"`);
      const child = spawn(process.execPath, [...BUILD_ARGS, "--no-cache"], {
        cwd: root,
        env: buildEnv(binary, tmp),
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr?.on("data", (chunk) => (stderr += chunk));
      const ended = new Promise<number | null>((resolve) => child.on("close", resolve));
      for (let i = 0; i < 3000 && (await started(pids)) === 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await started(pids)).toBeGreaterThan(0);
      // To the build alone, not its process group: the build must end what it started.
      child.kill("SIGINT");
      expect(await ended, stderr).toBe(130);
      expect(stderr).toContain("Stopped (SIGINT)");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await stillRunning(pids)).toEqual([]);
      expect(await readdir(tmp)).toEqual([]);
      expect(await readdir(root)).not.toContain("dist");
    },
  );

  it("killed outright (SIGKILL, as the system ends it for want of memory), leaves no Pagefind process running", async (context) => {
    skipFor(noPdeathsig, context, "Pagefind ending with a build killed outright");
    const { root } = await smallProject("pd-pagefind-orphan-", 2);
    const pids = join(root, "pids");
    // Stands in for a Pagefind that has a minute of indexing left.
    const binary = await fakeBinary(root, `echo $$ >> '${pids}'\nexec sleep 60`);
    const child = spawn(process.execPath, [...BUILD_ARGS, "--no-cache"], {
      cwd: root,
      env: buildEnv(binary),
      stdio: "ignore",
    });
    const ended = new Promise((resolve) => child.on("close", resolve));
    try {
      for (let i = 0; i < 3000 && (await started(pids)) === 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await started(pids)).toBe(1);
      // No handler of the build's runs.
      child.kill("SIGKILL");
      await ended;
      for (let i = 0; i < 100 && (await stillRunning(pids)).length > 0; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await stillRunning(pids)).toEqual([]);
    } finally {
      for (const pid of await stillRunning(pids)) process.kill(pid, "SIGKILL");
    }
  });

  it("says that its scratch folder is full when Pagefind runs out of space there", async () => {
    const { root } = await smallProject("pd-pagefind-full-", 2);
    const tmp = await tmpFolder(root);
    // As Pagefind panics when a write of its bundle fails for want of space.
    const binary = await fakeBinary(
      root,
      `echo "thread 'main' panicked: Os { code: 28, kind: StorageFull, message: \\"No space left on device\\" }" >&2; exit 101`,
    );
    const failed = buildWith(root, binary, [], tmp);
    expect(failed.code).toBe(1);
    // The folder as the build shows it: from where it runs (the project), `tmp`.
    expect(failed.stderr).toContain(
      "The search's temporary files could not be written to tmp (ENOSPC). Free some space",
    );
    expect(failed.stderr).not.toContain("report it to Pagefind");
  });

  it("keeps what Pagefind printed whole, a character split between two writes too", async () => {
    const { root } = await smallProject("pd-pagefind-utf8-", 2);
    // 경 is EA B2 BD in UTF-8: its bytes come in two writes.
    const binary = await fakeBinary(
      root,
      "printf 'Error: \\352\\262' >&2; sleep 0.2; printf '\\275로 not found' >&2; exit 2",
    );
    const failed = buildWith(root, binary);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("Reason: Pagefind printed: Error: 경로 not found");
  });

  it("names the platform package when Pagefind has no binary for the platform", async () => {
    const { root } = await smallProject("pd-pagefind-platform-", 2);
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_arch: "mips" };
    for (const name of BINARY_VARIABLES) delete env[name];
    const result = spawnSync(process.execPath, BUILD_ARGS, { cwd: root, env, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `Pagefind has no binary installed for this platform (the package @pagefind/${process.platform}-mips)`,
    );
    expect(result.stderr).toContain("--no-search");
  });
});
