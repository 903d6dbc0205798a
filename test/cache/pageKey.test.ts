import { describe, expect, it } from "vitest";
import { pageKey } from "../../src/cache/index.ts";

describe("pageKey", () => {
  it("changes with the template, its files, the meta and the data", () => {
    const key = pageKey("day", "v1", { path: "a/" }, { n: 1 });
    expect(pageKey("day", "v1", { path: "a/" }, { n: 1 })).toBe(key);
    expect(pageKey("paper", "v1", { path: "a/" }, { n: 1 })).not.toBe(key);
    expect(pageKey("day", "v2", { path: "a/" }, { n: 1 })).not.toBe(key);
    expect(pageKey("day", "v1", { path: "b/" }, { n: 1 })).not.toBe(key);
    expect(pageKey("day", "v1", { path: "a/" }, { n: 2 })).not.toBe(key);
  });

  it("sees inside maps and sets", () => {
    expect(pageKey("t", "v", {}, { m: new Map([["a", 1]]) })).not.toBe(
      pageKey("t", "v", {}, { m: new Map([["a", 2]]) }),
    );
    expect(pageKey("t", "v", {}, { s: new Set([1]) })).not.toBe(pageKey("t", "v", {}, { s: new Set([2]) }));
  });

  it("never reuses a page whose data holds a function", () => {
    expect(pageKey("t", "v", {}, { f: () => 1 })).toBe("");
  });
});
