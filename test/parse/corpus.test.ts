import { describe, expect, it } from "vitest";
import { parseDayFile } from "../../src/parse/index.ts";
import { HAVE_CORPUS, NO_CORPUS_MESSAGE, readCorpus } from "../helpers/corpus.ts";

// Hand-counted from the files: `### [` paper headings per file, papers without a
// Vote line or with `Vote: -`, and papers with no Authors line; and the one warning the
// sample deserves (a backspace character in 2024/07/19.md).
const EXPECTED: Record<string, { papers: number; noVotes: number; noAuthors: number }> = {
  "2023/11/20.md": { papers: 11, noVotes: 11, noAuthors: 11 },
  "2023/11/21.md": { papers: 16, noVotes: 16, noAuthors: 0 },
  "2023/12/13.md": { papers: 16, noVotes: 0, noAuthors: 0 },
  "2024/02/05.md": { papers: 9, noVotes: 0, noAuthors: 0 },
  "2024/06/12.md": { papers: 16, noVotes: 0, noAuthors: 0 },
  "2024/07/16.md": { papers: 16, noVotes: 1, noAuthors: 0 },
  "2024/07/19.md": { papers: 15, noVotes: 0, noAuthors: 0 },
  "2024/08/15.md": { papers: 8, noVotes: 0, noAuthors: 0 },
  "2024/08/26.md": { papers: 11, noVotes: 1, noAuthors: 0 },
  "2024/10/16.md": { papers: 18, noVotes: 1, noAuthors: 0 },
  "2024/10/18.md": { papers: 9, noVotes: 0, noAuthors: 0 },
  "2024/10/22.md": { papers: 23, noVotes: 0, noAuthors: 0 },
  "2024/12/11.md": { papers: 27, noVotes: 0, noAuthors: 0 },
  "2025/01/02.md": { papers: 3, noVotes: 0, noAuthors: 0 },
  "2025/03/12.md": { papers: 50, noVotes: 0, noAuthors: 0 },
  "2025/05/09.md": { papers: 20, noVotes: 0, noAuthors: 0 },
};
const WARNINGS: Record<string, string[]> = { "2024/07/19.md": ["182:104 control-character"] };

/** The words the format itself writes, and a video tag's attributes. */
const SYNTAX = new Set(
  "Daily Papers Vote Authors What s New Technical Details Performance Highlights Watch Video video controls muted false div src https arxiv org abs".split(
    " ",
  ),
);
/** Every string and number in `value`, as JSON would write it. */
const stringsOf = (value: unknown): string[] => {
  const strings: string[] = [];
  JSON.stringify(value, (_key, item) => {
    if (typeof item === "string" || typeof item === "number") strings.push(String(item));
    return item;
  });
  return strings;
};
const wordsOf = (texts: readonly string[]): string[] => texts.join(" ").match(/[\p{L}\p{N}]+/gu) ?? [];
const count = (words: readonly string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
};

describe.skipIf(!HAVE_CORPUS)("real corpus sample", () => {
  const corpus = readCorpus();
  const parsed = corpus.map(([file, text]) => ({ text, result: parseDayFile(text, file) }));

  it("has the files we counted", () => {
    expect(corpus.map(([file]) => file)).toEqual(Object.keys(EXPECTED));
  });

  it.each(Object.entries(EXPECTED))("%s has the expected papers, votes and authors", (file, expected) => {
    const found = parsed.find((p) => p.result.file === file);
    const entries = found?.result.entries ?? [];
    const headings = (found?.text.match(/^### \[/gm) ?? []).length;
    expect(entries.length).toBe(headings);
    expect({
      papers: entries.length,
      noVotes: entries.filter((e) => e.votes === null).length,
      noAuthors: entries.filter((e) => e.authors.length === 0).length,
    }).toEqual(expected);
    const warnings = found?.result.diagnostics.filter((d) => d.severity !== "info");
    expect(warnings?.map((d) => `${d.line}:${d.column} ${d.code}`)).toEqual(WARNINGS[file] ?? []);
  });

  it("gives every paper a title, a date matching its file, and a summary", () => {
    for (const { result } of parsed) {
      const day = result.file.replace(/\.md$/, "").replaceAll("/", "-");
      for (const entry of result.entries) {
        expect(entry.title.length).toBeGreaterThan(3);
        expect(entry.date).toBe(day);
        expect(entry.url).toBe(`https://arxiv.org/abs/${entry.id}`);
        const summary = entry.whatsNew ?? entry.bullets[0];
        expect(summary, `${result.file}:${entry.source.line}`).toBeTruthy();
      }
    }
  });

  it("fills What's New on every labelled-era paper, and the other two wherever the file has them", () => {
    const labelled = parsed.flatMap(({ result }) => result.entries).filter((e) => e.date >= "2024-06-01");
    expect(labelled.length).toBe(216);
    expect(labelled.every((e) => e.whatsNew !== null)).toBe(true);
    // These three are cut short in the files themselves.
    const incomplete = labelled.filter((e) => e.technicalDetails === null || e.performanceHighlights === null);
    expect(incomplete.map((e) => e.id)).toEqual(["2410.11805", "2503.07536", "2503.05860"]);
  });

  it("keeps every summary line: each labelled or bullet line of a paper appears in its record", () => {
    for (const { text, result } of parsed) {
      const lines = text.split("\n");
      for (const entry of result.entries) {
        const record = JSON.stringify(entry);
        const start = entry.source.line;
        const next = result.entries.find((e) => e.source.line > start)?.source.line ?? lines.length + 1;
        const summaryLines = lines.slice(start, next - 1).filter((line) => /^\s*(?:-|\d+[.)])\s/.test(line));
        for (const line of summaryLines) {
          const tail = line
            .replace(/['"\]*]+$/, "")
            .slice(-25)
            .trim();
          if (tail.length > 8) expect(record, `${result.file}: ${line}`).toContain(JSON.stringify(tail).slice(1, -1));
        }
      }
    }
  });

  it("keeps every word of every file: each is in the file's records, or is syntax, or has a diagnostic on its line", () => {
    const lost: string[] = [];
    for (const { text, result } of parsed) {
      const kept = new Set(wordsOf(stringsOf([result.entries, result.notes, result.title])));
      const reported = new Set(result.diagnostics.map((d) => d.line));
      text.split("\n").forEach((line, index) => {
        for (const word of wordsOf([line]))
          if (!kept.has(word) && !SYNTAX.has(word) && !reported.has(index + 1))
            lost.push(`${result.file}:${index + 1}: ${word}`);
      });
    }
    expect(lost).toEqual([]);
  });

  it("keeps every word of each paper's summary lines in that paper's record, as often as the file says it", () => {
    const short: string[] = [];
    for (const { text, result } of parsed) {
      const lines = text.split("\n");
      result.entries.forEach((entry, at) => {
        const end = (result.entries[at + 1]?.source.line ?? lines.length + 1) - 1;
        // The summary: its lines but the heading's, the metadata's and the media's.
        const summary = lines
          .slice(entry.source.line, end)
          .filter((line) => !/^\s*(?:#|vote|authors|!\[|\[watch|<)/i.test(line));
        const { whatsNew, technicalDetails, performanceHighlights, otherSections, bullets, extra } = entry;
        const record = count(
          wordsOf(stringsOf([whatsNew, technicalDetails, performanceHighlights, otherSections, bullets, extra])),
        );
        for (const [word, times] of count(wordsOf(summary)))
          if (!SYNTAX.has(word) && (record.get(word) ?? 0) < times)
            short.push(
              `${result.file}:${entry.source.line} ${entry.id}: ${word} ×${times}, record ×${record.get(word) ?? 0}`,
            );
      });
    }
    expect(short).toEqual([]);
  });

  it("reads the same paper on two days, once under another title", () => {
    const appearances = parsed.flatMap(({ result }) => result.entries).filter((e) => e.id === "2410.09342");
    expect(appearances.map((e) => [e.date, e.title])).toEqual([
      ["2024-10-16", "LLM$\\times$MapReduce: Simplified Long-Sequence Processing using Large Language Models"],
      ["2024-10-18", "LLMtimesMapReduce: Simplified Long-Sequence Processing using Large Language Models"],
    ]);
  });
});

describe.skipIf(HAVE_CORPUS)("real corpus sample (absent)", () => {
  it("is skipped", () => {
    console.warn(NO_CORPUS_MESSAGE);
    expect(HAVE_CORPUS).toBe(false);
  });
});
