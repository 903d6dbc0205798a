// Issue #5: a full build of a large archive holds the heap's growth back to keep its peak
// low; other builds let V8 grow it as it likes, since full collections were most of what
// the steps cost them.
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { synthesizeArchive, synthesizeFiles } from "../../scripts/synth.ts";
import { build, loadContent, PACKAGE_ROOT } from "../../src/build.ts";
import { type BuildStart, LARGE_ARCHIVE_FILES } from "../../src/heap.ts";
import { projectOptions } from "../helpers/project.ts";

const root = mkdtempSync(join(tmpdir(), "digest-heap-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the kind of build a build announces", () => {
  it("is full unless the last build's pages can be kept, and unannounced when nothing changed", async () => {
    const starts: BuildStart[] = [];
    const options = { ...projectOptions(root, "content"), onStart: (start: BuildStart) => starts.push(start) };
    const kinds = () => starts.map((start) => start.kind);
    const content = options.contentDir;
    await synthesizeArchive(content, 3, 2);
    let days = 3;
    const addDay = () => {
      days += 1;
      const day = synthesizeFiles(days, 2).at(-1) as { file: string; text: string };
      writeFileSync(join(content, day.file), day.text);
    };

    await build(options);
    await build(options);
    expect(kinds()).toEqual(["full"]);
    addDay();
    await build(options);
    expect(kinds()).toEqual(["full", "incremental"]);
    // Other settings re-render every page.
    addDay();
    await build({ ...options, overrides: { title: "Another digest" } });
    addDay();
    await build({ ...options, cache: false });
    expect(kinds()).toEqual(["full", "incremental", "full", "full"]);
    // Another template set may re-render every page (a layout edit), so it counts as full too.
    const templatesDir = join(root, "templates");
    cpSync(options.templatesDir, templatesDir, { recursive: true });
    addDay();
    await build({ ...options, templatesDir });
    appendFileSync(join(templatesDir, "tag.eta"), "<p>edited</p>");
    addDay();
    await build({ ...options, templatesDir });
    expect(kinds().slice(4)).toEqual(["incremental", "full"]);
    // Each counts the daily files it found: three, then one more before each announced build.
    expect(starts.map((start) => start.contentFiles)).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it("is full for `check`, which parses and models every file", async () => {
    const starts: BuildStart[] = [];
    const options = { ...projectOptions(root, "checked"), onStart: (start: BuildStart) => starts.push(start) };
    await synthesizeArchive(options.contentDir, 2, 2);
    await loadContent(options);
    expect(starts).toEqual([{ kind: "full", contentFiles: 2 }]);
  });
});

describe("tuneHeapFor", () => {
  /** Full collections while a fresh Node process, tuned for `start`, fills its heap with live objects. */
  const fullCollections = (start: BuildStart) => {
    const heapModule = pathToFileURL(join(PACKAGE_ROOT, "src", "heap.ts")).href;
    const script = `
      import { PerformanceObserver, constants } from "node:perf_hooks";
      import { tuneHeapFor } from ${JSON.stringify(heapModule)};
      tuneHeapFor(JSON.parse(process.argv[1]));
      let full = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++;
      }).observe({ entryTypes: ["gc"] });
      const kept = [];
      for (let i = 0; i < 5e6; i++) kept.push({ i, text: "x" + i });
      setTimeout(() => console.log(full), 50);`;
    const args = ["--import", "tsx", "--input-type=module", "-e", script, JSON.stringify(start)];
    const child = spawnSync(process.execPath, args, { cwd: PACKAGE_ROOT, encoding: "utf8" });
    expect(child.stderr).toBe("");
    return Number(child.stdout.trim());
  };
  const large = LARGE_ARCHIVE_FILES + 1;

  it("makes a large archive's full build grow its heap in smaller steps than other builds", () => {
    const fullOfLarge = fullCollections({ kind: "full", contentFiles: large });
    const incremental = fullCollections({ kind: "incremental", contentFiles: large });
    const fullOfSmaller = fullCollections({ kind: "full", contentFiles: LARGE_ARCHIVE_FILES });
    expect(incremental).toBeGreaterThan(0);
    expect(fullOfLarge).toBeGreaterThan(incremental);
    expect(fullOfLarge).toBeGreaterThan(fullOfSmaller);
  }, 120_000);
});
