import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { seal, unseal } from "../../src/cache/sealed.ts";
import { writeAtomically, writeAtomicallyInBackground } from "../../src/cache/writeAtomically.ts";

const root = mkdtempSync(join(tmpdir(), "digest-sealed-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Issue #5: a damaged cache file must never be taken for what it held.
describe("sealed cache files", () => {
  it("give back what was sealed, and refuse any one flipped bit or a cut", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.integer({ min: 0, max: 7 }), fc.nat(), (value, at, bit, cut) => {
        const sealed = seal(value);
        expect(unseal(sealed)).toEqual(value);
        const damaged = Buffer.from(sealed);
        const index = at % damaged.byteLength;
        damaged[index] = (damaged[index] as number) ^ (1 << bit);
        expect(() => unseal(damaged)).toThrow("damaged cache file");
        expect(() => unseal(sealed.subarray(0, cut % sealed.byteLength))).toThrow();
      }),
    );
  });
});

describe("writing a cache file", () => {
  it("leaves no temporary file behind when the write fails", async () => {
    // A folder where the file should go: the rename over it fails.
    const target = join(root, "build-v8.bin");
    mkdirSync(target);
    expect(() => writeAtomically(target, seal("x"))).toThrow();
    await expect(writeAtomicallyInBackground(target, seal("x"))).rejects.toThrow();
    expect(readdirSync(root)).toEqual(["build-v8.bin"]);
  });
});
