// Issue #5: the build runs Pagefind's command line over search records it writes to a
// scratch folder. What the command line does beyond the Node API it replaced must not
// reach the site: settings of the user's own, the order a file system lists files in,
// and folders left by builds that were killed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statfsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { synthesizeArchive } from "../../scripts/synth.ts";
import { build as buildSite, DEFAULT_OPTIONS } from "../../src/build.ts";
import { pdeathsigRunner } from "../../src/search/pagefindCli.ts";
import { listingOrder, workFolderPrefix } from "../../src/search/scratchFolder.ts";
import { CLI } from "../helpers/cli.ts";
import { writeShellScript } from "../helpers/processes.ts";
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

/** Whether two folders list files in the same order (`listingOrder`, each in a folder of its own made in it). */
async function sameListingOrder(a: string, b: string): Promise<boolean> {
  const orders = await Promise.all([a, b].map(async (folder) => listingOrder(await mkdtemp(join(folder, "order-")))));
  return orders[0] === orders[1];
}

/** How many search shards a build's output has: the main bundle and those under `pagefind/shards/`. */
function shardCount(outDir: string): number {
  return 1 + readdirSync(join(outDir, "pagefind", "shards")).length;
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
    "re-indexes every shard when the scratch folder lists files in another order, so a rebuild matches a clean build",
    async () => {
      // Pagefind numbers pages in the order the file system lists their files (tmpfs newest
      // first or oldest first, ext4 by a hash of its own), so the same records give other bytes.
      const root = await project("pd-pagefind-scratch-", 40);
      const disk = join(root, "scratch");
      await mkdir(disk);
      // Outside the tests' own temporary folder, so removed here.
      const inMemory = await mkdtemp(join(memory as string, "pd-pagefind-scratch-"));
      try {
        if (await sameListingOrder(inMemory, disk)) return; // nothing to tell apart on this machine
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

  it("keeps the older shards when the scratch folder moves within one file system", async () => {
    const root = await project("pd-pagefind-move-", 40);
    const [first, second] = [join(root, "scratch-a"), join(root, "scratch-b")];
    for (const folder of [first, second]) await mkdir(folder);
    const options = { ...DEFAULT_OPTIONS, contentDir: join(root, "content"), outDir: join(root, "dist") };
    const saved = process.env.TMPDIR;
    try {
      process.env.TMPDIR = first;
      const cold = await buildSite(options);
      const day = join(root, "content", "2023", "05", "20.md");
      await writeFile(day, (await readFile(day, "utf8")).replace("Vote: ", "Vote: 1"));
      process.env.TMPDIR = second;
      const moved = await buildSite(options);
      // Every shard but the one of the edited day, as with the folder unmoved.
      expect(cold.cacheHits.searchShards).toBe(0);
      expect(moved.cacheHits.searchShards).toBeGreaterThan(0);
      expect(moved.cacheHits.searchShards).toBe(shardCount(options.outDir) - 1);
    } finally {
      process.env.TMPDIR = saved;
    }
  }, 90_000);

  it("removes the scratch folders of builds that were killed, and leaves those of running ones", async () => {
    const root = await project("pd-pagefind-stale-", 2);
    const tmp = join(root, "tmp");
    // This process's own, and one of a pid no process has (above Linux's largest)…
    const alive = join(tmp, `${workFolderPrefix()}aBcDeF`);
    const dead = join(tmp, `${workFolderPrefix().replace(`-${process.pid}-`, "-4194399-")}aBcDeF`);
    // …and a fresh one of another pid namespace (a container sharing /tmp), whose pids mean nothing here.
    const foreign = join(tmp, "paper-digest-search-1-4194399-aBcDeF");
    for (const folder of [dead, alive, foreign]) await mkdir(join(folder, "1", "site"), { recursive: true });
    build(root, "dist", { TMPDIR: tmp });
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
  }, 60_000);
});

describe("the runner that ends Pagefind with the build (pdeathsigRunner)", () => {
  /** A stand-in for `setpriv`: a shell script with this body, in a folder of its own. */
  async function standIn(body: string): Promise<string> {
    return writeShellScript(join(await mkdtemp(join(tmpdir(), "pd-setpriv-")), "setpriv"), body);
  }

  it.skipIf(process.platform === "win32")(
    "is the first setpriv that runs a command with --pdeathsig, and none where it refuses it",
    async () => {
      // An older util-linux's knows no --pdeathsig: every Pagefind run through it would fail.
      const old = await standIn(`echo "setpriv: unrecognized option '$1'" >&2; exit 1`);
      // Runs what follows `--`, as setpriv does, and says its version.
      const able = await standIn(
        'case " $* " in *" -- "*) while [ "$1" != "--" ]; do shift; done; shift; exec "$@";; esac\necho "setpriv 2.38"',
      );
      expect(pdeathsigRunner([])).toBeNull();
      expect(pdeathsigRunner([join(tmpdir(), "no-such-setpriv")])).toBeNull();
      expect(pdeathsigRunner([old])).toBeNull();
      expect(pdeathsigRunner([able])).toBe(able);
      expect(pdeathsigRunner([join(tmpdir(), "no-such-setpriv"), able])).toBe(able);
    },
  );
});
