import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { synthesizeArchive, synthesizeFiles } from "../../scripts/synth.ts";
import { build, DEFAULT_OPTIONS } from "../../src/build.ts";
import { fileTree } from "../helpers/tree.ts";

const root = mkdtempSync(join(tmpdir(), "digest-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Issue #5: the cache never makes output differ from a clean build.
describe("incremental build", () => {
  it("gives the same bytes as a clean build after a sequence of edits", async () => {
    const content = join(root, "content");
    await synthesizeArchive(content, 6, 3);
    const options = { ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, "dist"), cacheDir: join(root, "c") };
    const first = await build(options);
    expect(first.cacheHits.parsed).toBe(0);

    const again = await build(options);
    expect(again.written).toBe(0);

    const days = synthesizeFiles(7, 3);
    const added = days[6];
    if (added === undefined) throw new Error("no day");
    writeFileSync(join(content, added.file), added.text);
    const edited = join(content, (days[1] as { file: string }).file);
    const kept = join(
      options.outDir,
      "days",
      (days[3] as { file: string }).file.replaceAll("/", "-").replace(".md", ""),
      "index.html",
    );
    const keptTime = statSync(kept).mtimeMs;
    const afterAdd = await build(options);
    expect(afterAdd.cacheHits.parsed).toBe(6);
    expect(afterAdd.written).toBeGreaterThan(0);
    expect(afterAdd.written).toBeLessThan(afterAdd.pages / 2);
    expect(statSync(kept).mtimeMs).toBe(keptTime);

    writeFileSync(edited, readFileSync(edited, "utf8").replace("Vote: ", "Vote: 1"));
    appendFileSync(
      edited,
      "\n### [Late Paper](https://arxiv.org/abs/2305.99999)\n\nVote: 5\n\n- **What's New**: 늦게 추가된 논문입니다.\n",
    );
    await build(options);
    rmSync(join(content, (days[2] as { file: string }).file));
    const last = await build(options);

    const clean = await build({ ...options, outDir: join(root, "clean"), cacheDir: join(root, "c2"), cache: false });
    expect(clean.pages).toBe(last.pages);
    expect(fileTree(options.outDir)).toEqual(fileTree(join(root, "clean")));
  });

  it("survives a deleted or corrupt cache", async () => {
    const content = join(root, "content");
    const options = {
      ...DEFAULT_OPTIONS,
      contentDir: content,
      outDir: join(root, "dist2"),
      cacheDir: join(root, "c3"),
    };
    await build(options);
    const [file] = readdirSync(join(root, "c3"));
    writeFileSync(join(root, "c3", file as string), "not a cache");
    const result = await build(options);
    expect(result.cacheHits.parsed).toBe(0);
    expect(result.written).toBe(0);
    rmSync(join(root, "c3"), { recursive: true, force: true });
    const afterDelete = await build(options);
    expect(afterDelete.cacheHits.parsed).toBe(0);
    // Unchanged files are still recognised by their bytes on disk and keep their mtime.
    expect(afterDelete.written).toBe(0);
  });
});
