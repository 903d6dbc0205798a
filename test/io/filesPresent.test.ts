import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { filesPresent } from "../../src/io/filesPresent.ts";

const root = mkdtempSync(join(tmpdir(), "digest-present-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("filesPresent", () => {
  // Twelve files in one folder are checked by listing it; the lone file by a stat.
  const many = Array.from({ length: 12 }, (_, n) => `pagefind/index/chunk${n}.pf_index`);
  const paths = [...many, "papers/2501.00001/index.html"];
  mkdirSync(join(root, "pagefind", "index"), { recursive: true });
  mkdirSync(join(root, "papers", "2501.00001"), { recursive: true });
  for (const path of paths) writeFileSync(join(root, path), "x");
  writeFileSync(join(root, "top.html"), "x");

  it("is true when every file is there, in listed and stat'ed folders and at the top", () => {
    expect(filesPresent(root, [...paths, "top.html"])).toBe(true);
    expect(filesPresent(root, [])).toBe(true);
  });
  it("is false when one file of a listed folder is missing", () => {
    expect(filesPresent(root, [...many, "pagefind/index/chunk99.pf_index"])).toBe(false);
  });
  it("is false when a lone file or its folder is missing", () => {
    expect(filesPresent(root, ["papers/2501.00002/index.html"])).toBe(false);
    expect(
      filesPresent(root, ["missing/a", "missing/b", ...many.map((path) => path.replace("pagefind", "gone"))]),
    ).toBe(false);
  });
  it("does not count a folder as a file", () => {
    expect(filesPresent(root, ["papers/2501.00001"])).toBe(false);
    mkdirSync(join(root, "pagefind", "index", "sub"));
    expect(filesPresent(root, [...many, "pagefind/index/sub"])).toBe(false);
  });
});
