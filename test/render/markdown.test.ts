import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { renderMarkdown, renderPlainParagraph, renderWithGfm, renderWithPipeline } from "../../src/render/markdown.ts";

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

// Block and inline markup of CommonMark, raw HTML and near misses of GFM's triggers.
const blocks = fc.constantFrom(
  ..."가나다 확산 모델 LLM 3.5% (a) x y".split(" "),
  ..."- ,* ,+ ,1. ,2) ,> ,# ,### ,```,~~~,    ,\t,\n,\n\n, ,  ".split(","),
  ..."* ** _ __ ` `` [ ] ( ) ! \\ < > & &amp; &#x41; = --- ***".split(" "),
  ..."[a]: /u [a] [a][b] ![i](/p) [t](/u) <b> </b> <div> </div> <span> <a href=/x> <!-- -->".split(" "),
  ..."w ww www wwwx h ht http https: :// x@ @ ~ ~~ | [^ [^1] [x] [ ] [X] mailto xmpp".split(" "),
  // Each GFM extension's whole construct, so the property meets them often: in both cases,
  // written with escapes and character references (autolinks are found after decoding),
  // a table of one column (no `|`) and task boxes holding other whitespace.
  ..."http://x HTTPS://A.B www.x.y WWW.X.Y a@b.c ~~s~~ |a|b|¶|-|-|¶|c|d| x¶a|b¶-|- a¶-: x¶:-- 점수¶:-: [^1]:_n"
    .split(" ")
    .map((t) => t.replaceAll("_", " ").replaceAll("¶", "\n")),
  ..."- [ ] t,- [x] t,- [X] t,- [\t] t,- [\n] t,a&#64;b.co,a&commat;b.co,www&#46;x.y,www\\.x.y,http\\://x,http&#58;//x".split(
    ",",
  ),
);

describe("renderWithPipeline", () => {
  test.prop([fc.array(blocks, { maxLength: 40 }).map((parts) => parts.join(""))], { numRuns: 3000 })(
    "renders text that takes the pipeline without GFM exactly as the GFM pipeline does",
    (markdown) => {
      expect(renderWithPipeline(markdown)).toBe(renderWithGfm(markdown));
    },
  );
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
