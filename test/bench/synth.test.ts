import { describe, expect, it } from "vitest";
import { synthesizeFiles } from "../../scripts/synth.ts";
import { buildSite } from "../../src/model/index.ts";
import { parseDayFile } from "../../src/parse/index.ts";

describe("synthetic archive", () => {
  it("parses into the papers it generated, without errors", () => {
    const files = synthesizeFiles(20, 7);
    const parsed = files.map((file) => parseDayFile(file.text, file.file));
    const site = buildSite(parsed);
    expect(site.days).toHaveLength(20);
    expect(site.entries).toHaveLength(files.reduce((sum, file) => sum + file.entries, 0));
    expect(site.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(site.entries.some((entry) => entry.votes === null)).toBe(true);
    expect(site.entries.some((entry) => entry.bullets.length > 0)).toBe(true);
    expect(site.entries.filter((entry) => entry.whatsNew !== null).length).toBeGreaterThan(100);
  });

  it("is deterministic", () => {
    expect(synthesizeFiles(3, 5)).toEqual(synthesizeFiles(3, 5));
  });
});
