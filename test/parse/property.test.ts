import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { parseDayFile } from "../../src/parse/index.ts";

// Pieces of real digest syntax, so random files hit the parser's interesting paths.
const piece = fc.constantFrom(
  "## Daily Papers (2025-02-11)\n",
  "## Daily Papers (2025-13-45)\n",
  "### [Title](https://arxiv.org/abs/2502.08127)\n",
  "### [Bad](javascript:alert(1))\n",
  "### [](https://arxiv.org/abs/)\n",
  "### [P](https://arxiv.org/abs/2501.0000%E0%A4%A)\n",
  "![](https://cdn.example.org/x.png)\n",
  "<video src='javascript:alert(1)'></video>\n",
  "Vote: 12\n",
  "Vote: -\n",
  "Vote: lots\n",
  "Authors: ['A', 'and B']\n",
  "- ***What's New***: 새로운 점\n",
  "- **Technical Details*: 세부\n",
  "1) 계속\n",
  "---\ndate: 2025-01-02\n---\n",
  "---\n: [\n---\n",
  "\n",
  "  - nested\n",
  "```\ncode\n",
  "[",
  "*",
  "\r\n",
  "\uFEFF",
);

describe("parseDayFile on arbitrary text", () => {
  test.prop([fc.string({ unit: "binary", maxLength: 400 })], { numRuns: 300 })(
    "never throws and returns well-formed records for any text",
    (text) => {
      const parsed = parseDayFile(text, "any.md");
      for (const d of parsed.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
        expect(d.message.length).toBeGreaterThan(0);
      }
    },
  );

  test.prop([fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(""))], { numRuns: 400 })(
    "never throws on digest-like text, and every entry has a valid id, date and safe URLs",
    (text) => {
      const parsed = parseDayFile(text, "2025/01/02.md");
      const lines = text.split(/\r\n|\r|\n/).length;
      for (const entry of parsed.entries) {
        expect(entry.id).toMatch(/^\d{4}\.\d{4,5}$/);
        expect(entry.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(entry.url).toBe(`https://arxiv.org/abs/${entry.id}`);
        if (entry.media) expect(entry.media.url).toMatch(/^https?:\/\//);
        expect(entry.source.line).toBeLessThanOrEqual(lines);
      }
      for (const d of parsed.diagnostics) expect(d.line).toBeLessThanOrEqual(lines);
    },
  );
});
