import { describe, expect, it } from "vitest";
import { synthesizeFiles } from "../../scripts/synth.ts";
import { buildSite } from "../../src/model/index.ts";
import { parseDayFile } from "../../src/parse/index.ts";
import { HAVE_CORPUS, NO_CORPUS_MESSAGE, readCorpus } from "../helpers/corpus.ts";

/** The words of every summary section of `files` (day files, in date order), in order. */
function summaryWords(files: readonly (readonly [file: string, text: string])[]): string[] {
  const site = buildSite(files.map(([file, text]) => parseDayFile(text, file)));
  return [...site.days]
    .reverse()
    .flatMap((day) => day.entries)
    .flatMap((entry) => [entry.whatsNew, entry.technicalDetails, entry.performanceHighlights, ...entry.bullets])
    .flatMap((text) => (text === null ? [] : text.split(/\s+/).filter((word) => word !== "")));
}

/** How many distinct words, and distinct Hangul runs, the first `count` words hold. */
function vocabulary(words: readonly string[], count: number): { words: number; hangul: number } {
  const first = words.slice(0, count);
  return {
    words: new Set(first).size,
    hangul: new Set(first.flatMap((word) => word.match(/[\uAC00-\uD7A3]+/g) ?? [])).size,
  };
}

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

  // A search index grows with its distinct words, so a benchmark of a small vocabulary
  // flatters search (Pagefind took 12 s for a 1x archive of a few hundred words, 20 s for
  // one as varied as the real summaries).
  it("keeps meeting new words as the real summaries do", ({ skip }) => {
    if (!HAVE_CORPUS) skip(NO_CORPUS_MESSAGE);
    const real = summaryWords(readCorpus());
    const count = Math.min(real.length, 32_000);
    const synthetic = summaryWords(synthesizeFiles(90).map(({ file, text }) => [file, text] as const));
    expect(synthetic.length).toBeGreaterThan(4 * count);
    const ours = vocabulary(synthetic, count);
    const theirs = vocabulary(real, count);
    for (const kind of ["words", "hangul"] as const) {
      expect(ours[kind]).toBeGreaterThan(0.7 * theirs[kind]);
      expect(ours[kind]).toBeLessThan(1.3 * theirs[kind]);
    }
    // And still growing past the sample's length, at about the power the sample grows by
    // (the 0.6th for its Hangul runs): between the 0.5th and the 0.9th power of the text's
    // growth. The old sentences' Hangul runs did not grow at all; words never seen twice
    // would grow with the text.
    const grown = vocabulary(synthetic, 4 * count);
    expect(grown.hangul / ours.hangul).toBeGreaterThan(4 ** 0.5);
    expect(grown.hangul / ours.hangul).toBeLessThan(4 ** 0.9);
  });

  it("is deterministic", () => {
    expect(synthesizeFiles(3, 5)).toEqual(synthesizeFiles(3, 5));
  });
});
