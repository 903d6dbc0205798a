import { describe, expect, it } from "vitest";
import { pageKey } from "../../src/cache/index.ts";

describe("pageKey", () => {
  it("changes with the template, the meta and the data", () => {
    const key = pageKey("day", { path: "a/" }, { n: 1 });
    expect(pageKey("day", { path: "a/" }, { n: 1 })).toBe(key);
    expect(pageKey("paper", { path: "a/" }, { n: 1 })).not.toBe(key);
    expect(pageKey("day", { path: "b/" }, { n: 1 })).not.toBe(key);
    expect(pageKey("day", { path: "a/" }, { n: 2 })).not.toBe(key);
  });

  it("sees inside maps and sets", () => {
    expect(pageKey("t", {}, { m: new Map([["a", 1]]) })).not.toBe(pageKey("t", {}, { m: new Map([["a", 2]]) }));
    expect(pageKey("t", {}, { s: new Set([1]) })).not.toBe(pageKey("t", {}, { s: new Set([2]) }));
  });

  it("never reuses a page whose data holds a function", () => {
    expect(pageKey("t", {}, { f: () => 1 })).toBe("");
  });
});
