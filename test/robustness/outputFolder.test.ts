// An audit of the incremental build (issue #5): two builds writing one output folder at
// once left a site that was neither's, and every later build kept it; an output folder
// inside the templates copied the last build's output into itself on every build.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, DEFAULT_OPTIONS } from "../../src/build.ts";
import { WriteError } from "../../src/errors.ts";
import { smallProject } from "./helpers.ts";

const repo = join(import.meta.dirname, "..", "..");

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
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
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
