// Issue #5: the command starts from one compiled JavaScript file, made again whenever
// the sources change, and still runs (through tsx) where that file cannot be written.
import { spawnSync } from "node:child_process";
import { cp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/build.ts";
import { CLI, runCli } from "../helpers/cli.ts";
import { smallProject, tempDir } from "../robustness/helpers.ts";

/** A copy of the package's launcher and sources, sharing its node_modules. */
async function packageCopy(): Promise<string> {
  const root = await tempDir("pd-launcher-");
  for (const part of ["bin", "src", "templates", "package.json", "package-lock.json"])
    await cp(join(PACKAGE_ROOT, part), join(root, part), { recursive: true });
  await symlink(join(PACKAGE_ROOT, "node_modules"), join(root, "node_modules"));
  return root;
}

const help = (root: string) => runCli(["--help"], root, join(root, "bin", "paper-digest.js"));

/** The compiled versions in a copy's lib/ folder. */
const versions = async (root: string) => await readdir(join(root, "lib"));

describe("bin/paper-digest.js", () => {
  it("starts Node with its shebang's flags, which each npm script passes too", async () => {
    const bin = join(PACKAGE_ROOT, "bin", "paper-digest.js");
    const shebang = (await readFile(bin, "utf8")).split("\n")[0] as string;
    const { scripts } = JSON.parse(await readFile(join(PACKAGE_ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const flags = shebang.replace(/^#!\/usr\/bin\/env -S node /, "");
    expect(flags).toMatch(/^--max-semi-space-size=\d+$/);
    for (const command of ["build", "check", "dev"])
      expect(scripts[command]).toBe(`node ${flags} bin/paper-digest.js ${command}`);
    // Node refuses a flag it does not know (exit code 9): every build would stop at start.
    expect(spawnSync(process.execPath, [...flags.split(" "), "-e", "0"], { encoding: "utf8" })).toMatchObject({
      status: 0,
      stderr: "",
    });
    // Run as a program, the shebang starts this Node with the flags.
    const path = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`;
    const direct = spawnSync(bin, ["--help"], { encoding: "utf8", env: { ...process.env, PATH: path } });
    expect(direct).toMatchObject({ status: 0, stdout: expect.stringContaining("Usage:") });
  }, 60_000);

  it("compiles the sources once, and again after they change", async () => {
    const root = await packageCopy();
    expect(help(root)).toMatchObject({ code: 0, stdout: expect.stringContaining("Usage:") });
    const first = await versions(root);
    expect(first).toEqual([expect.stringMatching(/^[0-9a-f]{40}$/)]);
    const compiled = join(root, "lib", first[0] as string, "cli.js");
    const compiledAt = (await stat(compiled)).mtimeMs;
    expect(help(root).code).toBe(0);
    expect(await versions(root)).toEqual(first);
    expect((await stat(compiled)).mtimeMs).toBe(compiledAt);

    const cli = join(root, "src", "cli.ts");
    const original = await readFile(cli, "utf8");
    const change = async (to: string) => {
      await writeFile(cli, original.replace("Usage:", `Usage (${to}):`));
      expect(help(root).stdout).toContain(`Usage (${to}):`);
    };
    await change("changed");
    // The old version stays beside the new one: a CLI started before the change (a dev
    // server) still imports its parser and renderer from it on its next build.
    const second = await versions(root);
    expect(second).toHaveLength(2);
    expect(second).toEqual(expect.arrayContaining(first));
    const changed = second.find((version) => !first.includes(version));
    // Back to the first sources (a branch switched back): their version is started again.
    await writeFile(cli, original);
    expect(help(root).stdout).toContain("Usage:");
    // Only the three most recently started besides the current one are kept: the first
    // version, started after the second, outlives it.
    for (const to of ["2", "3", "4"]) await change(to);
    const kept = await versions(root);
    expect(kept).toHaveLength(4);
    expect(kept).toContain(first[0]);
    expect(kept).not.toContain(changed);
  }, 120_000);

  it("compiles again after an npm install, since the compiled CLI holds copies of the packages", async () => {
    const root = await packageCopy();
    expect(help(root).code).toBe(0);
    const first = await versions(root);
    const lockfile = join(root, "package-lock.json");
    await writeFile(lockfile, `${await readFile(lockfile, "utf8")}\n`);
    expect(help(root).code).toBe(0);
    const second = await versions(root);
    expect(second).toHaveLength(2);
    expect(second).toEqual(expect.arrayContaining(first));
  }, 60_000);

  it("runs the sources through tsx when the compiled file cannot be written", async () => {
    const root = await packageCopy();
    // A file where the compiled folder should go: writing it fails, even for root.
    await writeFile(join(root, "lib"), "");
    expect(help(root)).toMatchObject({ code: 0, stdout: expect.stringContaining("Usage:") });
    expect((await stat(join(root, "lib"))).isFile()).toBe(true);
  }, 60_000);

  it("loads no parser, renderer or search indexer for a rebuild with nothing changed", async () => {
    const { root, content, out } = await smallProject("pd-lazy-");
    const log = join(root, "imports.log");
    const build = () =>
      spawnSync(
        process.execPath,
        [
          "--import",
          join(import.meta.dirname, "..", "helpers", "logImports.mjs"),
          CLI,
          "build",
          "--content",
          content,
          "--out",
          out,
        ],
        {
          cwd: root,
          encoding: "utf8",
          env: { ...process.env, PD_IMPORT_LOG: log },
        },
      );
    // The compiled CLI holds its dependencies in the chunks that import them (Pagefind is a
    // binary it runs; its Node module was imported by the search indexer until 2026-11-23).
    const heavy = /\/lib\/[0-9a-f]{40}\/(parse|render|search)-[A-Z0-9]+\.js$/;
    expect(build().status).toBe(0);
    // The log sees what a build loads: the first build parses, renders and indexes.
    const first = (await readFile(log, "utf8")).split("\n");
    for (const part of ["parse", "render", "search"])
      expect(first).toContainEqual(expect.stringMatching(new RegExp(`/lib/[0-9a-f]{40}/${part}-[A-Z0-9]+\\.js$`)));
    await rm(log);
    const again = build();
    expect(again.stdout).toContain("0 written");
    const loaded = (await readFile(log, "utf8")).split("\n");
    expect(loaded).toContainEqual(expect.stringMatching(/\/lib\/[0-9a-f]{40}\/cli\.js$/));
    expect(loaded.filter((url) => heavy.test(url))).toEqual([]);
  }, 60_000);
});
