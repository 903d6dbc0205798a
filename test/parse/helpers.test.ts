import { describe, expect, it } from "vitest";
import { normalizeArxivId, readArxivLink } from "../../src/parse/arxiv.ts";
import { parseAuthors } from "../../src/parse/authors.ts";
import { cleanTags, dayFromPath } from "../../src/parse/frontMatter.ts";
import { readPythonStringList } from "../../src/parse/pythonList.ts";
import { matchSectionLabel } from "../../src/parse/sectionLabel.ts";

describe("arXiv ids and links", () => {
  it.each([
    ["2502.08127", "2502.08127"],
    ["2502.08127v3", "2502.08127"],
    ["0704.0001", "0704.0001"],
    ["hep-th/9901001", "hep-th/9901001"],
    ["math.GT/0309136v1", "math.GT/0309136"],
    ["../../etc/passwd", null],
    ["2502.0812", null],
    ["2502.08127/../x", null],
    ["", null],
  ])("normalizeArxivId(%j) is %j", (input, expected) => {
    expect(normalizeArxivId(input)).toBe(expected);
  });

  it.each([
    ["https://arxiv.org/abs/2502.08127", { ok: true, id: "2502.08127", exact: true }],
    ["https://arxiv.org/abs/2502.08127v2", { ok: true, id: "2502.08127", exact: false }],
    ["https://arxiv.org/pdf/2502.08127.pdf", { ok: true, id: "2502.08127", exact: false }],
    ["http://www.arxiv.org/abs/2502.08127", { ok: true, id: "2502.08127", exact: false }],
    ["https://huggingface.co/papers/2502.08127", { ok: true, id: "2502.08127", exact: false }],
    ["javascript:alert(1)", { ok: false, reason: "`javascript:alert(1)` is not an http(s) link" }],
    ["https://arxiv.org/abs/..%2F..%2Fx", { ok: false, reason: "`../../x` is not a valid arXiv id" }],
    ["not a url", { ok: false, reason: "`not a url` is not a URL" }],
    // Review finding 5: decodeURIComponent threw a URIError here.
    [
      "https://arxiv.org/abs/2501.0000%E0%A4%A",
      { ok: false, reason: "`https://arxiv.org/abs/2501.0000%E0%A4%A` has a malformed %-escape" },
    ],
  ])("readArxivLink(%j)", (href, expected) => {
    expect(readArxivLink(href)).toEqual(expected);
  });
});

describe("authors", () => {
  it.each([
    ["A Kim, B Lee", ["A Kim", "B Lee"]],
    ["A Kim, B Lee and C Park", ["A Kim", "B Lee", "C Park"]],
    ["['A Kim', 'B Lee', 'and C Park']", ["A Kim", "B Lee", "C Park"]],
    ['["D\'Angelo", "E \\"Q\\" F"]', ["D'Angelo", 'E "Q" F']],
    ["A Kim, +, B Lee", ["A Kim", "B Lee"]],
    ["A Kim, B Lee, et al.", ["A Kim", "B Lee"]],
    ["John Smith, Jr., Jane Doe, Carl Ray III", ["John Smith, Jr.", "Jane Doe", "Carl Ray III"]],
    ["['John Smith', 'Jr.', 'Jane Doe']", ["John Smith, Jr.", "Jane Doe"]],
    ["A Kim, B Lee et al", ["A Kim", "B Lee"]],
    ["['A Kim', 'et al. ']", ["A Kim"]],
    ["Al Kim, Etal Lee", ["Al Kim", "Etal Lee"]],
    ["  ", []],
    ["Léon Engländer", ["Léon Engländer"]],
  ])("parseAuthors(%j)", (input, expected) => {
    expect(parseAuthors(input)).toEqual(expected);
  });
});

describe("section labels", () => {
  it.each([
    ["***What's New***: 본문", "What's New", "whatsNew", "본문"],
    ["**What's New**: 본문", "What's New", "whatsNew", "본문"],
    ["**What’s New**: 본문", "What’s New", "whatsNew", "본문"],
    ["**What's New:** 본문", "What's New", "whatsNew", "본문"],
    ["_**What's New**_: 본문", "What's New", "whatsNew", "본문"],
    ["***Technical Details*: 본문", "Technical Details", "technicalDetails", "본문"],
    // The `**` the label left open is closed in the text, so the text keeps it (2025-03-12).
    ["***Technical Details*: 본문입니다.**: 1.5", "Technical Details", "technicalDetails", "**본문입니다.**: 1.5"],
    // Marks the text does not close stay dropped (a review's counterexamples).
    ["***What's New**: 본문 *강조* 더", "What's New", "whatsNew", "본문 *강조* 더"],
    ["***What's New**: 모델 a*b 곱", "What's New", "whatsNew", "모델 a*b 곱"],
    ["_**What's New**: deep_v1 모델", "What's New", "whatsNew", "deep_v1 모델"],
    ["***What's New*: 본문 **A**와 **B**", "What's New", "whatsNew", "본문 **A**와 **B**"],
    ["**performance  highlights**: 본문", "performance  highlights", "performanceHighlights", "본문"],
    ["**고찰**: 본문", "고찰", null, "본문"],
    // Without emphasis, only the three standard labels are labels.
    ["What's New: no emphasis", "What's New", "whatsNew", "no emphasis"],
    ["Technical  Details ： 본문", "Technical  Details", "technicalDetails", "본문"],
  ])("matchSectionLabel(%j)", (input, label, standard, rest) => {
    expect(matchSectionLabel(input)).toEqual({ label, standard, rest });
  });

  it.each(["결과는 다음과 같다: 1) 빠름", "Performance: no emphasis", "Summary: 요약", "**bold** but no colon"])(
    "%j is not a label",
    (input) => {
      expect(matchSectionLabel(input)).toBeNull();
    },
  );
});

describe("small readers", () => {
  it.each([
    ["['a', 'b, c']", ["a", "b, c"]],
    ["[]", []],
    ["['unterminated]", null],
    ["plain text", null],
    ["['a' 'b']", null],
  ])("readPythonStringList(%j)", (input, expected) => {
    expect(readPythonStringList(input)).toEqual(expected);
  });

  it.each([
    ["content/2025-02-11.md", "2025-02-11"],
    ["paper_logs/2024/10/18.md", "2024-10-18"],
    ["2025/02/30.md", null],
    ["notes.md", null],
  ])("dayFromPath(%j)", (input, expected) => {
    expect(dayFromPath(input)).toBe(expected);
  });

  it.each([
    [" LLM , 강화학습 ", ["LLM", "강화학습"]],
    [
      ["a", "a", 3],
      ["a", "3"],
    ],
    [{ nested: true }, null],
    [[["x"]], null],
  ])("cleanTags(%j)", (input, expected) => {
    expect(cleanTags(input)).toEqual(expected);
  });
});
