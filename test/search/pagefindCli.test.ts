// Issue #5: the build runs Pagefind's command line over search records it writes to a
// scratch folder. What the command line does beyond the Node API it replaced must not
// reach the site: settings of the user's own, the order a file system lists files in,
// and folders left by builds that were killed.
import { spawnSync } from "node:child_process";
import { existsSync, statfsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthesizeArchive } from "../../scripts/synth.ts";
import { CLI } from "../helpers/cli.ts";
import { fileTree } from "../helpers/tree.ts";

/** A project of `days` synthetic days. */
async function project(prefix: string, days: number): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  await synthesizeArchive(join(root, "content"), days);
  return root;
}

/** Builds `root`'s content into `out` with `env` added; the output's files and their hashes. */
function build(root: string, out: string, env: NodeJS.ProcessEnv, flags: readonly string[] = []) {
  const result = spawnSync(process.execPath, [CLI, "build", "--content", "content", "--out", out, ...flags], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  expect(result.status, result.stderr).toBe(0);
  return fileTree(join(root, out));
}

/** A memory-backed folder to build in, where there is one. */
const memory = (() => {
  try {
    return statfsSync("/dev/shm").bavail > 0 ? "/dev/shm" : null;
  } catch {
    return null;
  }
})();

describe("Pagefind's command line in a build", () => {
  it("is not steered by a pagefind.yml in the working folder or PAGEFIND_* variables", async () => {
    const root = await project("pd-pagefind-cfg-", 3);
    const plain = build(root, "dist-plain", {});
    // A site's own Pagefind settings, as a Hugo site keeps them beside its content.
    await writeFile(join(root, "pagefind.yml"), "keep_index_url: true\nroot_selector: main\n");
    const steered = build(root, "dist-steered", { PAGEFIND_WRITE_PLAYGROUND: "true", PAGEFIND_ROOT_SELECTOR: "main" });
    expect(steered).toEqual(plain);
  }, 60_000);

  it.skipIf(memory === null)(
    "re-indexes every shard when the scratch folder moves to another file system, so a rebuild matches a clean build",
    async () => {
      // tmpfs and a disk's file system list a folder's files in different orders, and
      // Pagefind numbers pages in that order, so the same records give other index bytes.
      const root = await project("pd-pagefind-scratch-", 40);
      const disk = join(root, "scratch");
      await mkdir(disk);
      // Outside the tests' own temporary folder, so removed here.
      const inMemory = await mkdtemp(join(memory as string, "pd-pagefind-scratch-"));
      try {
        build(root, "dist", { TMPDIR: inMemory });
      } finally {
        await rm(inMemory, { recursive: true, force: true });
      }
      const day = join(root, "content", "2023", "05", "20.md");
      await writeFile(day, (await readFile(day, "utf8")).replace("Vote: ", "Vote: 1"));
      const rebuilt = build(root, "dist", { TMPDIR: disk });
      const clean = build(root, "dist-clean", { TMPDIR: disk }, ["--no-cache"]);
      expect(rebuilt).toEqual(clean);
    },
    90_000,
  );

  it("removes the scratch folders of builds that were killed, and leaves those of running ones", async () => {
    const root = await project("pd-pagefind-stale-", 2);
    const tmp = join(root, "tmp");
    // A pid no process has (above Linux's largest), and this test's own.
    const dead = join(tmp, "paper-digest-search-4194399-aBcDeF");
    const alive = join(tmp, `paper-digest-search-${process.pid}-aBcDeF`);
    for (const folder of [dead, alive]) await mkdir(join(folder, "1", "site"), { recursive: true });
    build(root, "dist", { TMPDIR: tmp });
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(alive)).toBe(true);
  }, 60_000);
});
