// Issue #5: a Pagefind process that dies (the system ends it when memory runs out, or the
// binary is not Pagefind) fails the build with advice and leaves the output as it was.
// Pagefind's module notices a dead process only when a write to it fails, so one that
// died while a reply was awaited used to leave the build waiting for ever.
import { spawnSync } from "node:child_process";
import { chmod, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { fileTree } from "../helpers/tree.ts";
import { goodDay, smallProject } from "../robustness/helpers.ts";

/** Builds `root`'s content with `binary` in place of Pagefind's; a build that hangs is stopped at 60 s. */
function buildWith(root: string, binary?: string) {
  const env = { ...process.env };
  if (binary !== undefined) {
    // Where Pagefind's Node module looks first for its binary (pagefind/lib/resolveBinary.js).
    env.PAGEFIND_EXTENDED_BINARY_PATH = binary;
    env.PAGEFIND_BINARY_PATH = binary;
  }
  const result = spawnSync(process.execPath, [CLI, "build", "--content", "content", "--out", "dist"], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, signal: result.signal, stderr: result.stderr };
}

/** A stand-in for Pagefind's binary: a shell script with this body. */
async function fakeBinary(root: string, body: string): Promise<string> {
  const path = join(root, "fake-pagefind");
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

describe("paper-digest build: a Pagefind process that dies", () => {
  it.each([
    // Reads the start of the first request, so the request is written whole, then is killed
    // as the system kills a process for want of memory: no write fails after it.
    ["killed by SIGKILL", "head -c 1 >/dev/null; kill -KILL $$", /was killed by SIGKILL .*memory runs out/],
    ["not Pagefind", "head -c 1 >/dev/null; exit 3", /(exited with code 3|Pagefind stopped) .*npm ci/],
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
});
