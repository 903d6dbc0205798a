// Issue #6 and the second review: the build never destroys what it did not make, and
// reads large archives under ordinary open-file limits.
import { spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI } from "../helpers/cli.ts";
import { goodDay, smallProject, tempDir } from "../robustness/helpers.ts";

function run(command: string, cwd: string) {
  const result = spawnSync("bash", ["-c", command], { cwd, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A project with a file of its own beside the content, which no build may touch. */
async function project(): Promise<string> {
  const { root } = await smallProject("pd-build-", 2);
  await writeFile(join(root, "notes.txt"), "my own file");
  return root;
}

describe("paper-digest build: output folder safety", () => {
  it.each([
    [".", "it is or contains"],
    ["content", "it is or contains"],
    ["..", "it is or contains"],
  ])("refuses --out %s and leaves everything in place", async (out, why) => {
    const root = await project();
    const result = run(`node ${CLI} build --content content --out ${out} --no-search`, root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Refusing to write the site`);
    expect(result.stderr).toContain(why);
    expect(await readFile(join(root, "notes.txt"), "utf8")).toBe("my own file");
    expect(await readdir(join(root, "content"))).toEqual(["2025-01-01.md"]);
  });

  it("ends a failed build with a summary line, and a broken site.yaml's diagnostic with its line", async () => {
    const root = await project();
    const refused = run(`node ${CLI} build --content content --out . --no-search`, root);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Build failed after \d+\.\d\ds → \.; 1 error\(s\)$/m);
    await writeFile(join(root, "content", "site.yaml"), "title: 내 사이트\nperPage: 1\n");
    expect(run(`node ${CLI} build --content content --out dist --no-search`, root).code).toBe(0);
    const before = await readFile(join(root, "dist", "index.html"), "utf8");
    expect(before).toContain("내 사이트");
    // Settings that cannot be read stop the build, as a failing template does: built with the
    // defaults instead, the site would lose its title, topics and paging until they are fixed.
    await writeFile(join(root, "content", "site.yaml"), "title: 내 사이트\nperPage: [50\nfeedSize: 3\n");
    const broken = run(`node ${CLI} build --content content --out dist --no-search`, root);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(
      "content/site.yaml:3:1: error: site.yaml is not valid YAML: missed comma between flow collection entries.",
    );
    expect(broken.stderr).toContain("[config-unreadable]");
    expect(broken.stderr).toMatch(/^Build failed after \d+\.\d\ds → dist; 1 error\(s\), 0 warning\(s\)$/m);
    expect(await readFile(join(root, "dist", "index.html"), "utf8")).toBe(before);
    // `check` reports it and goes on reading the content.
    const checked = run(`node ${CLI} check --content content`, root);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/papers on 1 day checked/);
    // A bad value is reported at the line that sets it.
    await writeFile(join(root, "content", "site.yaml"), "title: 내 사이트\n\nperPage: 0\n");
    const badValue = run(`node ${CLI} check --content content`, root);
    expect(`${badValue.stdout}${badValue.stderr}`).toContain("content/site.yaml:3:1: error: `perPage` in site.yaml");
  });

  it("refuses a folder it did not make, and a symlink, but rebuilds its own output", async () => {
    const root = await project();
    await mkdir(join(root, "mine"));
    await writeFile(join(root, "mine", "index.html"), "hand-written");
    expect(run(`node ${CLI} build --content content --out mine --no-search`, root).stderr).toContain(".paper-digest");
    expect(await readFile(join(root, "mine", "index.html"), "utf8")).toBe("hand-written");
    await mkdir(join(root, "www"));
    await symlink("www", join(root, "linked"));
    expect(run(`node ${CLI} build --content content --out linked --no-search`, root).stderr).toContain("symlink");
    expect(run(`node ${CLI} build --content content --out dist --no-search`, root).code).toBe(0);
    expect(run(`node ${CLI} build --content content --out dist --no-search`, root).code).toBe(0);
  });
});

describe("paper-digest check: many files", () => {
  it("reads 600 files under a 128 open-file limit (EMFILE before)", async () => {
    const root = await tempDir("pd-many-");
    await mkdir(join(root, "content"));
    const start = Date.UTC(2023, 0, 1);
    for (let day = 0; day < 600; day += 1) {
      const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      await writeFile(join(root, "content", `${date}.md`), goodDay(date).text);
    }
    const result = run(`ulimit -n 128 && node ${CLI} check --content content`, root);
    expect(result.stderr).not.toContain("EMFILE");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("on 600 days checked");
  });
});
