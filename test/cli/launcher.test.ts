// Issue #5: the command starts from one compiled JavaScript file, made again whenever
// the sources change, and still runs (through tsx) where that file cannot be written.
import { cp, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../src/build.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../robustness/helpers.ts";

/** A copy of the package's launcher and sources, sharing its node_modules. */
async function packageCopy(): Promise<string> {
  const root = await tempDir("pd-launcher-");
  for (const part of ["bin", "src", "templates", "package.json", "package-lock.json"])
    await cp(join(PACKAGE_ROOT, part), join(root, part), { recursive: true });
  await symlink(join(PACKAGE_ROOT, "node_modules"), join(root, "node_modules"));
  return root;
}

const help = (root: string) => runCli(["--help"], root, join(root, "bin", "paper-digest.js"));

const banner = async (root: string) => (await readFile(join(root, "lib", "cli.js"), "utf8")).split("\n", 1)[0];

describe("bin/paper-digest.js", () => {
  it("compiles the sources once, and again after they change", async () => {
    const root = await packageCopy();
    expect(help(root)).toMatchObject({ code: 0, stdout: expect.stringContaining("Usage:") });
    const first = await banner(root);
    expect(first).toMatch(/^\/\/ compiled from src\/ [0-9a-f]{40}$/);
    expect(help(root).code).toBe(0);
    expect(await banner(root)).toBe(first);

    const cli = join(root, "src", "cli.ts");
    await writeFile(cli, (await readFile(cli, "utf8")).replace("Usage:", "Usage (changed):"));
    expect(help(root).stdout).toContain("Usage (changed):");
    expect(await banner(root)).not.toBe(first);
  }, 60_000);

  it("runs the sources through tsx when the compiled file cannot be written", async () => {
    const root = await packageCopy();
    // A folder where the compiled file should go: writing it fails, even for root.
    await mkdir(join(root, "lib", "cli.js"), { recursive: true });
    expect(help(root)).toMatchObject({ code: 0, stdout: expect.stringContaining("Usage:") });
    expect((await stat(join(root, "lib", "cli.js"))).isDirectory()).toBe(true);
  }, 60_000);
});
