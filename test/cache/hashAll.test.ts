import { createHash } from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { hashAll } from "../../src/cache/BuildCache.ts";

/** The definition: every part's bytes, each ended by a NUL, hashed in order. */
function hashPartByPart(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash("sha1");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("base64url");
}

const part = fc.oneof(
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.uint8Array({ maxLength: 40 }),
  // Long enough to pass the length at which joined strings are handed to the hash.
  fc.string({ minLength: 30_000, maxLength: 40_000 }),
);

describe("hashAll", () => {
  test.prop([fc.array(part, { maxLength: 12 })], { numRuns: 150 })(
    "hashes the same bytes as hashing each part and its NUL in turn",
    (parts) => {
      expect(hashAll(parts)).toBe(hashPartByPart(parts));
    },
  );
  test.prop([fc.array(fc.string(), { minLength: 2, maxLength: 4 })])(
    "tells apart parts split at another place",
    (parts) => {
      expect(hashAll(parts)).not.toBe(hashAll([parts.join("")]));
    },
  );
});
