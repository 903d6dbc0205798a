// An audit of the incremental build (issue #5): two builds writing one output folder at
// once left a site that was neither's, and every later build kept it; an output folder
// inside the templates copied the last build's output into itself on every build.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, DEFAULT_OPTIONS } from "../../src/build.ts";
import { WriteError } from "../../src/errors.ts";
import { OutputClaimedError } from "../../src/io/index.ts";
import { pidNamespace } from "../../src/io/processes.ts";
import { CLI } from "../helpers/cli.ts";
import { goneProcessId, runningProcess } from "../helpers/processes.ts";
import { smallProject } from "./helpers.ts";

const repo = join(import.meta.dirname, "..", "..");

/** Why a process cannot be started in a pid namespace of its own here (not root, or a container that forbids it), or null. */
const noPidNamespace = (() => {
  const probe = spawnSync("unshare", ["--pid", "--fork", "--mount-proc", "true"], { encoding: "utf8" });
  return probe.status === 0 ? null : `unshare --pid failed: ${probe.error?.message ?? probe.stderr.trim()}`;
})();

async function project(prefix: string) {
  const { root, content, out } = await smallProject(prefix, 2);
  return { root, out, options: { ...DEFAULT_OPTIONS, contentDir: content, outDir: out, search: false } };
}

describe("one output folder, one build at a time", () => {
  it("refuses a second build while the first runs, and builds again once it is done", async () => {
    const { root, out, options } = await project("pd-claim-");
    let second: Promise<unknown> | undefined;
    const first = build({
      ...options,
      // The first build holds the folder from before it reads the cache; started from here, the second overlaps it.
      onStart: () => {
        second = build({ ...options, overrides: { siteUrl: "https://other.example" } });
        // Asserted below, once the first is done.
        second.catch(() => undefined);
      },
    });
    await expect(first).resolves.toMatchObject({ papers: 2 });
    await expect(second).rejects.toThrow(
      new RegExp(`^Another build \\(process ${process.pid}\\) is writing \`${out}\`; wait until it ends`),
    );
    await expect(second).rejects.toBeInstanceOf(WriteError);
    expect(readdirSync(root).filter((name) => name.endsWith(".lock"))).toEqual([]);
    await expect(build(options)).resolves.toMatchObject({ papers: 2 });
  });

  it("takes over the claim of a build that is gone", async () => {
    const { root, options } = await project("pd-claim-stale-");
    const gone = goneProcessId();
    expect(gone).toBeGreaterThan(0);
    writeFileSync(join(root, ".dist.lock"), String(gone));
    await expect(build(options)).resolves.toMatchObject({ papers: 2 });
    expect(existsSync(join(root, ".dist.lock"))).toBe(false);
  });

  it("takes over a claim whose process id came round again", async () => {
    const { root, options } = await project("pd-claim-reused-");
    const lock = join(root, ".dist.lock");
    // A killed build's id that is this process's now (containers give out the same ids each run).
    writeFileSync(lock, String(process.pid));
    await expect(build(options)).resolves.toMatchObject({ papers: 2 });
    // A running process that started after the claim was made cannot have made it.
    if (existsSync("/proc/1/stat")) {
      writeFileSync(lock, "1");
      utimesSync(lock, new Date("2001-01-01"), new Date("2001-01-01"));
      await expect(build(options)).resolves.toMatchObject({ papers: 2 });
    }
    expect(existsSync(lock)).toBe(false);
  });

  it("names its pid namespace in its claim, and holds off a fresh claim of another for a day", async () => {
    const { root, out, options } = await project("pd-claim-foreign-");
    const lock = join(root, ".dist.lock");
    let own = "";
    await build({
      ...options,
      onStart: () => {
        own = readFileSync(lock, "utf8");
      },
    });
    expect(own).toBe(`${process.pid} ${pidNamespace()}`);
    // A build in a container sharing the folder: its process id means nothing here, where
    // no process has it, and it is running for all this process can tell.
    const elsewhere = goneProcessId();
    writeFileSync(lock, `${elsewhere} 1`);
    const refused = build(options);
    await expect(refused).rejects.toThrow(
      new RegExp(
        `^Another build \\(process ${elsewhere} of another pid namespace: a container, or the host\\) is writing \`${out}\``,
      ),
    );
    await expect(refused).rejects.toBeInstanceOf(OutputClaimedError);
    expect(readFileSync(lock, "utf8")).toBe(`${elsewhere} 1`);
    // Made two days ago, it is a killed build's.
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(lock, twoDaysAgo, twoDaysAgo);
    await expect(build(options)).resolves.toMatchObject({ papers: 2 });
    expect(existsSync(lock)).toBe(false);
  });

  it("reads a claim by its first two numbers, whatever a later version writes after them", async () => {
    const { root, out, options } = await project("pd-claim-later-");
    const lock = join(root, ".dist.lock");
    // A running process's id and this namespace, as a build of a later version would write them.
    const other = runningProcess();
    try {
      writeFileSync(lock, `${other.pid} ${pidNamespace()} 1732345678 more\n`);
      utimesSync(lock, new Date(), new Date());
      await expect(build(options)).rejects.toThrow(
        new RegExp(`^Another build \\(process ${other.pid}\\) is writing \`${out}\``),
      );
      expect(existsSync(lock)).toBe(true);
    } finally {
      other.kill();
    }
  });

  it("takes over a stale claim past a breaker another pid namespace's build left", async () => {
    const { root, options } = await project("pd-claim-breaker-");
    const gone = goneProcessId();
    writeFileSync(join(root, ".dist.lock"), String(gone));
    // A build in a container was killed while it broke a stale claim; held for microseconds
    // by a running build, so one this old is not.
    const breaker = join(root, ".dist.lock.break");
    writeFileSync(breaker, `${gone} 1`);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(breaker, twoMinutesAgo, twoMinutesAgo);
    await expect(build(options)).resolves.toMatchObject({ papers: 2 });
    expect(readdirSync(root).filter((name) => name.includes(".lock"))).toEqual([]);
  });

  it("waits for a breaker whose build runs, however long it has held it (stopped, swapped out)", async () => {
    const { root, options } = await project("pd-claim-stalled-");
    const gone = goneProcessId();
    writeFileSync(join(root, ".dist.lock"), String(gone));
    const stalled = runningProcess();
    const breaker = join(root, ".dist.lock.break");
    try {
      // Held for 1.5 s: made, as far as can be told, after that process started (START_SLACK_MS).
      writeFileSync(breaker, `${stalled.pid} ${pidNamespace()}`);
      const heldSince = new Date(Date.now() - 1500);
      utimesSync(breaker, heldSince, heldSince);
      // Taking over under it, this build could remove the claim the stalled one makes when it resumes.
      await expect(build(options)).rejects.toThrow(/^Could not claim .*\.dist\.lock\.break`, if there is one\)\.$/);
      expect(readFileSync(breaker, "utf8")).toBe(`${stalled.pid} ${pidNamespace()}`);
    } finally {
      stalled.kill();
    }
  });

  it("refuses a build in another pid namespace while a build here holds the folder", async (context) => {
    if (noPidNamespace !== null) {
      console.warn(`Skipped the test of a build in another pid namespace: ${noPidNamespace}`);
      context.skip(noPidNamespace);
    }
    const { root, out, options } = await project("pd-claim-container-");
    // Holds the claim until its input closes.
    const holder = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `import { claimOutputFolder } from ${JSON.stringify(join(repo, "src/io/outputLock.ts"))};
           const release = claimOutputFolder(${JSON.stringify(out)});
           console.log("claimed");
           process.stdin.on("end", () => { release(); process.exit(0); }).resume();`,
      ],
      { cwd: repo, stdio: ["pipe", "pipe", "inherit"] },
    );
    try {
      await new Promise((claimed) => holder.stdout.once("data", claimed));
      const claim = readFileSync(join(root, ".dist.lock"), "utf8");
      // As a container would: its own pid namespace, in which this one's ids name no process.
      const command = [CLI, "build", "--content", options.contentDir, "--out", out, "--no-search"];
      const inContainer = spawnSync("unshare", ["--pid", "--fork", "--mount-proc", process.execPath, ...command], {
        encoding: "utf8",
      });
      expect(inContainer.status).toBe(1);
      expect(inContainer.stderr).toContain(`Another build (process ${holder.pid} of another pid namespace`);
      expect(existsSync(out)).toBe(false);
      expect(readFileSync(join(root, ".dist.lock"), "utf8")).toBe(claim);
    } finally {
      holder.stdin.end();
      await new Promise((ended) => holder.once("exit", ended));
    }
    expect(existsSync(join(root, ".dist.lock"))).toBe(false);
  }, 30_000);

  it("lets one build at a time take over a stale claim when several start together", async () => {
    const { root } = await project("pd-claim-race-");
    writeFileSync(join(root, ".dist.lock"), "999999999");
    const log = join(root, "claims.log");
    // Each holds the claim for 300 ms and logs when; all start at the same moment.
    const startAt = Date.now() + 4000;
    const claimer = `
      import { appendFileSync } from "node:fs";
      import { claimOutputFolder } from ${JSON.stringify(join(import.meta.dirname, "../../src/io/outputLock.ts"))};
      while (Date.now() < ${startAt}) {}
      try {
        const release = claimOutputFolder(${JSON.stringify(join(root, "dist"))});
        const got = Date.now();
        while (Date.now() - got < 300) {}
        appendFileSync(${JSON.stringify(log)}, got + " " + Date.now() + "\\n");
        release();
      } catch (error) {
        if (error.constructor.name !== "OutputClaimedError") appendFileSync(${JSON.stringify(log)}, "error " + error.message + "\\n");
      }`;
    const children = Array.from({ length: 6 }, () =>
      spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", claimer], {
        cwd: repo,
        stdio: "inherit",
      }),
    );
    await Promise.all(children.map((child) => new Promise((done) => child.on("exit", done))));
    const lines = readFileSync(log, "utf8").trim().split("\n");
    expect(lines.filter((line) => line.startsWith("error"))).toEqual([]);
    const held = lines.map((line) => line.split(" ").map(Number) as [number, number]).sort((a, b) => a[0] - b[0]);
    expect(held.length).toBeGreaterThan(0);
    for (const [index, [got]] of held.entries())
      if (index > 0) expect(got).toBeGreaterThanOrEqual(held[index - 1]?.[1] ?? 0);
  }, 30_000);
});

describe("an output folder inside the templates", () => {
  it("is refused before anything is written there", async () => {
    const { root, options } = await project("pd-out-templates-");
    const templatesDir = join(root, "templates");
    cpSync(DEFAULT_OPTIONS.templatesDir, templatesDir, { recursive: true });
    const before = readdirSync(join(templatesDir, "assets"));
    await expect(build({ ...options, templatesDir, outDir: join(templatesDir, "assets", "out") })).rejects.toThrow(
      /^Refusing to write the site to `.*assets\/out`: it is inside `.*templates`, which every build reads/,
    );
    expect(readdirSync(join(templatesDir, "assets"))).toEqual(before);
  });
});
