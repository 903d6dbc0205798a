import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashAll } from "../../src/cache/BuildCache.ts";
import { RecordStore } from "../../src/cache/RecordStore.ts";
import type { ParsedFile } from "../../src/types.ts";

const root = mkdtempSync(join(tmpdir(), "digest-records-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const record = (file: string): ParsedFile => ({ file, title: null, entries: [], notes: [], diagnostics: [] });

// Issue #5: parsed records are kept one file per content file, for one tool version.
describe("RecordStore", () => {
  const dir = join(root, "parsed");
  const [a, b] = [hashAll(["a.md", "A"]), hashAll(["b.md", "B"])];

  it("gives back what was put, and nothing for an unknown key", async () => {
    const store = new RecordStore(dir, "tool-1");
    store.put(a, record("a.md"));
    store.put(b, record("b.md"));
    await store.settled();
    expect(new RecordStore(dir, "tool-1").get(a)).toEqual(record("a.md"));
    expect(new RecordStore(dir, "tool-1").get(hashAll(["c.md", "C"]))).toBeUndefined();
  });
  it("keeps only the records it is told to", () => {
    new RecordStore(dir, "tool-1").keepOnly(new Set([b]));
    const store = new RecordStore(dir, "tool-1");
    expect(store.get(a)).toBeUndefined();
    expect(store.get(b)).toEqual(record("b.md"));
  });
  it("never reads another tool version's records, and empties the folder before writing", async () => {
    const store = new RecordStore(dir, "tool-2");
    expect(store.get(b)).toBeUndefined();
    store.put(a, record("a.md"));
    await store.settled();
    expect(readdirSync(dir).filter((name) => name.endsWith(".bin"))).toHaveLength(1);
    expect(new RecordStore(dir, "tool-1").get(a)).toBeUndefined();
    expect(new RecordStore(dir, "tool-2").get(a)).toEqual(record("a.md"));
  });
  it("writes in the background up to a bound, then on the calling thread, and every record arrives whole", async () => {
    const many = join(root, "many");
    const store = new RecordStore(many, "tool-1");
    // About 1 MB each: the first sixteen or so go to the background, the rest are written at once.
    const big = (n: number): ParsedFile => ({ ...record(`${n}.md`), title: String(n).repeat(1_000_000) });
    const keys = Array.from({ length: 24 }, (_, n) => hashAll([`${n}.md`, String(n)]));
    for (const [n, key] of keys.entries()) store.put(key, big(n));
    const before = readdirSync(many).filter((name) => name.endsWith(".bin")).length;
    expect(before).toBeGreaterThanOrEqual(24 - 16);
    expect(before).toBeLessThan(24);
    await store.settled();
    expect(readdirSync(many).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    for (const [n, key] of keys.entries()) expect(new RecordStore(many, "tool-1").get(key)).toEqual(big(n));
  });
});
