import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { synthesizeArchive, synthesizeFiles } from "../../scripts/synth.ts";
import { build } from "../../src/build.ts";
import { SETTLE_MS } from "../../src/io/readContent.ts";
import { expectSameAsCleanBuild, projectOptions } from "../helpers/project.ts";

const root = mkdtempSync(join(tmpdir(), "digest-stamps-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Issue #5: a rebuild reads only the content files whose stat changed, and the result is
// still what a clean build gives.
describe("content files known by their stamps", () => {
  it("reads only changed files, and reads the others after all when their records are gone", async () => {
    const options = projectOptions(root, "stamps");
    const content = options.contentDir;
    await synthesizeArchive(content, 5, 2);
    const files = synthesizeFiles(5, 2).map(({ file }) => join(content, file));
    // Whole seconds, so that an edit can set exactly the same mtime again.
    const mtime = 1_700_000_000;
    for (const file of files) utimesSync(file, mtime, mtime);
    // Only files unchanged for SETTLE_MS before a build are known by their stamps.
    await sleep(SETTLE_MS + 100);

    const first = await build(options);
    expect(first.cacheHits.unreadFiles).toBe(0);
    const again = await build(options);
    expect(again.content).toBeNull();
    expect(again.cacheHits.unreadFiles).toBe(files.length);

    // Same size, same mtime, other bytes: only the change time tells.
    const edited = files[1] as string;
    const text = readFileSync(edited, "utf8");
    const changed = text.replace("다.", "요.");
    expect(changed).not.toBe(text);
    expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(text));
    writeFileSync(edited, changed);
    utimesSync(edited, mtime, mtime);
    // Settled as well, so only the stamp's change time tells the file was edited.
    await sleep(SETTLE_MS + 100);
    const afterEdit = await build(options);
    expect(afterEdit.cacheHits.unreadFiles).toBe(files.length - 1);
    expect(afterEdit.written).toBeGreaterThan(0);
    await expectSameAsCleanBuild(options);

    // The records are gone but the stamps are not: the files are read and parsed again.
    const [parsed] = readdirSync(options.cacheDir).filter((name) => name.startsWith("parsed-"));
    rmSync(join(options.cacheDir, parsed as string), { recursive: true });
    const added = synthesizeFiles(6, 2)[5];
    if (added === undefined) throw new Error("no sixth day");
    writeFileSync(join(content, added.file), added.text);
    const afterLoss = await build(options);
    expect(afterLoss.cacheHits.parsed).toBe(0);
    expect(afterLoss.cacheHits.unreadFiles).toBe(0);
    await expectSameAsCleanBuild(options);

    // --no-cache ignores the stamps too.
    const cold = await build({ ...options, cache: false });
    expect(cold.cacheHits.unreadFiles).toBe(0);
    expect(cold.written).toBe(0);
  });
});
