import { createRequire } from "node:module";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { closeBidiControls } from "../../src/bidi.ts";
import { parseDayFile } from "../../src/parse/index.ts";

const RLO = "\u202E";
const PDF = "\u202C";
const RLI = "\u2067";
const PDI = "\u2069";

describe("closeBidiControls", () => {
  it.each([
    ["plain text", "Attention Is All You Need", "Attention Is All You Need", 0],
    ["a closed override", `a${RLO}bc${PDF}d`, `a${RLO}bc${PDF}d`, 0],
    ["an open override", `a${RLO}cod.exe`, `a${RLO}cod.exe${PDF}`, 1],
    ["an open isolate inside an open override", `${RLO}a${RLI}b`, `${RLO}a${RLI}b${PDI}${PDF}`, 2],
    // A PDI closes its isolate and the override opened inside it; a PDF cannot close an isolate.
    ["an isolate closing an override within it", `${RLI}a${RLO}b${PDI}`, `${RLI}a${RLO}b${PDI}`, 0],
    ["a PDF inside an isolate", `${RLO}${RLI}a${PDF}`, `${RLO}${RLI}a${PDF}${PDI}${PDF}`, 2],
    ["closers with nothing open", `${PDF}${PDI}a`, `${PDF}${PDI}a`, 0],
  ])("%s", (_, text, expected, closed) => {
    expect(closeBidiControls(text)).toEqual({ text: expected, closed });
  });

  // bidi-js, an implementation of Unicode's bidi algorithm, is the judge: a letter written
  // after the closed text must be at the paragraph's own level, as it is after no text at all.
  // It is a UMD file whose types say `export default`, which TypeScript reads as `exports.default`.
  const bidiFactory = createRequire(import.meta.url)("bidi-js") as typeof import("bidi-js").default;
  const bidi = bidiFactory();
  const CONTROLS = ["\u202A", "\u202B", PDF, "\u202D", RLO, "\u2066", RLI, "\u2068", PDI];
  test.prop([fc.string({ unit: fc.constantFrom("a", "가", "\u05D0", ...CONTROLS) })])(
    "keeps the text, only appends closers, and leaves nothing open after it",
    (text) => {
      const result = closeBidiControls(text);
      expect(result.text.slice(0, text.length)).toBe(text);
      expect([...result.text.slice(text.length)].every((c) => c === PDF || c === PDI)).toBe(true);
      expect(result.text.length - text.length).toBe(result.closed);
      for (const direction of ["ltr", "rtl"] as const) {
        const after = `${result.text}a`;
        const levels = bidi.getEmbeddingLevels(after, direction).levels;
        expect(levels[after.length - 1]).toBe(bidi.getEmbeddingLevels("a", direction).levels[0]);
      }
    },
  );
});

describe("open bidi controls in a day file", () => {
  it("are closed at the end of a title, an author, a tag and the day's title, each with a warning at its line", () => {
    const text = [
      "---",
      "date: 2025-01-06",
      `title: "특집${RLO}판"`,
      `tags: [강화학습, "${RLI}악성"]`,
      "---",
      "## Daily Papers (2025-01-06)",
      "",
      `### [Safe${RLO}txt.exe](https://arxiv.org/abs/2501.00001)`,
      "",
      `Authors: Kim${RLO}ah, Lee Bo`,
      "",
      "- **What's New**: 새로운 점",
    ].join("\n");
    const parsed = parseDayFile(text, "content/bidi.md");
    expect(parsed.entries[0]?.title).toBe(`Safe${RLO}txt.exe${PDF}`);
    expect(parsed.entries[0]?.authors).toEqual([`Kim${RLO}ah${PDF}`, "Lee Bo"]);
    expect(parsed.title).toBe(`특집${RLO}판${PDF}`);
    expect(parsed.entries[0]?.tags).toEqual(["강화학습", `${RLI}악성${PDI}`]);
    expect(parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`)).toEqual([
      "3:1 warning bidi-unclosed",
      "4:1 warning bidi-unclosed",
      "8:1 warning bidi-unclosed",
      "10:1 warning bidi-unclosed",
    ]);
  });
});
