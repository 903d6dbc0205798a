import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";

// The browser module is plain JavaScript; a computed path keeps TypeScript from typing it.
const modulePath = "../../templates/assets/search-query.js";
const {
  buildSnippet,
  excerptIsVisible,
  highlightTerms,
  isArxivId,
  leadSnippet,
  mergePartialMatches,
  normalizeQuery,
  stripParticle,
} = await import(modulePath);

describe("normalizeQuery", () => {
  it.each([
    ["확산 모델을", "확산 모델"],
    ["강화학습", "강화학습"],
    ["  LLM들의   평가를 ", "LLM들의 평가"],
    ["평가", "평가"],
    ["결과", "결과"],
    ["데이터에서의", "데이터"],
    ["diffusion models", "diffusion models"],
    ["https://arxiv.org/abs/2502.06394", "2502.06394"],
    ["https://huggingface.co/papers/2502.06394", "2502.06394"],
    ["2502.06394v3", "2502.06394"],
    ["hep-th/9901001v2", "hep-th/9901001"],
    ["https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"],
    ["", ""],
  ])("%j → %j", (raw, expected) => {
    expect(normalizeQuery(raw)).toBe(expected);
  });

  // A stripped word must stay a prefix of what was typed, so Pagefind's prefix match still finds it.
  test.prop([fc.array(fc.integer({ min: 0xac00, max: 0xd7a3 }), { minLength: 1, maxLength: 6 })])(
    "stripping a particle leaves a prefix of at least two syllables",
    (codes) => {
      const word = String.fromCodePoint(...codes);
      const stem = stripParticle(word);
      expect(word.startsWith(stem)).toBe(true);
      expect(stem === word || stem.length >= 2).toBe(true);
    },
  );
});

describe("buildSnippet", () => {
  it("marks matches inside longer Korean words and escapes HTML", () => {
    const html = buildSnippet("<b>강화학습을</b> 이용한 학습", highlightTerms("학습"));
    expect(html).toBe("&#60;b&#62;강화<mark>학습</mark>을&#60;/b&#62; 이용한 <mark>학습</mark>");
  });

  it("marks a compound typed without its space where the text writes it with one, as the index finds it", () => {
    expect(buildSnippet("계층적 강화 학습으로 푼다", highlightTerms("강화학습"))).toBe(
      "계층적 <mark>강화 학습</mark>으로 푼다",
    );
    expect(buildSnippet("강 화학습", highlightTerms("강화학습"))).toBe("<mark>강 화학습</mark>");
    expect(buildSnippet("강화  학습", highlightTerms("강화학습"))).toBe("<mark>강화  학습</mark>");
    // As the index joins them: a whole word, then the next word's start; one space, from a word's start.
    expect(buildSnippet("다양한 국가의 데이터로 한국 사용자를", highlightTerms("한국"))).toBe(
      "다양한 국가의 데이터로 <mark>한국</mark> 사용자를",
    );
    expect(buildSnippet("강화 학습으로 분자 화학", highlightTerms("화학"))).toBe(
      "강화 학습으로 분자 <mark>화학</mark>",
    );
    expect(buildSnippet("강화 학습 모델", highlightTerms("강화학습모델"))).toBeNull();
  });

  it("takes a pasted run of Hangul of any length", () => {
    expect(buildSnippet("본문", ["가".repeat(20_000)])).toBeNull();
  });

  it("returns null when no term occurs", () => {
    expect(buildSnippet("diffusion", highlightTerms("모델"))).toBeNull();
  });
});

describe("excerptIsVisible", () => {
  const visible = "계층적 강화 학습을 다양한 환경에서 적용하는 방법을 탐색합니다";
  it("takes an excerpt cut from the summary, marks and spacing aside", () => {
    expect(excerptIsVisible("다양한 <mark>환경에서</mark>  적용하는", visible)).toBe(true);
  });
  it("refuses one cut from the hidden tokens, which no summary reads", () => {
    expect(excerptIsVisible("양한 경에서 <mark>강화학습</mark> 적용하는방법을", visible)).toBe(false);
    expect(excerptIsVisible("", visible)).toBe(false);
  });
  it("reads `<` and `>` as Pagefind escapes them in an excerpt", () => {
    expect(excerptIsVisible("유의하다 (<mark>p</mark>&lt;0.05, A&gt;B)", "결과는 유의하다 (p<0.05, A>B) 고 본다")).toBe(
      true,
    );
  });
});

describe("leadSnippet", () => {
  it("is the summary's start after the title, escaped and unmarked", () => {
    expect(leadSnippet("Thinking Tokens 요약은 <think> 토큰을 다룬다", "Thinking Tokens")).toBe(
      "요약은 &#60;think&#62; 토큰을 다룬다",
    );
    expect(leadSnippet(`제목 ${"가나 ".repeat(100)}`, "제목", 20)).toMatch(/^(가나 ){6}가나 …$/);
  });
});

describe("isArxivId", () => {
  it.each([
    ["2502.06394", true],
    ["2312.0740", true],
    ["hep-th/9901001", true],
    ["math.AG/0309136", true],
    ["-th/9901001", false],
    ["2502", false],
    ["2502.06394 모델", false],
    ["diffusion", false],
  ])("%j → %j", (query, expected) => {
    expect(isArxivId(query)).toBe(expected);
  });
});

describe("mergePartialMatches", () => {
  it("keeps full matches first, then ranks partial ones by words matched", () => {
    const r = (id: string, score: number) => ({ id, score });
    const merged = mergePartialMatches([r("a", 1)], [[r("a", 1), r("b", 1), r("c", 5)], [r("b", 1)]]);
    expect(merged.results.map((x: { id: string }) => x.id)).toEqual(["a", "b", "c"]);
    expect(merged.partial).toBe(2);
  });
});
