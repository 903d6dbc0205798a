// Pathological inputs for issue #6, shared by the hang-guard tests and `npm run bench`.
import { parseDayFile } from "../../src/parse/index.ts";
import { renderMarkdown } from "../../src/render/markdown.ts";
import type { ParsedFile } from "../../src/types.ts";

export const HEAD = "## Daily Papers (2025-01-02)\n\n### [Title](https://arxiv.org/abs/2412.19723)\n\nVote: 3\n\n";
export const TAIL =
  "\n\n### [After](https://arxiv.org/abs/2412.19724)\n\n- ***What's New***: 뒤따르는 논문은 그대로 읽힙니다.\n";

/** Parses and renders every markdown field, as a build would; returns the parse and the elapsed time. */
export function parseAndRender(text: string): { parsed: ParsedFile; ms: number } {
  const started = performance.now();
  const parsed = parseDayFile(text, "2025/01/02.md");
  for (const entry of parsed.entries) {
    const fields = [
      entry.whatsNew,
      entry.technicalDetails,
      entry.performanceHighlights,
      ...entry.bullets,
      ...entry.extra,
    ];
    for (const field of fields) if (field !== null) renderMarkdown(field);
    for (const section of entry.otherSections) renderMarkdown(section.text);
  }
  for (const note of parsed.notes) renderMarkdown(note.markdown);
  return { parsed, ms: performance.now() - started };
}

export const lines = (count: number, make: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => make(index)).join("\n");

export const CASES: [name: string, body: string, code: string | null][] = [
  ["a single 1 MB line", `- ***What's New***: ${"가나다 abc ".repeat(110_000)}`, "line-too-long"],
  ["5,000 unclosed [", `- ${"[".repeat(5000)}`, "markup-too-dense"],
  ["5,000 unclosed *", `- ${"*".repeat(5000)}a`, "markup-too-dense"],
  ["5,000 alternating *a", `- ${"*a ".repeat(5000)}`, "markup-too-dense"],
  ["10,000 unclosed ** on separate lines", lines(10_000, () => "**a"), "markup-too-dense"],
  ["5,000 [ then 5,000 ]", `- ${"[".repeat(5000)}${"]".repeat(5000)}`, "markup-too-dense"],
  ["5,000 unclosed ![", `- ${"![".repeat(5000)}`, "markup-too-dense"],
  ["lists nested 300 deep", lines(300, (i) => `${"  ".repeat(i)}- x`), "nesting-too-deep"],
  ["1,000 list markers on one line", `${"- ".repeat(1000)}x`, "nesting-too-deep"],
  ["10,000 > on one line", `${">".repeat(10_000)} x`, "nesting-too-deep"],
  ["quotes deepening for 1,000 lines", lines(1000, (i) => `${">".repeat(i)} x`), "nesting-too-deep"],
  [
    "a 300 × 300 table",
    `|${"a|".repeat(300)}\n|${"-|".repeat(300)}\n${`|${"b|".repeat(300)}\n`.repeat(300)}`,
    "markup-too-dense",
  ],
  ["a 20,000-row table", `|a|b|c|\n|-|-|-|\n${"|x|y|z|\n".repeat(20_000)}`, "markup-too-dense"],
  ["10,000 nested <div> blocks", lines(10_000, () => "<div>\n"), "html-too-deep"],
  ["10,000 unclosed <b> in a line", `- x ${"<b>".repeat(10_000)}`, "line-too-long"],
  ["1,000 unclosed <span> in short lines", lines(1000, () => "<span>x"), "html-too-deep"],
  [
    "5,000 link reference definitions",
    `${lines(5000, (i) => `[a${i}]: https://e.com/${i}`)}\n${"[a1]".repeat(5000)}`,
    "markup-too-dense",
  ],
  ["100,000 <", `- ${"<".repeat(100_000)}`, "line-too-long"],
  // Plain headings are read by a pattern, which must stay linear on long runs of spaces.
  ["45 headings with 20,000 spaces inside", lines(45, () => `### a${" ".repeat(19_980)}b\n`), null],
  // A run of backticks opens a code fence that never closes: cheap, nothing to report.
  ["10,000 backticks", `${"`".repeat(10_000)}a`, null],
  ["50,000 entities", `- ${"&amp;".repeat(3000)}`, null],
  // Where a bare link ends before a Korean particle is looked for in its last segment only.
  [
    "40 lines of one bare link of 19,600 letters and syllables",
    `- ***What's New***: ${lines(40, () => `  https://x.org/${"a가".repeat(9800)}/x`)}`,
    null,
  ],
  ["an unclosed code fence of 20,000 lines", `\`\`\`\n${lines(20_000, (i) => `code ${i} [ * _ <`)}`, null],
];
