// Issue #6: a failed or interrupted build leaves the previous dist/ exactly as it was,
// and nothing is ever written outside the output folder.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { build, DEFAULT_OPTIONS } from "../../src/build.ts";
import {
  abortOpenWrites,
  recoverInterruptedWrite,
  SiteWriter,
  safeOutputPath,
  writeSite,
} from "../../src/io/writeSite.ts";
import { normalizeArxivId, readArxivLink } from "../../src/parse/arxiv.ts";
import { paperSlug } from "../../src/render/paths.ts";
import { CLI } from "../helpers/cli.ts";
import { eventually } from "../helpers/eventually.ts";
import { runningProcess } from "../helpers/processes.ts";
import { fileTree } from "../helpers/tree.ts";
import { goodDay, smallProject, tempDir } from "./helpers.ts";

describe("output paths never escape the output folder", () => {
  it.each(["../x", "../../etc/passwd", "/etc/passwd", "a/../../x", "..", "", "a\0b", "papers/../../x"])(
    "safeOutputPath rejects %j",
    (path) => {
      expect(() => safeOutputPath(path)).toThrow(/outside the output folder/);
    },
  );

  it.each([
    ["papers/2501.00001/index.html", "papers/2501.00001/index.html"],
    ["a/./b/../c.html", "a/c.html"],
    ["tags/강화학습/index.html", "tags/강화학습/index.html"],
    ["..hidden/x", "..hidden/x"],
  ])("safeOutputPath keeps %j inside as %j", (path, expected) => {
    expect(safeOutputPath(path)).toBe(expected);
  });

  test.prop([fc.array(fc.constantFrom("a", "b.html", ".", "..", "", "..a", ".b", "\0", "강"), { maxLength: 6 })])(
    "safeOutputPath agrees with normalising every path, for paths made of tricky segments",
    (segments) => {
      const path = segments.join("/");
      const normal = posix.normalize(path);
      const outside =
        path === "" || path.startsWith("/") || normal.startsWith("../") || normal === ".." || normal.includes("\0");
      if (outside) expect(() => safeOutputPath(path)).toThrow(/outside the output folder/);
      else expect(safeOutputPath(path)).toBe(normal);
    },
  );

  it.each([
    "../../x",
    "..%2F..%2Fx",
    "2501.00001/../../x",
    "/etc/passwd",
    "2501.00001\0",
    "hep-th/../9901001",
    "a/b/c",
  ])("the arXiv id pattern rejects %j", (id) => {
    expect(normalizeArxivId(id)).toBeNull();
  });

  it.each([
    "https://arxiv.org/abs/../../x",
    "https://arxiv.org/abs/..%2F..%2Fx",
    "https://arxiv.org/abs/2501.00001%2F..%2F..%2Fx",
    "javascript:alert(1)",
    "file:///etc/passwd",
  ])("a heading link %j gives no id", (href) => {
    expect(readArxivLink(href).ok).toBe(false);
  });

  it("old-style ids become one folder level", () => {
    expect(paperSlug(normalizeArxivId("hep-th/9901001") ?? "")).toBe("hep-th_9901001");
  });

  it("a failing write leaves the previous site byte-identical and no staging folder", async () => {
    const root = await tempDir();
    const out = join(root, "dist");
    await writeSite(
      new Map([
        ["index.html", "old"],
        ["a/b.html", "old b"],
      ]),
      out,
    );
    const before = fileTree(out);
    const bad = new Map<string, string>([
      ["index.html", "new"],
      ["../escape.html", "x"],
    ]);
    await expect(writeSite(bad, out)).rejects.toThrow(/previous site is unchanged/);
    expect(fileTree(out)).toEqual(before);
    expect((await readdir(root)).sort()).toEqual(["dist"]);
  });
});

describe("a write dropped by a signal", () => {
  it("while its files are still being written leaves the previous site, no staging folder, and never applies", async () => {
    const root = await tempDir();
    const out = join(root, "dist");
    await writeSite(new Map([["index.html", "previous"]]), out);
    const before = fileTree(out);
    const writer = await SiteWriter.open(out);
    // Past the first files written on this thread, so the rest go to the writing threads.
    for (let n = 0; n < 400; n += 1) writer.add(`papers/${n}/index.html`, `page ${n} `.repeat(2000));
    let applied = false;
    const committed = writer
      .commit(() => {
        applied = true;
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(await abortOpenWrites()).toBe(1);
    expect(String(await committed)).toMatch(/previous site is unchanged/);
    // The build forgets its saved cache in that callback: it must still describe the output.
    expect(applied).toBe(false);
    expect(fileTree(out)).toEqual(before);
    expect((await readdir(root)).sort()).toEqual(["dist"]);
    expect(await abortOpenWrites()).toBe(0);
  });
});

describe("recovery after an interrupted build", () => {
  const DEAD_PID = 99_999_999;

  /**
   * An output folder whose home page reads "old home", and the staging folder `name` beside
   * it of a build killed while replacing it with "new home" (its journal says so).
   */
  async function killedWhileReplacingHome(name: string) {
    const root = await tempDir();
    const out = join(root, "dist");
    await writeSite(new Map([["index.html", "old home"]]), out);
    const staging = join(root, name);
    await mkdir(staging);
    await writeFile(join(staging, "index.html"), "new home");
    await writeFile(`${staging}.journal`, JSON.stringify({ replace: ["index.html"], remove: [] }));
    return { root, out, staging };
  }

  it("removes the staging folder of a build that died before its commit", async () => {
    const root = await tempDir();
    const out = join(root, "dist");
    await writeSite(new Map([["index.html", "previous"]]), out);
    const before = fileTree(out);
    await mkdir(join(root, `.dist.building-${DEAD_PID}-abcd1234`));
    await writeFile(join(root, `.dist.building-${DEAD_PID}-abcd1234`, "index.html"), "half");
    expect(await recoverInterruptedWrite(out)).toBe(false);
    expect(fileTree(out)).toEqual(before);
    expect((await readdir(root)).sort()).toEqual(["dist"]);
  });

  it("removes a dead build's staging folder in a build that has nothing to write too", async () => {
    const { root, content, out } = await smallProject("pd-stale-");
    const options = { ...DEFAULT_OPTIONS, contentDir: content, outDir: out, search: false };
    await build(options);
    const before = fileTree(out);
    const staging = join(root, `.dist.building-${DEAD_PID}-abcd1234`);
    await mkdir(staging);
    await writeFile(join(staging, "index.html"), "half");
    const again = await build(options);
    // Nothing changed: the build stopped before parsing (it used to leave the folder then).
    expect(again.content).toBeNull();
    expect(existsSync(staging)).toBe(false);
    expect(fileTree(out)).toEqual(before);
  });

  it("completes the change of a build that died while applying it", async () => {
    const root = await tempDir();
    const out = join(root, "dist");
    const previous = new Map([
      ["index.html", "old home"],
      ["a/b.html", "stays"],
      ["gone/c.html", "removed"],
      ["d.html", "old d"],
    ]);
    await writeSite(previous, out);
    const clean = join(root, "clean");
    await writeSite(
      new Map([
        ["index.html", "new home"],
        ["a/b.html", "stays"],
        ["d.html", "new d"],
        ["e/f.html", "added"],
      ]),
      clean,
    );
    // As if killed after moving the new home page in: d.html and e/f.html still wait in staging.
    const staging = join(root, `.dist.building-${DEAD_PID}-abcd1234`);
    await mkdir(join(staging, "e"), { recursive: true });
    await writeFile(join(staging, "d.html"), "new d");
    await writeFile(join(staging, "e", "f.html"), "added");
    await writeFile(join(out, "index.html"), "new home");
    const journal = { replace: ["index.html", "d.html", "e/f.html"], remove: ["gone/c.html"] };
    await writeFile(`${staging}.journal`, JSON.stringify(journal));

    expect(await recoverInterruptedWrite(out)).toBe(true);
    expect(fileTree(out)).toEqual(fileTree(clean));
    expect((await readdir(root)).sort()).toEqual(["clean", "dist"]);
    // Applying it again (killed during recovery) changes nothing.
    await mkdir(staging);
    await writeFile(`${staging}.journal`, JSON.stringify(journal));
    await recoverInterruptedWrite(out);
    expect(fileTree(out)).toEqual(fileTree(clean));
  });

  it("leaves the staging folder of a write this process has open alone", async () => {
    const root = await tempDir();
    const out = join(root, "dist");
    const writer = await SiteWriter.open(out);
    try {
      writer.add("index.html", "being written");
      expect(await recoverInterruptedWrite(out)).toBe(false);
      expect(existsSync(join(writer.staging, "index.html"))).toBe(true);
    } finally {
      await writer.abort();
    }
  });

  it("completes a change of this process whose commit failed midway (the dev server's next build)", async () => {
    const { root, out } = await killedWhileReplacingHome(`.dist.building-${process.pid}-abcd1234`);
    expect(await recoverInterruptedWrite(out)).toBe(true);
    expect(await readFile(join(out, "index.html"), "utf8")).toBe("new home");
    expect((await readdir(root)).sort()).toEqual(["dist"]);
  });

  it("completes the change of a killed build whose process id names a running process now", async () => {
    // Process 1 runs (containers give out the same low ids run after run).
    const { root, out } = await killedWhileReplacingHome(".dist.building-1-abcd1234");
    expect(await recoverInterruptedWrite(out)).toBe(true);
    expect(await readFile(join(out, "index.html"), "utf8")).toBe("new home");
    expect((await readdir(root)).sort()).toEqual(["dist"]);
  });

  it("completes the change of another pid namespace's killed build at once, though its id names a process here", async () => {
    // A container's build, process 1 there (process 1 runs here too), killed while applying its change.
    const { root, out } = await killedWhileReplacingHome(".dist.building-1-4026599999-abcd1234");
    expect(await recoverInterruptedWrite(out)).toBe(true);
    expect(await readFile(join(out, "index.html"), "utf8")).toBe("new home");
    expect((await readdir(root)).sort()).toEqual(["dist"]);
  });

  it("removes another running process's staging folder: holding the claim, no other build writes", async () => {
    const root = await tempDir();
    const out = join(root, "dist");
    const other = runningProcess();
    try {
      await mkdir(join(root, `.dist.building-${other.pid}-0000ffff`));
      expect(await recoverInterruptedWrite(out)).toBe(false);
      expect(await readdir(root)).toEqual([]);
    } finally {
      other.kill();
    }
  });

  it("the next writeSite cleans up and writes normally", async () => {
    const root = await tempDir();
    const out = join(root, "dist");
    await mkdir(join(root, `.dist.building-${DEAD_PID}-0000aaaa`));
    await writeSite(new Map([["index.html", "fresh"]]), out);
    expect((await readdir(root)).sort()).toEqual(["dist"]);
    expect(await readFile(join(out, "index.html"), "utf8")).toBe("fresh");
  });
});

describe("writing over a previous site", () => {
  it("moves in only changed files, removes dropped ones with their empty folders, and keeps the rest untouched", async () => {
    const root = await tempDir();
    const out = join(root, "dist");
    await writeSite(
      new Map([
        ["index.html", "old"],
        ["same.html", "same"],
        ["old/deep/x.html", "dropped"],
        ["page", "a file that becomes a folder"],
      ]),
      out,
    );
    const sameTime = (await stat(join(out, "same.html"))).mtimeMs;
    await new Promise((wait) => setTimeout(wait, 20));
    const result = await writeSite(
      new Map([
        ["index.html", "new"],
        ["same.html", "same"],
        ["page/index.html", "now a folder"],
      ]),
      out,
    );
    expect([result.written, result.unchanged]).toEqual([2, 1]);
    expect([...fileTree(out).keys()].sort()).toEqual(["index.html", "page/index.html", "same.html"]);
    expect(await readdir(out)).not.toContain("old");
    expect((await stat(join(out, "same.html"))).mtimeMs).toBe(sameTime);
    expect(await readFile(join(out, "page/index.html"), "utf8")).toBe("now a folder");
    expect((await readdir(root)).sort()).toEqual(["dist"]);
  });
});

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Starts `paper-digest build` from `content` in `root` with extra arguments. */
function startBuild(root: string, content: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [CLI, "build", "--content", content, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    cwd: root,
  });
}

function finished(child: ChildProcess): Promise<Finished> {
  return new Promise((done) => {
    let stderr = "";
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code, signal) => done({ code, signal, stderr }));
  });
}

/**
 * Waits (`eventually`, looking every `everyMs`, for up to a minute) until `condition` holds
 * or the build has ended.
 * @returns whether `condition` held
 */
async function whileBuilding(child: ChildProcess, condition: () => boolean | Promise<boolean>, everyMs: number) {
  let held = false;
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const heldOrEnded = async () => {
    held = await condition();
    return held || ended();
  };
  await eventually(heldOrEnded, 60_000, everyMs).catch(() => undefined);
  return held;
}

/** Sends the build `signal` as soon as its staging folder appears; true when it did. */
async function killWhileWriting(
  root: string,
  child: ChildProcess,
  signal: NodeJS.Signals = "SIGKILL",
): Promise<boolean> {
  const writing = async () => (await readdir(root)).some((name) => name.startsWith(".dist.building-"));
  return (await whileBuilding(child, writing, 5)) && child.kill(signal);
}

/** A month of bigger days, so that writing takes long enough to be killed. */
async function addFebruary(content: string): Promise<void> {
  for (let day = 1; day <= 28; day += 1) {
    const key = `2024-02-${String(day).padStart(2, "0")}`;
    await writeFile(join(content, `${key}.md`), goodDay(key, 25).text);
  }
}

describe("a build stopped before it writes", () => {
  it("says so, and leaves the previous site as it was", async () => {
    const { root, content, out } = await smallProject("pd-early-");
    const build = () => startBuild(root, content, ["--out", out, "--no-search", "--no-cache"]);
    expect((await finished(build())).code).toBe(0);
    const before = fileTree(out);
    // Enough days that parsing outlasts the wait for the build's claim on the output folder.
    for (let day = 1; day <= 120; day += 1) {
      const key = `2024-${String(Math.ceil(day / 28)).padStart(2, "0")}-${String(((day - 1) % 28) + 1).padStart(2, "0")}`;
      await writeFile(join(content, `${key}.md`), goodDay(key, 25).text);
    }
    const child = build();
    const result = finished(child);
    // The claim is taken once the signal handlers are set, and before any file is parsed.
    const claimed = await whileBuilding(child, () => existsSync(join(root, ".dist.lock")), 2);
    child.kill("SIGINT");
    expect(claimed, "the build never claimed the output folder").toBe(true);
    const outcome = await result;
    expect(outcome.code, outcome.stderr).toBe(130);
    expect(outcome.stderr).toContain("Stopped (SIGINT) before anything was written; the output folder is as it was.");
    expect(fileTree(out)).toEqual(before);
  }, 120_000);
});

describe("a build killed half way (issue #6)", () => {
  it("leaves the previous site intact, and the next build recovers", async () => {
    const { root, content, out } = await smallProject();
    const build = () => startBuild(root, content, ["--out", out, "--no-cache"]);
    const first = await finished(build());
    expect(first.code, first.stderr).toBe(0);
    const before = fileTree(out);
    expect([...before.keys()]).toContain("index.html");

    await addFebruary(content);
    const child = build();
    const result = finished(child);
    const killed = await killWhileWriting(root, child);
    const outcome = await result;
    expect(killed, outcome.stderr).toBe(true);
    expect(outcome.signal).toBe("SIGKILL");
    expect(fileTree(out)).toEqual(before);

    const next = await finished(build());
    expect(next.code, next.stderr).toBe(0);
    expect((await readdir(root)).filter((name) => name.startsWith(".dist."))).toEqual([]);
    expect([...fileTree(out).keys()]).toContain("days/2024-02-28/index.html");
  }, 120_000);

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "a build stopped by %s while writing drops its staging folder itself and leaves the previous site intact",
    async (signal, code) => {
      const { root, content, out } = await smallProject("pd-interrupt-");
      const build = () => startBuild(root, content, ["--out", out, "--no-search"]);
      expect((await finished(build())).code).toBe(0);
      const before = fileTree(out);
      await addFebruary(content);
      const child = build();
      const result = finished(child);
      expect(await killWhileWriting(root, child, signal)).toBe(true);
      const outcome = await result;
      expect(outcome.code, outcome.stderr).toBe(code);
      expect(outcome.stderr).toContain(`Stopped (${signal}): the unfinished build was dropped`);
      // The build fails at its next file once its write is dropped; that is the stop, not an error to report.
      expect(outcome.stderr).not.toMatch(/Build failed|Internal error|Error:/);
      // Without a next build to clean up after it (Ctrl-C in the dev server left the folder before).
      expect((await readdir(root)).filter((name) => name.startsWith(".dist."))).toEqual([]);
      expect(fileTree(out)).toEqual(before);
      // The cache still describes the site that is there: the next build equals a clean one.
      expect((await finished(build())).code).toBe(0);
      expect(
        (await finished(startBuild(root, content, ["--out", join(root, "clean"), "--no-search", "--no-cache"]))).code,
      ).toBe(0);
      expect(fileTree(out)).toEqual(fileTree(join(root, "clean")));
    },
    120_000,
  );

  it("a build killed while writing, with the cache on, leaves no cache that could keep stale pages (review 2 #3)", async () => {
    const { root, content, out } = await smallProject("pd-kill-cache-");
    const build = (outDir: string, extra: string[] = []) =>
      startBuild(root, content, ["--out", outDir, "--no-search", ...extra]);
    // The page keys and output hashes, and the stamp; the parsed records stay in their own
    // folder, since they hold no claim about the output (src/cache/RecordStore.ts), and so
    // do the content stamps, saved only when a build starts 2 s after the content was written.
    const cacheFiles = async () =>
      (await readdir(join(root, ".cache", "dist")).catch(() => [] as string[])).filter((name) =>
        /^(build|stamp)-v\d+\.bin$/.test(name),
      ).length;

    expect((await finished(build(out))).code).toBe(0);
    expect(await cacheFiles()).toBe(2);
    await addFebruary(content);
    const child = build(out);
    const result = finished(child);
    expect(await killWhileWriting(root, child)).toBe(true);
    expect((await result).signal).toBe("SIGKILL");
    // Killed before its swap the build leaves the old cache, which still describes the old
    // site; past the swap it has already removed it (src/build.ts). Either way the next
    // build must equal a clean one.
    expect(await cacheFiles()).toBeLessThanOrEqual(2);

    expect((await finished(build(out))).code).toBe(0);
    expect((await finished(build(join(root, "clean"), ["--no-cache"]))).code).toBe(0);
    expect(fileTree(out)).toEqual(fileTree(join(root, "clean")));
  }, 120_000);
});
