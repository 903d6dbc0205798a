import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";

// The browser module is plain JavaScript; a computed path keeps TypeScript from typing it.
const modulePath = "../../templates/assets/search-query.js";
const { buildSnippet, highlightTerms, mergePartialMatches, normalizeQuery, stripParticle } = await import(modulePath);

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

  it("returns null when no term occurs", () => {
    expect(buildSnippet("diffusion", highlightTerms("모델"))).toBeNull();
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
