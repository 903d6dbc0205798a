import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";

// The browser module is plain JavaScript; a computed path keeps TypeScript from typing it.
const modulePath = "../../templates/assets/search-query.js";
const {
  buildSnippet,
  highlightTerms,
  mergeBestScores,
  mergePartialMatches,
  normalizeQuery,
  spacedVariants,
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

describe("spacedVariants", () => {
  it.each([
    ["강화학습", ["강화 학습"]],
    ["LLM 강화학습 수학", ["LLM 강화 학습 수학"]],
    ["몬테카를로 트리", ["몬테 카를로 트리", "몬테카 를로 트리"]],
    ["확산 모델", []],
    ["강화학", []],
    ["diffusion models", []],
    ["2502.06394", []],
  ])("%j → %j", (query, expected) => {
    expect(spacedVariants(query)).toEqual(expected);
  });

  it("stops at eight variants, the first words' splits first", () => {
    // Three words of six syllables have nine places to split.
    const variants = spacedVariants("가나다라마바 사아자차카타 파하거너더러");
    expect(variants).toHaveLength(8);
    expect(variants[0]).toBe("가나 다라마바 사아자차카타 파하거너더러");
    expect(variants[7]).toBe("가나다라마바 사아자차카타 파하거 너더러");
  });

  // Each variant is the query with exactly one space added, inside a Hangul word, leaving
  // two syllables or more on each side: Pagefind then needs both halves, as for two words.
  test.prop([
    fc.array(
      fc.oneof(
        fc
          .array(fc.integer({ min: 0xac00, max: 0xd7a3 }), { minLength: 1, maxLength: 7 })
          .map((codes) => String.fromCodePoint(...codes)),
        fc.constantFrom("LLM", "2502.06394", "모델3"),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  ])("adds one space inside one long Hangul word", (words) => {
    const query = words.join(" ");
    const variants: string[] = spacedVariants(query);
    const splittable = words.filter((word) => /^[\uAC00-\uD7A3]{4,}$/.test(word));
    const places = splittable.reduce((sum, word) => sum + word.length - 3, 0);
    expect(variants).toHaveLength(Math.min(8, places));
    for (const variant of variants) {
      const parts = variant.split(" ");
      expect(parts).toHaveLength(words.length + 1);
      expect(parts.join("")).toBe(words.join(""));
      const at = parts.findIndex((part, index) => part !== words[index]);
      expect(`${parts[at]}${parts[at + 1]}`).toBe(words[at]);
      expect(Math.min(parts[at]?.length ?? 0, parts[at + 1]?.length ?? 0)).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("mergeBestScores", () => {
  it("lists each paper once at its best score, best first, ties in the lists' order", () => {
    const r = (id: string, score: number) => ({ id, score });
    const merged = mergeBestScores([
      [r("a", 4), r("b", 2), r("e", 1)],
      [r("c", 2), r("b", 5), r("d", 3)],
      [r("c", 1), r("f", 1)],
    ]);
    expect(merged.map((x: { id: string; score: number }) => `${x.id}${x.score}`)).toEqual([
      "b5",
      "a4",
      "d3",
      "c2",
      "e1",
      "f1",
    ]);
  });

  it("keeps one list as Pagefind ranked it", () => {
    const list = [
      { id: "x", score: 3 },
      { id: "y", score: 3 },
      { id: "z", score: 1 },
    ];
    expect(mergeBestScores([list])).toEqual(list);
  });
});
