import { describe, expect, it } from "vitest";
import { makeTopicMatcher, type Topic } from "../../src/model/taxonomy.ts";
import type { PaperEntry } from "../../src/types.ts";
import { makeEntry } from "../helpers/entry.ts";

/** An entry with no summary unless the test gives one. */
const entry = (overrides: Partial<PaperEntry>): PaperEntry =>
  makeEntry({ id: "2502.00001", title: "A paper", whatsNew: null, ...overrides });

const topics: Topic[] = [
  { name: "LLM", ko: "대형 언어 모델", terms: ["LLM", "대형 언어 모델"], min: 2 },
  { name: "Diffusion", ko: "확산 모델", terms: ["diffusion", "확산 모델"], min: 1 },
  { name: "RL", ko: "강화학습", terms: ["reinforcement learning", "강화학습"], min: 1 },
];
const derive = makeTopicMatcher(topics).deriver();

describe("TopicMatcher.deriver", () => {
  it("tags on a title term in any case, with plural s", () => {
    expect(derive([entry({ title: "Small llms beat big ones" })])).toEqual(["LLM"]);
  });
  it("needs `min` summary mentions when the title has none", () => {
    expect(derive([entry({ whatsNew: "LLM을 씁니다." })])).toEqual([]);
    expect(derive([entry({ whatsNew: "LLM을 씁니다. 대형 언어 모델입니다." })])).toEqual(["LLM"]);
  });
  it("matches English on ASCII word boundaries only", () => {
    expect(derive([entry({ title: "Bidiffusionary nonsense" })])).toEqual([]);
    expect(derive([entry({ title: "Text-to-diffusion" })])).toEqual(["Diffusion"]);
  });
  it("matches Hangul as a substring and multi-word terms across hyphens", () => {
    expect(derive([entry({ whatsNew: "심층강화학습으로" })])).toEqual(["RL"]);
    expect(derive([entry({ title: "Reinforcement-Learning at scale" })])).toEqual(["RL"]);
  });
  it("sets the `exclude` words aside before counting, in the title and the summary", () => {
    const code: Topic[] = [
      { name: "Code", ko: null, terms: ["코딩", "coding"], min: 1, exclude: ["디코딩", "인코딩"] },
    ];
    const matcher = makeTopicMatcher(code);
    const deriveCode = matcher.deriver();
    expect(deriveCode([entry({ whatsNew: "병렬 디코딩으로 인코딩을 빠르게 한다." })])).toEqual([]);
    expect(deriveCode([entry({ title: "Speculative 디코딩" })])).toEqual([]);
    expect(deriveCode([entry({ whatsNew: "디코딩과 코딩 능력을 함께 본다." })])).toEqual(["Code"]);
    // What is set aside changes the hits, so their cache key too.
    expect(matcher.key).not.toBe(makeTopicMatcher([{ ...code[0], exclude: [] } as Topic]).key);
  });
  it("keeps taxonomy order", () => {
    expect(derive([entry({ title: "Diffusion LLM via reinforcement learning" })])).toEqual(["LLM", "Diffusion", "RL"]);
  });
  it("adds up summary mentions over a paper's appearances, and takes a title term from any", () => {
    const first = entry({ date: "2025-02-10", whatsNew: "LLM을 씁니다." });
    expect(derive([first])).toEqual([]);
    expect(derive([first, entry({ date: "2025-02-11", whatsNew: "다시 LLM입니다." })])).toEqual(["LLM"]);
    expect(derive([first, entry({ date: "2025-02-11", title: "Diffusion again" })])).toEqual(["Diffusion"]);
  });
  it("matches each summary section on its own, so a term never spans two", () => {
    const split = entry({ whatsNew: "새로운 reinforcement", technicalDetails: "learning 방법." });
    expect(derive([split])).toEqual([]);
    expect(derive([entry({ whatsNew: "reinforcement\nlearning 방법." })])).toEqual(["RL"]);
  });
  it("takes an appearance's kept hits instead of matching it again", () => {
    const matcher = makeTopicMatcher(topics);
    const one = entry({ title: "Diffusion for LLMs" });
    expect(matcher.deriver()([one])).toEqual(["LLM", "Diffusion"]);
    expect(matcher.deriver(new Map([[one, matcher.hitsOf(one)]]))([one])).toEqual(["LLM", "Diffusion"]);
    // Hits kept from an earlier build stand for the appearance: here, an RL title term only.
    expect(matcher.deriver(new Map([[one, Uint16Array.from([0, 0, 0xffff])]]))([one])).toEqual(["RL"]);
    expect(matcher.deriver(new Map())([one])).toEqual(["LLM", "Diffusion"]);
  });
});
