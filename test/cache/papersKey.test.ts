import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BuildCache, OutputPageCache } from "../../src/cache/index.ts";
import type { PaperEntry } from "../../src/types.ts";
import { makeEntry, siteOf } from "../helpers/entry.ts";

const root = mkdtempSync(join(tmpdir(), "digest-papers-key-"));
// Each cache below saves its records in the background; a record written while the folder
// is being removed would fail the removal (ENOTEMPTY), so they are awaited first.
const caches: BuildCache[] = [];
afterAll(async () => {
  await Promise.all(caches.map((cache) => cache.settled()));
  rmSync(root, { recursive: true, force: true });
});

const a = makeEntry({ id: "2501.00001", date: "2025-01-01", source: { file: "2025/01/01.md", line: 3 } });
const b = makeEntry({ id: "2501.00002", date: "2025-01-02", source: { file: "2025/01/02.md", line: 3 } });
const files = { "2025/01/01.md": "first day", "2025/01/02.md": "second day" };

/**
 * `papersKey` of a page showing the papers of `entries` (newest first unless `reversed`), as a
 * build that read `texts` (content file → its text) sees it.
 */
function keyOf(
  entries: readonly PaperEntry[],
  {
    texts = files,
    parts = ["tag", "llm"],
    reversed = false,
  }: { texts?: Record<string, string>; parts?: string[]; reversed?: boolean } = {},
): string {
  const cache = new BuildCache(join(root, "cache"), "tool", false);
  caches.push(cache);
  for (const [file, text] of Object.entries(texts))
    cache.parse(file, Buffer.from(text), () => ({ file, title: null, entries: [], notes: [], diagnostics: [] }));
  const pages = new OutputPageCache(cache, join(root, "dist"), () => true);
  const papers = siteOf(entries).newest;
  return pages.papersKey(parts, reversed ? [...papers].reverse() : papers);
}

// Issue #5: a page listing papers is kept by this key, so it must change with anything the page shows of them.
describe("papersKey", () => {
  const key = keyOf([a, b]);

  it("is the same for the same files, papers and parts", () => {
    expect(key).not.toBe("");
    expect(keyOf([a, b])).toBe(key);
  });

  it("changes with a source file's bytes, a paper's tags, the papers' order and the page's parts", () => {
    expect(keyOf([a, b], { texts: { ...files, "2025/01/02.md": "second day, edited" } })).not.toBe(key);
    expect(keyOf([a, { ...b, tags: ["LLM"] }])).not.toBe(key);
    expect(keyOf([a, b], { reversed: true })).not.toBe(key);
    expect(keyOf([a, b], { parts: ["tag", "rag"] })).not.toBe(key);
    expect(keyOf([a])).not.toBe(key);
  });

  it("changes when a paper appears on another day, from another file", () => {
    const again = { ...a, date: "2025-01-03", source: { file: "2025/01/03.md", line: 3 } };
    expect(keyOf([a, b, again], { texts: { ...files, "2025/01/03.md": "third day" } })).not.toBe(key);
  });

  it("is empty, so the page is rendered, when the build did not read a paper's file", () => {
    expect(keyOf([a, b], { texts: { "2025/01/01.md": "first day" } })).toBe("");
  });
});
