// An audit of the incremental build (issue #5) found permissions that stopped a build or
// left a site half updated: one unreadable content file or folder ended the whole build,
// a read-only cache folder failed every build, and a read-only folder inside the output
// let a build move some changed files in before it failed.
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readContentFile } from "../../src/io/index.ts";
import { fileTree } from "../helpers/tree.ts";
import { openTo, permissionTestsUnavailable, runCliUnprivileged } from "../helpers/unprivileged.ts";
import { goodDay, smallProject } from "./helpers.ts";

const unavailable = permissionTestsUnavailable();
if (unavailable !== null) console.warn(`Skipping the permission tests: ${unavailable}.`);
const withPermissions = describe.skipIf(unavailable !== null);

/** A project of two days that the unprivileged user may build, built once. */
async function builtProject(prefix: string) {
  const project = await smallProject(prefix, 2);
  await writeFile(join(project.content, "2025-01-02.md"), goodDay("2025-01-02", 2).text);
  openTo(project.root);
  const build = (...flags: string[]) =>
    runCliUnprivileged(["build", "--content", "content", "--out", "dist", "--no-search", ...flags], project.root);
  const first = build();
  expect(first.output).toContain("Built 4 papers");
  return { ...project, build };
}

/** Changes the votes of the newest day's first paper, so its pages change. */
function editNewestDay(content: string): void {
  const path = join(content, "2025-01-02.md");
  writeFileSync(path, readFileSync(path, "utf8").replace("Vote: 1", "Vote: 77"));
}

describe("a content file that cannot be read", () => {
  it("is reported and skipped, not thrown", async () => {
    const { content } = await smallProject("pd-gone-");
    const read = readContentFile(content, join(content, "2025-09-09.md"));
    expect(read.bytes).toBeNull();
    expect(read.diagnostics).toEqual([
      expect.objectContaining({ file: "2025-09-09.md", line: 1, column: 1, severity: "error", code: "unreadable" }),
    ]);
    expect(read.diagnostics[0]?.message).toMatch(/^File could not be read \(ENOENT\); .* It is skipped\.$/);
  });
});

withPermissions("permissions", () => {
  it("an unreadable content file or folder is reported, and every other day is built", async () => {
    const { root, content, build } = await builtProject("pd-perm-content-");
    await mkdir(join(content, "2025", "01"), { recursive: true });
    await writeFile(join(content, "2025", "01", "03.md"), goodDay("2025-01-03", 1).text);
    chmodSync(join(content, "2025", "01"), 0o000);
    chmodSync(join(content, "2025-01-02.md"), 0o000);
    try {
      const result = build();
      expect(result.code).toBe(0);
      expect(result.output).toMatch(/2025-01-02\.md:1:1: error: File could not be read \(EACCES\)/);
      expect(result.output).toMatch(/2025\/01\/:1:1: error: Folder could not be listed \(EACCES\)/);
      expect(result.output).toContain("Built 2 papers on 1 day:");
      expect(existsSync(join(root, "dist", "days", "2025-01-01", "index.html"))).toBe(true);
    } finally {
      chmodSync(join(content, "2025", "01"), 0o755);
      chmodSync(join(content, "2025-01-02.md"), 0o644);
    }
    // Readable again: built as if it had always been.
    expect(build().output).toContain("Built 5 papers on 3 days");
  });

  it("a cache folder the build cannot write fails the build before the site changes", async () => {
    const { root, content, build } = await builtProject("pd-perm-cache-");
    const cacheDir = join(root, ".cache", "dist");
    const page = () => readFileSync(join(root, "dist", "days", "2025-01-02", "index.html"), "utf8");
    const before = fileTree(join(root, "dist"));
    editNewestDay(content);
    // Readable or not: a cache left in place once the site has changed would be trusted by a
    // later build that can read it.
    for (const mode of [0o555, 0o000]) {
      chmodSync(cacheDir, mode);
      try {
        for (const flags of [[], ["--no-cache"]]) {
          const refused = build(...flags);
          expect(refused.code).toBe(1);
          expect(refused.output).toContain(
            "could not be removed (EACCES) and would make the next build keep stale pages",
          );
          expect(fileTree(join(root, "dist"))).toEqual(before);
        }
      } finally {
        chmodSync(cacheDir, 0o755);
      }
    }
    expect(build().code).toBe(0);
    expect(page()).toContain("▲ 77");
    // And back: the cache describes the site that is there.
    writeFileSync(join(content, "2025-01-02.md"), goodDay("2025-01-02", 2).text);
    expect(build().code).toBe(0);
    expect(page()).not.toContain("▲ 77");
    expect(page()).toContain("▲ 1");
  });

  it("a cache that cannot be saved is said, and the build still succeeds", async () => {
    const { root, content } = await smallProject("pd-perm-unsaved-", 2);
    // A folder the user cannot write where the cache would go, and no cache in it yet.
    await mkdir(join(root, ".cache"));
    openTo(root);
    chmodSync(join(root, ".cache"), 0o555);
    const build = () => runCliUnprivileged(["build", "--content", "content", "--out", "dist", "--no-search"], root);
    const note =
      "Note: the build cache could not be saved in .cache/dist (EACCES), so the next build parses and renders everything again.";
    try {
      for (const papers of [2, 3]) {
        await writeFile(join(content, "2025-01-01.md"), goodDay("2025-01-01", papers).text);
        const built = build();
        expect(built.code).toBe(0);
        expect(built.output).toContain(note);
        expect(built.output).toContain(`Built ${papers} papers`);
      }
    } finally {
      openTo(join(root, ".cache"));
    }
    const saved = build();
    expect(saved.code).toBe(0);
    expect(saved.output).not.toContain("Note:");
    expect(existsSync(join(root, ".cache", "dist"))).toBe(true);
  });

  it("a content folder or site.yaml that cannot be read fails the build and leaves the site as it was", async () => {
    const { root, content, build } = await builtProject("pd-perm-root-");
    const before = fileTree(join(root, "dist"));
    chmodSync(content, 0o000);
    try {
      const refused = build();
      expect(refused.code).toBe(1);
      expect(refused.output).toContain("could not be listed (EACCES)");
    } finally {
      chmodSync(content, 0o755);
    }
    await writeFile(join(content, "site.yaml"), "title: 내 사이트\n");
    chmodSync(join(content, "site.yaml"), 0o000);
    try {
      const refused = build();
      expect(refused.code).toBe(1);
      expect(refused.output).toMatch(/site\.yaml:1:1: error: site\.yaml could not be read \(EACCES\)/);
    } finally {
      chmodSync(join(content, "site.yaml"), 0o644);
    }
    expect(fileTree(join(root, "dist"))).toEqual(before);
    expect(build().output).toContain("Built 4 papers");
  });

  it("a dead build's leftover this user cannot remove fails only a build that writes, saying what to delete", async () => {
    const { root, content, build } = await builtProject("pd-perm-leftover-");
    // Made by another user (root here): the unprivileged build cannot empty the folder in it.
    const leftover = join(root, ".dist.building-99999999-abcd1234");
    await mkdir(join(leftover, "sub"), { recursive: true });
    await writeFile(join(leftover, "sub", "index.html"), "half");
    chmodSync(leftover, 0o755);
    // Nothing changed: the build has nothing to write, and passes as it did before it tidied up.
    const unchanged = build();
    expect(unchanged.code, unchanged.output).toBe(0);
    expect(unchanged.output).toContain("(0 written,");
    editNewestDay(content);
    const refused = build();
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`A build that stopped left \`${leftover}\` beside the output folder`);
    expect(refused.output).toContain("delete it");
  });

  it("a read-only folder inside the output fails the build and leaves the site exactly as it was", async () => {
    const { root, content, build } = await builtProject("pd-perm-out-");
    const out = join(root, "dist");
    const before = fileTree(out);
    editNewestDay(content);
    // The day's page is one of the files the edit changes; others change in writable folders.
    chmodSync(join(out, "days", "2025-01-02"), 0o555);
    try {
      const refused = build();
      expect(refused.code).toBe(1);
      expect(refused.output).toContain("`days/2025-01-02` in the site cannot be written (EACCES)");
      expect(refused.output).toContain("the previous site is unchanged");
      expect(fileTree(out)).toEqual(before);
      expect(readdirSync(root).filter((name) => name.includes(".building-"))).toEqual([]);
    } finally {
      chmodSync(join(out, "days", "2025-01-02"), 0o755);
    }
    const built = build();
    expect(built.code).toBe(0);
    expect(readFileSync(join(out, "days", "2025-01-02", "index.html"), "utf8")).toContain("77");
  });
});
