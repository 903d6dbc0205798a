// Issue #6: no input makes the parser hang, overflow the stack or use unbounded memory.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { parseDayFile } from "../../src/parse/index.ts";
import { guardPathologicalText, LIMITS } from "../../src/parse/limits.ts";
import { CASES, HEAD, lines, parseAndRender, TAIL } from "../helpers/pathological.ts";
import { goodDay } from "./helpers.ts";

// A hang guard, not a speed figure: before the limits in src/parse/limits.ts these inputs
// took 10 s to several minutes or overflowed the stack. Speed itself is measured and
// printed by `npm run bench` (its pathological table), not asserted here, because a
// shared CI machine can be several times slower than a quiet one: the slowest case, an
// unclosed code fence of 20,000 lines, takes 0.25 s on a quiet machine and 0.8 to 1.4 s
// on a loaded 2-core one, so 8 s leaves room and still fails the 10 s of the old parser.
const BUDGET_MS = 8000;

describe("pathological inputs (issue #6)", () => {
  it.each(CASES)("%s parses and renders within budget, keeps the next paper and reports it", (_name, body, code) => {
    const { parsed, ms } = parseAndRender(`${HEAD}${body}${TAIL}`);
    expect(ms).toBeLessThan(BUDGET_MS);
    if (code !== null) {
      const found = parsed.diagnostics.find((d) => d.code === code);
      expect(found, JSON.stringify(parsed.diagnostics.slice(0, 3))).toBeDefined();
      expect(found?.severity).toBe("error");
      expect(found?.line).toBeGreaterThanOrEqual(7);
    }
    // Papers around the pathological block survive.
    expect(parsed.entries.map((e) => e.id)).toContain("2412.19723");
    if (!body.startsWith("``")) expect(parsed.entries.map((e) => e.id)).toContain("2412.19724");
  });

  it("skips a file larger than the limit whole, with one error at 1:1", () => {
    const { parsed, ms } = parseAndRender(`${goodDay("2025-01-02").text}\n${"가".repeat(LIMITS.fileChars)}`);
    expect(ms).toBeLessThan(BUDGET_MS);
    expect(parsed.entries).toEqual([]);
    expect(parsed.diagnostics).toEqual([
      expect.objectContaining({ file: "2025/01/02.md", line: 1, column: 1, severity: "error", code: "file-too-large" }),
    ]);
  });

  it("reports a run of too-deep lines once, naming the first and last line", () => {
    const { problems } = guardPathologicalText(lines(100, (i) => `${"  ".repeat(i)}- x`));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 33, column: 1, code: "nesting-too-deep" });
    expect(problems[0]?.message).toMatch(/\(lines 33–100\)$/);
  });

  // Each markup character counts once, wherever it stands among other text (Hangul,
  // surrogate pairs): a block at the limit is kept, one more is left out.
  test.prop([
    fc.constantFrom(..."[]*_<|`"),
    // ś and a lone low surrogate share their low seven bits with `[`, so only the ASCII check keeps them out.
    fc.array(fc.constantFrom("가", "a", " ", "😀", "\u00e9", "\u015b", "\udc5b"), { maxLength: 3 }),
    fc.boolean(),
  ])("counts markup characters per block against the limit", (char, filler, over) => {
    const marks = Array.from({ length: LIMITS.blockMarkup + (over ? 1 : 0) }, () => `${char}${filler.join("")}`);
    // One block of short lines, each starting with a letter so no line is a list item or heading.
    const text = lines(Math.ceil(marks.length / 100), (i) => `x${marks.slice(i * 100, i * 100 + 100).join("")}`);
    const { problems } = guardPathologicalText(text);
    expect(problems.map((problem) => problem.code)).toEqual(over ? ["markup-too-dense"] : []);
  });

  it("keeps line numbers of later lines true after blanking", () => {
    const parsed = parseDayFile(`${HEAD}- ${"[".repeat(5000)}${TAIL}`, "2025-01-02.md");
    const after = parsed.entries.find((e) => e.id === "2412.19724");
    expect(after?.source.line).toBe(9);
  });

  // Review finding 4: the depth used to run over the whole file, blanking the 33rd `<think>`.
  it("does not add up inline tags of separate paragraphs or tags in code spans", () => {
    const papers = lines(
      40,
      (i) =>
        `### [P${i}](https://arxiv.org/abs/2501.${String(i).padStart(5, "0")})\n\n- ***What's New***: 이 모델은 <think> 태그 안에서 추론합니다.\n`,
    );
    const parsed = parseDayFile(`## Daily Papers (2025-01-02)\n\n${papers}`, "2025-01-02.md");
    expect(parsed.diagnostics.filter((d) => d.code === "html-too-deep")).toEqual([]);
    expect(parsed.entries).toHaveLength(40);
    for (const entry of parsed.entries) expect(entry.whatsNew).toBe("이 모델은 <think> 태그 안에서 추론합니다.");
    const code = lines(40, () => "- `<think>` 태그와 ``<a>`` 태그를 씁니다.");
    expect(guardPathologicalText(code).problems).toEqual([]);
  });

  it("still counts unclosed tags that start lines across blank lines", () => {
    const { problems } = guardPathologicalText(lines(40, () => "<section>\n"));
    // The 33rd to 40th `<section>`, on lines 65, 67, … 79.
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual(
      Array.from({ length: 8 }, (_, i) => `${65 + 2 * i}:1 html-too-deep`),
    );
  });

  it("ends lines at a lone CR, as micromark does (review finding 11)", () => {
    const text = lines(3000, (i) => `- 줄 ${i}입니다.`).replace(/\n/g, "\r");
    expect(guardPathologicalText(text)).toEqual({ text, problems: [] });
    const blanked = guardPathologicalText(`a\r${"x".repeat(LIMITS.lineChars + 1)}\rb`);
    expect(blanked).toEqual({
      text: "a\r\rb",
      problems: [expect.objectContaining({ line: 2, code: "line-too-long" })],
    });
  });

  it("leaves a real digest file untouched", () => {
    const { text } = goodDay("2025-01-02", 30);
    expect(guardPathologicalText(text)).toEqual({ text, problems: [] });
  });
});

describe("parseDayFile on arbitrary text (issue #6)", () => {
  const markdownish = fc.stringMatching(
    /^(?:[-*_>[\]()!<>#|`~ \t\n\r:0-9a-z가-힣]|\*\*|```|## Daily Papers \(2025-01-0[1-9]\)|### \[T\]\(https:\/\/arxiv\.org\/abs\/2501\.0000[0-9]\)|---\n|<script>|<div>|Vote: |Authors: )*$/,
    { maxLength: 2000 },
  );

  test.prop([fc.oneof(fc.string({ unit: "binary", maxLength: 2000 }), markdownish)], { numRuns: 300 })(
    "never throws, finishes quickly and reports positions inside the file",
    (text) => {
      const started = performance.now();
      const parsed = parseDayFile(text, "2025/01/02.md");
      expect(performance.now() - started).toBeLessThan(BUDGET_MS);
      const lineCount = text.split(/\r\n|\r|\n/).length;
      for (const d of parsed.diagnostics) {
        expect(d.file).toBe("2025/01/02.md");
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.line).toBeLessThanOrEqual(lineCount);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
    },
  );

  test.prop(
    [
      fc.array(fc.constantFrom("[", "]", "*", "_", "<", ">", "- ", "  ", "\n", "`", "|", "<div>", "a"), {
        maxLength: 20_000,
      }),
    ],
    {
      numRuns: 30,
    },
  )("never hangs on long runs of markup characters", (parts) => {
    const { ms } = parseAndRender(`${HEAD}${parts.join("")}`);
    expect(ms).toBeLessThan(BUDGET_MS * 2);
  });
});
