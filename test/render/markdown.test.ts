import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  markdownToPlainText,
  renderInlineMarkdown,
  renderMarkdown,
  renderPlainParagraph,
  renderWithGfm,
  renderWithPipeline,
} from "../../src/render/markdown.ts";

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
    // Allowed markup stays markup, with its unsafe attributes gone (a security review's finds).
    ["x<sup>2</sup>와 <b>굵게</b>", "<p>x<sup>2</sup>와 <b>굵게</b></p>"],
    ['<p action="javascript:x()">a</p>', "<p>a</p>"],
    ['<div itemscope itemtype="javascript:x()">m</div>', "<div>m</div>"],
    ['<span itemprop="name">n</span>', "<p><span>n</span></p>"],
    ['<source srcset="javascript:x()">', ""],
    // An element the page may not hold is unwrapped, its text kept.
    ["성능이 <u>크게</u> 향상", "<p>성능이 크게 향상</p>"],
  ])("sanitises and renders %j", (markdown, expected) => {
    expect(renderMarkdown(markdown)).toBe(expected);
  });

  it.each([
    // 2025-05-09 and 2025-03-12 of the real sample name tokens as tags.
    ["모델은 <think>와 <solution> 구간을 나눕니다.", "<p>모델은 &#x3C;think>와 &#x3C;solution> 구간을 나눕니다.</p>"],
    ["토큰 <HYBNEXT>를 쓴다", "<p>토큰 &#x3C;HYBNEXT>를 쓴다</p>"],
    ["<think>\n생각\n</think>", "<p>&#x3C;think>\n생각\n&#x3C;/think></p>"],
    // A comment hides its text on purpose, even one that names such a tag.
    ["<!-- 메모 -->\n\n본문", "<p>본문</p>"],
    ["<!-- <think> 메모 -->\n\n본문", "<p>본문</p>"],
    // Elements that would swallow what follows, or that name a model's tokens, are text too.
    ["<template> 토큰 뒤 문장", "<p>&#x3C;template> 토큰 뒤 문장</p>"],
    ["토큰 <search>와 <output>", "<p>토큰 &#x3C;search>와 &#x3C;output></p>"],
  ])("shows %j's tags that name no HTML element as text", (markdown, expected) => {
    expect(renderMarkdown(markdown)).toBe(expected);
  });

  it.each([
    // Five lines of the real sample end a bare URL with a particle.
    [
      "코드는 https://github.com/example/repo에서 제공됩니다.",
      '<p>코드는 <a href="https://github.com/example/repo">https://github.com/example/repo</a>에서 제공됩니다.</p>',
    ],
    ["www.example.com에서 본다", '<p><a href="http://www.example.com">www.example.com</a>에서 본다</p>'],
    [
      "https://x.org/a모델/b에서 찾는다",
      '<p><a href="https://x.org/a%EB%AA%A8%EB%8D%B8/b">https://x.org/a모델/b</a>에서 찾는다</p>',
    ],
    // A Korean path stays whole, and so does a link that says where it ends.
    [
      "https://ko.wikipedia.org/wiki/강화학습 참고",
      '<p><a href="https://ko.wikipedia.org/wiki/%EA%B0%95%ED%99%94%ED%95%99%EC%8A%B5">https://ko.wikipedia.org/wiki/강화학습</a> 참고</p>',
    ],
    [
      "[https://x.org/a에서](https://x.org/a에서)",
      '<p><a href="https://x.org/a%EC%97%90%EC%84%9C">https://x.org/a에서</a></p>',
    ],
  ])("ends the bare link in %j before a Korean particle", (markdown, expected) => {
    expect(renderMarkdown(markdown)).toBe(expected);
  });

  it("points footnote links at the ids the sanitiser gives", () => {
    const html = renderMarkdown("각주[^1]가 있다.\n\n[^1]: 설명");
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    const targets = [...html.matchAll(/ href="#([^"]+)"/g)].map((match) => match[1]);
    expect(targets.length).toBe(2);
    for (const target of targets) expect(ids).toContain(target);
    // A link to an anchor of the page itself is left as written, and so is a link that is no fragment.
    expect(renderMarkdown("[위로](#top)")).toBe('<p><a href="#top">위로</a></p>');
    expect(renderMarkdown("각주[^1]와 [논문](/footnote-label)\n\n[^1]: 설명")).toContain(
      '<a href="/footnote-label">논문</a>',
    );
  });
});

describe("renderInlineMarkdown", () => {
  it("keeps the paragraphs of text that has more than one, whatever their attributes", () => {
    expect(renderInlineMarkdown('첫째\n\n<p align="left">둘째</p>')).toBe('<p>첫째</p>\n<p align="left">둘째</p>');
    expect(renderInlineMarkdown("한 줄")).toBe("한 줄");
  });
});

/** The character a reference of rehype-stringify's output stands for (`#x26`, `#60`, `amp`). */
function decodeEntity(name: string): string {
  if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
  if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
  return { amp: "&", lt: "<", gt: ">", quot: '"' }[name] ?? "";
}

describe("what a summary's images, empty links and tokens say, on the page", () => {
  it.each([
    ["앞 ![그림하나](https://example.com/fig1.png) 뒤", "<p>앞 그림하나 뒤</p>"],
    ['보통 <img src="x.png" alt="인라인"> 끝', "<p>보통 인라인 끝</p>"],
    [
      "[![GitHub stars](https://img.shields.io/x.svg)](https://github.com/foo/bar)",
      '<p><a href="https://github.com/foo/bar">GitHub stars</a></p>',
    ],
    ["[](https://example.org/empty)", '<p><a href="https://example.org/empty">https://example.org/empty</a></p>'],
    ["LLaVA는 <image> 토큰과 </s> 토큰을", "<p>LLaVA는 &#x3C;image> 토큰과 &#x3C;/s> 토큰을</p>"],
    ["<video> 프레임과 <audio> 토큰", "<p>&#x3C;video> 프레임과 &#x3C;audio> 토큰</p>"],
    ["Array<Object> 와 List<Map>", "<p>Array&#x3C;Object> 와 List&#x3C;Map></p>"],
    ['<video src="https://x.org/v.mp4">대체</video>', "<p>대체</p>"],
    ["~~취소~~ 와 <b>굵게</b>", "<p><del>취소</del> 와 <b>굵게</b></p>"],
    // HTML that pairs, or is void, stays HTML, whatever its case (a review's counterexamples).
    ["<s>취소</s> 된 값", "<p><s>취소</s> 된 값</p>"],
    ["<B>모델</B> 점수<BR>평균", "<p><b>모델</b> 점수<br>평균</p>"],
    [
      "<table><tr><td><s>1.0</s></td><td><B>2.0</B></td></tr></table>",
      "<table><tbody><tr><td><s>1.0</s></td><td><b>2.0</b></td></tr></tbody></table>",
    ],
    // A player's closing tag left alone (its opening tag was the paper's media) shows nothing.
    ["</video>", ""],
    ['이전 <img> 토큰 <img src="https://x.org/a.png" alt="그림">', "<p>이전 &#x3C;img> 토큰 그림</p>"],
  ])("renders %j as %j", (markdown, expected) => {
    expect(renderMarkdown(markdown)).toBe(expected);
  });
});

describe("markdownToPlainText", () => {
  it.each([
    // An image reads as its alt text, as the page shows it.
    ["**굵은** 글과 [링크](https://x.org)와 ![그림](https://x.org/a.png)", "굵은 글과 링크와 그림"],
    ["모델은 <think>와 <b>굵게</b> 쓴다", "모델은 <think>와 굵게 쓴다"],
    ["모델 [EoT](End of Text), deep_v1, r_θ(x), C# 와 a > b", "모델 [EoT](End of Text), deep_v1, r_θ(x), C# 와 a > b"],
    ["- 하나\n- 둘\n\n> 인용", "하나 · 둘 인용"],
    ["3. 셋\n4. 넷", "3. 셋 · 4. 넷"],
    ['<ol start="abc"><li>가</li><li value="10">나</li><li>다</li></ol>', "1. 가 · 10. 나 · 11. 다"],
    ["`code_x` 와 $x_i$", "code_x 와 $x_i$"],
    ["<!-- 숨김 --> 보임", "보임"],
  ])("reads %j as %j", (markdown, expected) => {
    expect(markdownToPlainText(markdown)).toBe(expected);
  });

  test.prop([fc.array(blocks, { maxLength: 20 }).map((parts) => parts.join(""))], { numRuns: 1000 })(
    "keeps every letter and digit the page shows",
    (markdown) => {
      const shown = renderMarkdown(markdown)
        .replace(/<(?:[^>"']|"[^"]*"|'[^']*')*>/g, " ")
        .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot);/gi, (_, name: string) => decodeEntity(name));
      const page = shown.replace(/↩|Footnotes/g, "");
      const plain = markdownToPlainText(markdown);
      const letters = (text: string) => (text.match(/\p{L}/gu) ?? []).sort().join("");
      expect(letters(plain)).toBe(letters(page));
      // Every digit the page shows, and maybe more: plain text numbers a list's items.
      const digits = (text: string) => (text.match(/\p{N}/gu) ?? []).sort();
      const left = [...digits(plain)];
      for (const digit of digits(page)) {
        const at = left.indexOf(digit);
        expect(at, `${digit} of ${JSON.stringify(page)}`).toBeGreaterThanOrEqual(0);
        left.splice(at, 1);
      }
    },
  );
});
