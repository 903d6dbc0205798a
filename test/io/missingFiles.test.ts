import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { missingFiles } from "../../src/io/missingFiles.ts";

const root = mkdtempSync(join(tmpdir(), "digest-missing-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeFiles(paths: readonly string[]): void {
  for (const path of paths) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), "x");
  }
}

// Twelve files in one folder are checked by listing it; lone files by a stat.
const many = Array.from({ length: 12 }, (_, n) => `pagefind/index/chunk${n}.pf_index`);
// Enough paths for the check to run on two worker threads: one folder per paper, like a site.
const papers = Array.from({ length: 600 }, (_, n) => `papers/2501.${String(n).padStart(5, "0")}/index.html`);
writeFiles([...many, ...papers, "top.html"]);
mkdirSync(join(root, "pagefind", "index", "sub"));

describe.each([
  ["on this thread", [] as string[]],
  ["on a worker thread", papers],
])("missingFiles %s", (_, padding) => {
  const missing = async (paths: readonly string[]) => [...(await missingFiles(root, [...padding, ...paths]))];

  it("is empty when every file is there, in listed and stat'ed folders and at the top", async () => {
    expect(await missing([...many, "top.html"])).toEqual([]);
  });
  it("names a missing file of a listed folder", async () => {
    expect(await missing([...many, "pagefind/index/chunk99.pf_index"])).toEqual(["pagefind/index/chunk99.pf_index"]);
  });
  it("names a lone missing file, and every file of a missing folder", async () => {
    const gone = many.map((path) => path.replace("pagefind", "gone"));
    expect(await missing(["papers/2501.99999/index.html", "missing/a", ...gone])).toEqual([
      "papers/2501.99999/index.html",
      "missing/a",
      ...gone,
    ]);
  });
  it("does not count a folder as a file", async () => {
    expect(await missing(["papers/2501.00001", ...many, "pagefind/index/sub"])).toEqual([
      "papers/2501.00001",
      "pagefind/index/sub",
    ]);
  });
});

describe.each([1, 2])("missingFiles on %i worker thread(s)", (threads) => {
  it("finds files removed from a large site", async () => {
    const removed = [papers[7], papers[150], papers[450], many[3]] as string[];
    for (const path of removed) rmSync(join(root, path));
    try {
      expect([...(await missingFiles(root, [...papers, ...many], { threads }))].sort()).toEqual(removed.sort());
    } finally {
      writeFiles(removed);
    }
  });
});
