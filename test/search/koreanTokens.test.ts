import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { hangulIndexTokens } from "../../src/search/index.ts";

describe("hangulIndexTokens", () => {
  it.each([
    ["강화학습을", ["화학습을", "학습을", "습을"]],
    ["강화 학습", ["강화학습"]],
    // No compound goes on past a case particle or a verb ending, so no pair is joined there.
    ["확산 모델을 제안", ["델을", "확산모델을"]],
    ["모델의 성능", ["델의"]],
    ["제안하는 방법", ["안하는", "하는"]],
    ["보였습니다 또한", ["였습니다", "습니다", "니다"]],
    // Nouns ending as a particle might (two syllables, or a particle that ends many nouns) still join.
    ["정의 방법", ["정의방법"]],
    ["주의 메커니즘", ["주의메커니즘", "커니즘", "니즘"]],
    ["자기주의 메커니즘", ["기주의", "주의", "자기주의메커니즘", "커니즘", "니즘"]],
    ["곳에서는 모델을", ["에서는", "서는", "델을"]],
    ["실험결과 분석", ["험결과", "결과", "실험결과분석"]],
    ["정확도 향상", ["확도", "정확도향상"]],
    ["LLM 강화", []],
    ["(강화) 학습", []],
    ["모델", []],
  ])("%s → %j", (text, expected) => {
    expect(hangulIndexTokens(text).sort()).toEqual([...expected].sort());
  });

  // Pagefind matches a query word as a prefix of an indexed word, so every substring of
  // two or more syllables must be a prefix of the word itself or of one of its suffixes.
  test.prop([fc.array(fc.integer({ min: 0xac00, max: 0xd7a3 }), { minLength: 2, maxLength: 8 }), fc.nat(), fc.nat()])(
    "every 2+ syllable substring of a Hangul word is findable by prefix",
    (codes, a, b) => {
      const word = String.fromCodePoint(...codes);
      const start = a % (codes.length - 1);
      const end = start + 2 + (b % (codes.length - start - 1));
      const piece = word.slice(start, end);
      const indexed = [word, ...hangulIndexTokens(word)];
      expect(indexed.some((token) => token.startsWith(piece))).toBe(true);
    },
  );
});
