import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { parseDayFile } from "../../src/parse/index.ts";

// "No text is dropped silently": every word a digest file says reaches its records (an
// entry's fields, a note, the day's title), or a diagnostic points at the line it is on.
// Words are made up and marked (`zq…`), so that none is syntax the parser may take.

const word = fc.stringMatching(/^[a-z가-힣]{2,6}$/).map((w) => `zq${w}`);
const shapes = [
  (w: string) => `## Daily Papers (2025-02-11) ${w}\n`,
  (w: string) => `### [${w} 제목](https://arxiv.org/abs/2502.0${String(w.length).padStart(4, "0")})\n`,
  (w: string) => `### [제목](https://arxiv.org/abs/2502.08127) ${w}\n`,
  (w: string) => `### ${w}\n`,
  (w: string) => `# ${w}\n`,
  (w: string) => `#### ${w}\n`,
  (w: string) => `${w} 문장입니다.\n`,
  (w: string) => `- ${w} 글머리\n`,
  (w: string) => `- ***What's New***: ${w}\n`,
  (w: string) => `- **${w}**: 이름표\n`,
  (w: string) => `1. ${w}\n`,
  (w: string) => `  - ${w}\n`,
  (w: string) => `Vote: ${w}\n`,
  (w: string) => `Authors: ${w}, B Kim\n`,
  (w: string) => `![${w}](https://cdn.example.org/x.png)\n`,
  (w: string) => `<div>${w}</div>\n`,
  (w: string) => `<!-- ${w} -->\n`,
  (w: string) => `> ${w}\n`,
  (w: string) => `\`\`\`\n${w}\n\`\`\`\n`,
  (w: string) => `---\ntitle: ${w}\n---\n`,
  (w: string) => `[Watch Video ${w}](https://cdn.example.org/v.mp4)\n`,
  (w: string) => `<video src="https://cdn.example.org/v.mp4"></video> ${w}\n`,
  (w: string) => `<img src="https://cdn.example.org/i.png" alt="${w}">\n`,
  (w: string) => `${w}\n---\n`,
  (w: string) => `[![${w}](https://cdn.example.org/i.png)](https://huggingface.co/papers/2502.08127)\n`,
  (w: string) => `[![badge](https://img.example.org/b.svg)](https://example.org/${w})\n`,
  (w: string) => `Authors: ${w}, B Kim,\n`,
  (w: string) => `**Authors**: **${w}**\n`,
  (w: string) => `## **Daily Papers** (2025-02-12) ${w}\n`,
  (w: string) => `---\ntags: [${w}]\n---\n`,
  (w: string) => `Vote: 12 ${w}\n`,
  (w: string) => `| ${w} | b |\n| - | - |\n`,
  (w: string) => `[^1]: ${w}\n`,
  () => "\n",
  () => "## Daily Papers (2025-02-11)\n",
  () => "### [Title](https://arxiv.org/abs/2502.08127)\n",
  () => "Vote: 12\n",
];
const piece = fc.tuple(fc.integer({ min: 0, max: shapes.length - 1 }), word).map(([at, w]) => {
  const shape = shapes[at] as (w: string) => string;
  return shape(w);
});

describe("parseDayFile keeps every word", () => {
  test.prop([fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(""))], { numRuns: 2000 })(
    "in its records, or reports the line it is on",
    (text) => {
      const parsed = parseDayFile(text, "2025/02/11.md");
      // Whole words: `zqab` is not kept by a `zqabc`.
      const kept = new Set(JSON.stringify([parsed.entries, parsed.notes, parsed.title]).match(/zq[a-z가-힣]+/g));
      const reported = new Set(parsed.diagnostics.map((d) => d.line));
      const lost: string[] = [];
      text.split("\n").forEach((line, index) => {
        for (const [found] of line.matchAll(/zq[a-z가-힣]+/g))
          if (!kept.has(found) && !reported.has(index + 1)) lost.push(`${index + 1}: ${line}`);
      });
      expect(lost).toEqual([]);
    },
  );
});
