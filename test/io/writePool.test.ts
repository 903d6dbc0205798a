import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { WritePool } from "../../src/io/WritePool.ts";
import { hashBytes, writeSite } from "../../src/io/writeSite.ts";
import { fileTree } from "../helpers/tree.ts";

const root = mkdtempSync(join(tmpdir(), "digest-pool-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const bytes = (text: string) => new TextEncoder().encode(text);
const sortByPath = <T extends { path: string }>(list: Iterable<T>) =>
  [...list].sort((a, b) => (a.path < b.path ? -1 : 1));

describe("WritePool", () => {
  // The code is what tells a full disk apart (src/errors.ts says to free space for it).
  it.skipIf(!existsSync("/dev/full"))(
    "reports a failed write with its error code, ENOSPC for a full disk",
    async () => {
      const dir = join(root, "full");
      mkdirSync(dir, { recursive: true });
      symlinkSync("/dev/full", join(dir, "index.html"));
      const pool = new WritePool(dir, { workers: 1 });
      pool.write({ path: "index.html", bytes: bytes("page") });
      const { failure } = await pool.finish();
      expect(failure).toMatchObject({ file: join(dir, "index.html"), code: "ENOSPC" });
    },
  );

  it("writes every file with its bytes, creating its folders, from each worker", async () => {
    const dir = join(root, "all");
    const pool = new WritePool(dir, { workers: 2 });
    // Enough files for several batches, so both workers get some.
    const files = Array.from({ length: 150 }, (_, n) => [`f${n % 7}/sub${n}/index.html`, `page ${n} · 쪽`] as const);
    for (const [path, text] of files) pool.write({ path, bytes: bytes(text) });
    const { failure, results } = await pool.finish();
    expect(failure).toBeNull();
    for (const [path, text] of files) expect(readFileSync(join(dir, path), "utf8")).toBe(text);
    // Each file's hash is the one the writer records for its bytes.
    const expected = files.map(([path, text]) => ({ path, hash: hashBytes(bytes(text)), written: true }));
    expect(sortByPath(results)).toEqual(sortByPath(expected));
  });

  it("makes `write` wait while the workers are more than maxPendingBytes behind", async () => {
    const dir = join(root, "pressure");
    const size = 600;
    const pool = new WritePool(dir, { workers: 1, maxPendingBytes: 1_000 });
    for (let n = 0; n < 40; n += 1) {
      pool.write({ path: `f${n}.txt`, bytes: new Uint8Array(size).fill(65) });
      // At most one file (600 bytes) can be pending without crossing 1,000 bytes, which makes write wait.
      const onDisk = existsSync(dir) ? readdirSync(dir).length : 0;
      expect(onDisk).toBeGreaterThanOrEqual(n);
    }
    expect((await pool.finish()).failure).toBeNull();
    expect(readdirSync(dir)).toHaveLength(40);
  });

  it("leaves a file unwritten when its hash or its bytes on disk show it unchanged", async () => {
    const dir = join(root, "unless");
    const old = join(root, "unless-old");
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, "same.html"), "same");
    writeFileSync(join(old, "other.html"), "before");
    const pool = new WritePool(dir, { workers: 1 });
    pool.write({ path: "hash-same.html", bytes: bytes("kept"), unlessHash: hashBytes(bytes("kept")) });
    pool.write({ path: "hash-other.html", bytes: bytes("new"), unlessHash: hashBytes(bytes("old")) });
    pool.write({ path: "disk-same.html", bytes: bytes("same"), unlessSameAs: join(old, "same.html") });
    pool.write({ path: "disk-other.html", bytes: bytes("after"), unlessSameAs: join(old, "other.html") });
    pool.write({ path: "disk-missing.html", bytes: bytes("first"), unlessSameAs: join(old, "missing.html") });
    const { failure, results } = await pool.finish();
    expect(failure).toBeNull();
    expect(readdirSync(dir).sort()).toEqual(["disk-missing.html", "disk-other.html", "hash-other.html"]);
    expect(sortByPath(results).map(({ path, written }) => [path, written])).toEqual([
      ["disk-missing.html", true],
      ["disk-other.html", true],
      ["disk-same.html", false],
      ["hash-other.html", true],
      ["hash-same.html", false],
    ]);
    expect([...results].find((result) => result.path === "disk-same.html")?.hash).toBe(hashBytes(bytes("same")));
  });

  it("moves a memory block the caller hands over to the worker, and copies any other", async () => {
    const dir = join(root, "hand-over");
    const pool = new WritePool(dir, { workers: 1 });
    const given = new Uint8Array(10_000).fill(66);
    const kept = new Uint8Array(10_000).fill(67);
    // A view of part of a block cannot move without taking the rest of the block along.
    const shared = new Uint8Array(20_000).fill(68);
    pool.write({ path: "given", bytes: given }, true);
    pool.write({ path: "kept", bytes: kept });
    pool.write({ path: "part", bytes: shared.subarray(0, 10_000) }, true);
    // One block handed over for two files moves once, with both.
    const twice = new Uint8Array(10_000).fill(69);
    pool.write({ path: "twice-1", bytes: twice }, true);
    pool.write({ path: "twice-2", bytes: twice }, true);
    expect((await pool.finish()).failure).toBeNull();
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
    const pool = new WritePool(dir, { workers: 1 });
    pool.write({ path: "taken", bytes: bytes("a file") });
    // A file cannot be a folder as well.
    pool.write({ path: "taken/index.html", bytes: bytes("below a file") });
    pool.write({ path: "after.html", bytes: bytes("after") });
    const { failure } = await pool.finish();
    expect(failure?.file).toBe(join(dir, "taken", "index.html"));
    expect(failure?.message).toMatch(/ENOTDIR|EEXIST/);
  });
});

describe("WritePool when a worker stops", () => {
  it("finish reports it instead of waiting for an answer that never comes", async () => {
    const pool = new WritePool(join(root, "never"), { workers: 1 });
    const [worker] = Reflect.get(pool, "workers") as Worker[];
    await worker?.terminate();
    pool.write({ path: "index.html", bytes: bytes("lost") });
    const { failure } = await pool.finish();
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

  it.each([
    ["the hashes of the previous build", true],
    ["the bytes on disk", false],
  ])("keeps unchanged files past the first few, found by %s", async (_, byHash) => {
    const out = join(root, `again-${byHash}`, "dist");
    const first = await writeSite(many("papers"), out);
    const before = new Map([...first.hashes.keys()].map((path) => [path, statSync(join(out, path)).mtimeMs]));
    const changed = many("papers").set("papers/p250/index.html", "<p>changed</p>").set("papers/new/index.html", "new");
    await new Promise((done) => setTimeout(done, 20));
    const second = await writeSite(changed, out, byHash ? { previous: first.hashes } : {});
    expect([second.written, second.unchanged]).toEqual([2, 299]);
    expect(readFileSync(join(out, "papers/p250/index.html"), "utf8")).toBe("<p>changed</p>");
    for (const [path, mtime] of before) {
      if (path !== "papers/p250/index.html") expect(statSync(join(out, path)).mtimeMs, path).toBe(mtime);
    }
    expect(second.hashes).toEqual(new Map([...changed].map(([path, text]) => [path, hashBytes(bytes(text))])));
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
