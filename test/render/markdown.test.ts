import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { renderMarkdown, renderPlainParagraph, renderWithPipeline } from "../../src/render/markdown.ts";

// Characters that matter to markdown, mixed with Korean prose and ordinary punctuation.
const tricky = fc.constantFrom(
  ..."가나다 확산 모델 LLM 3.5% (a) 1) 2. - + = # | > < & * _ ` ~ [ ] ! \\ @ : ' \" \t \n \r \0 www. http:// ½ →".split(
    " ",
  ),
  " ",
  "  ",
  "\u00a0",
);

describe("renderPlainParagraph", () => {
  test.prop([fc.array(tricky, { maxLength: 30 }).map((parts) => parts.join(""))], { numRuns: 2000 })(
    "gives exactly what the full pipeline gives whenever it answers",
    (markdown) => {
      const fast = renderPlainParagraph(markdown);
      if (fast !== null) expect(fast).toBe(renderWithPipeline(markdown));
    },
  );

  it.each([
    ["확산 모델은 3.5% 더 좋습니다 (FID 1.99).", "<p>확산 모델은 3.5% 더 좋습니다 (FID 1.99).</p>"],
    ["8% ~ 30%", null],
    ["1) 첫째", null],
    ["코드는 https://example.org 에 있다", null],
    ["**굵게**", null],
    ["", null],
  ])("%j", (markdown, expected) => {
    expect(renderPlainParagraph(markdown)).toBe(expected);
  });
});

describe("renderMarkdown", () => {
  it.each([
    ["<script>alert(1)</script>본문", "본문"],
    ["[클릭](javascript:alert(1))", "<p><a>클릭</a></p>"],
    ['<img src=x onerror="alert(1)">', ""],
    ["<video src='https://cdn.example.org/v.mp4' onplay='x()'></video>", "<p></p>"],
    ["8% ~ 30% 향상", "<p>8% ~ 30% 향상</p>"],
    ["- 하나\n- 둘", "<ul>\n<li>하나</li>\n<li>둘</li>\n</ul>"],
  ])("sanitises and renders %j", (markdown, expected) => {
    expect(renderMarkdown(markdown)).toBe(expected);
  });
});
