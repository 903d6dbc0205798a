import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BuildCache } from "../../src/cache/index.ts";

const root = mkdtempSync(join(tmpdir(), "digest-groups-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const outDir = join(root, "dist");
const files = ["papers/a/index.html", "papers/b/index.html"];

/** A cache over `dir` as a build under the same tool, templates and settings opens it. */
function open(dir: string): BuildCache {
  const cache = new BuildCache(dir, "tool");
  cache.setPageSettings("settings", "templates");
  return cache;
}

/** Saves what `cache` recorded, as a build that wrote `outputs` (all of `files` unless told). */
async function save(cache: BuildCache, outputs: readonly string[] = files): Promise<void> {
  await cache.save({
    outputs: new Map(outputs.map((file) => [file, "bytes"])),
    outDir,
    stamp: { inputsHash: "inputs", diagnostics: [], papers: 2, days: 1 },
  });
}

/** A build that made the group's pages one by one under `key`. */
async function firstBuild(dir: string, key = "k1"): Promise<void> {
  const cache = open(dir);
  expect(cache.pageGroupUnchanged("papers 2025-02-11", key, files, outDir)).toBe(false);
  for (const file of files) cache.pageUnchanged(file, `key of ${file}`, outDir);
  cache.related.set("window 1", "6 LLM", ["2502.00001"]);
  cache.related.set("window 2", "6 LLM", ["2502.00002"]);
  await save(cache);
}

// Issue #5: a day's paper pages are kept at once (renderSite's keptPaperDays).
describe("page groups", () => {
  it("keeps a group under the same key and carries its pages' keys to the next build", async () => {
    const dir = join(root, "same");
    await firstBuild(dir);
    const second = open(dir);
    expect(second.pageGroupUnchanged("papers 2025-02-11", "k1", files, outDir)).toBe(true);
    await save(second);
    // The group changed in the third build: each page is found unchanged on its own.
    const third = open(dir);
    expect(third.pageGroupUnchanged("papers 2025-02-11", "k2", files, outDir)).toBe(false);
    expect(files.map((file) => third.pageUnchanged(file, `key of ${file}`, outDir))).toEqual([true, true]);
  });

  it("keeps nothing under another key, settings or output folder, or when a page or its key is gone", async () => {
    const dir = join(root, "changed");
    await firstBuild(dir);
    expect(open(dir).pageGroupUnchanged("papers 2025-02-11", "k2", files, outDir)).toBe(false);
    expect(open(dir).pageGroupUnchanged("papers 2025-02-12", "k1", files, outDir)).toBe(false);
    expect(open(dir).pageGroupUnchanged("papers 2025-02-11", "k1", files, join(root, "elsewhere"))).toBe(false);
    const otherSettings = new BuildCache(dir, "tool");
    otherSettings.setPageSettings("other settings", "templates");
    expect(otherSettings.pageGroupUnchanged("papers 2025-02-11", "k1", files, outDir)).toBe(false);

    const missing = join(root, "missing");
    const cache = open(missing);
    cache.pageGroupUnchanged("papers 2025-02-11", "k1", files, outDir);
    for (const file of files) cache.pageUnchanged(file, `key of ${file}`, outDir);
    await save(cache, files.slice(0, 1));
    expect(open(missing).pageGroupUnchanged("papers 2025-02-11", "k1", files, outDir)).toBe(false);

    // A page of the group whose key was forgotten (its render failed, or it was not kept after all).
    const forgotten = join(root, "forgotten");
    const last = open(forgotten);
    last.pageGroupUnchanged("papers 2025-02-11", "k1", files, outDir);
    for (const file of files) last.pageUnchanged(file, `key of ${file}`, outDir);
    last.forgetPage(files[1] as string);
    await save(last);
    expect(open(forgotten).pageGroupUnchanged("papers 2025-02-11", "k1", files, outDir)).toBe(false);
  });

  it("saves every output's hash and page key, in order, and files without a key keep none", async () => {
    const dir = join(root, "saved");
    const first = open(dir);
    const outputs = new Map([
      ["papers/a/index.html", "hash a"],
      ["feed.xml", "hash feed"],
      ["papers/b/index.html", "hash b"],
    ]);
    first.pageUnchanged("papers/a/index.html", "key a", outDir);
    first.pageUnchanged("papers/b/index.html", "key b", outDir);
    await first.save({ outputs, outDir, stamp: { inputsHash: "inputs", diagnostics: [], papers: 2, days: 1 } });
    const second = open(dir);
    expect([...second.previousOutputs(outDir)]).toEqual([...outputs]);
    expect(second.pageUnchanged("papers/a/index.html", "key a", outDir)).toBe(true);
    expect(second.pageUnchanged("papers/b/index.html", "key b", outDir)).toBe(true);
    expect(second.pageUnchanged("papers/b/index.html", "key a", outDir)).toBe(false);
    expect(second.pageUnchanged("feed.xml", "", outDir)).toBe(false);
    // The stamp lists the same outputs: once they are all on disk, the build is found unchanged.
    for (const file of outputs.keys()) {
      mkdirSync(dirname(join(outDir, file)), { recursive: true });
      writeFileSync(join(outDir, file), "");
    }
    expect((await second.unchangedBuild("inputs", outDir))?.outputs).toEqual([...outputs.keys()]);
  });

  it("carries the related lists of a kept window, asked for or not, and drops the others", async () => {
    const dir = join(root, "related");
    await firstBuild(dir);
    const second = open(dir);
    second.related.keepWindow("window 1");
    await save(second);
    const third = open(dir);
    expect(third.related.get("window 1", "6 LLM")).toEqual(["2502.00001"]);
    expect(third.related.get("window 2", "6 LLM")).toBeUndefined();
  });
});
