import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { WritePool } from "../../src/io/WritePool.ts";
import { writeSite } from "../../src/io/writeSite.ts";
import { fileTree } from "../helpers/tree.ts";

const root = mkdtempSync(join(tmpdir(), "digest-pool-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const bytes = (text: string) => new TextEncoder().encode(text);

describe("WritePool", () => {
  it("writes every file with its bytes, creating its folders, from each worker", async () => {
    const dir = join(root, "all");
    const pool = new WritePool({ workers: 2 });
    // Enough files for several batches, so both workers get some.
    const files = Array.from({ length: 150 }, (_, n) => [join(dir, `f${n % 7}`, `sub${n}`, "index.html"), `page ${n}`]);
    for (const [file, text] of files) pool.write(file as string, bytes(text as string));
    expect(await pool.finish()).toBeNull();
    for (const [file, text] of files) expect(readFileSync(file as string, "utf8")).toBe(text);
  });

  it("makes `write` wait while the workers are more than maxPendingBytes behind", async () => {
    const dir = join(root, "pressure");
    const size = 600;
    const pool = new WritePool({ workers: 1, maxPendingBytes: 1_000 });
    for (let n = 0; n < 40; n += 1) {
      pool.write(join(dir, `f${n}.txt`), new Uint8Array(size).fill(65));
      // At most one file (600 bytes) can be pending without crossing 1,000 bytes, which makes write wait.
      const onDisk = existsSync(dir) ? readdirSync(dir).length : 0;
      expect(onDisk).toBeGreaterThanOrEqual(n);
    }
    expect(await pool.finish()).toBeNull();
    expect(readdirSync(dir)).toHaveLength(40);
  });

  it("moves a memory block the caller hands over to the worker, and copies any other", async () => {
    const dir = join(root, "hand-over");
    const pool = new WritePool({ workers: 1 });
    const given = new Uint8Array(10_000).fill(66);
    const kept = new Uint8Array(10_000).fill(67);
    // A view of part of a block cannot move without taking the rest of the block along.
    const shared = new Uint8Array(20_000).fill(68);
    pool.write(join(dir, "given"), given, true);
    pool.write(join(dir, "kept"), kept);
    pool.write(join(dir, "part"), shared.subarray(0, 10_000), true);
    // One block handed over for two files moves once, with both.
    const twice = new Uint8Array(10_000).fill(69);
    pool.write(join(dir, "twice-1"), twice, true);
    pool.write(join(dir, "twice-2"), twice, true);
    expect(await pool.finish()).toBeNull();
    expect(given.byteLength).toBe(0);
    expect([kept.byteLength, shared.byteLength]).toEqual([10_000, 20_000]);
    for (const [name, byte] of [
      ["given", 66],
      ["kept", 67],
      ["part", 68],
      ["twice-1", 69],
      ["twice-2", 69],
    ] as const)
      expect(readFileSync(join(dir, name)).equals(Buffer.alloc(10_000, byte))).toBe(true);
  });

  it("reports the first write that failed, with its file", async () => {
    const dir = join(root, "failing");
    const pool = new WritePool({ workers: 1 });
    pool.write(join(dir, "taken"), bytes("a file"));
    // A file cannot be a folder as well.
    pool.write(join(dir, "taken", "index.html"), bytes("below a file"));
    pool.write(join(dir, "after.html"), bytes("after"));
    const failure = await pool.finish();
    expect(failure?.file).toBe(join(dir, "taken", "index.html"));
    expect(failure?.message).toMatch(/ENOTDIR|EEXIST/);
  });
});

describe("WritePool when a worker stops", () => {
  it("finish reports it instead of waiting for an answer that never comes", async () => {
    const pool = new WritePool({ workers: 1 });
    const [worker] = Reflect.get(pool, "workers") as Worker[];
    await worker?.terminate();
    pool.write(join(root, "never", "index.html"), bytes("lost"));
    const failure = await pool.finish();
    expect(failure?.message).toMatch(/a file-writing thread stopped/);
    expect(existsSync(join(root, "never"))).toBe(false);
  });
});

describe("writeSite with more files than are written on the main thread", () => {
  const many = (prefix: string) =>
    new Map(Array.from({ length: 300 }, (_, n) => [`${prefix}/p${n}/index.html`, `<p>${prefix} ${n}</p>`]));

  it("writes the same site as the files say", async () => {
    const out = join(root, "site", "dist");
    const files = many("papers");
    const result = await writeSite(files, out);
    expect(result.written).toBe(300);
    expect([...fileTree(out).keys()].sort()).toEqual([...files.keys()].sort());
    for (const [path, text] of files) expect(readFileSync(join(out, path), "utf8")).toBe(text);
  });

  it("a write failing in a worker fails the build and leaves the previous site as it was", async () => {
    const parent = join(root, "broken");
    const out = join(parent, "dist");
    await writeSite(many("old"), out);
    const before = fileTree(out);
    // The 301st file is written by a worker and needs `papers/p5/index.html` to be a folder.
    const bad = new Map([...many("papers"), ["papers/p5/index.html/x.html", "x"]]);
    await expect(writeSite(bad, out)).rejects.toThrow(/previous site is unchanged/);
    expect(fileTree(out)).toEqual(before);
    expect(readdirSync(parent)).toEqual(["dist"]);
  });
});
