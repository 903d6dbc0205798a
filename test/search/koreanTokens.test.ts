import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { hangulIndexTokens } from "../../src/search/index.ts";

describe("hangulIndexTokens", () => {
  it.each([
    ["강화학습을", ["화학습을", "학습을", "습을"]],
    ["강화 학습", ["강화학습"]],
    ["확산 모델을 제안", ["델을", "확산모델을", "모델을제안"]],
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
