import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSiteConfig, resolveConfig } from "../../src/config.ts";
import { buildSite } from "../../src/model/index.ts";
import { makeTopicMatcher } from "../../src/model/taxonomy.ts";
import { parseDayFile } from "../../src/parse/index.ts";
import { HAVE_CORPUS, NO_CORPUS_MESSAGE, readCorpus } from "../helpers/corpus.ts";
import { makeEntry } from "../helpers/entry.ts";

const contentDir = join(import.meta.dirname, "..", "..", "content");
const { settings, problems } = parseSiteConfig(readFileSync(join(contentDir, "site.yaml"), "utf8"));
const config = resolveConfig(settings, {});
const seeds = readdirSync(contentDir)
  .filter((name) => name.endsWith(".md"))
  .map((name): [string, string] => [name, readFileSync(join(contentDir, name), "utf8")]);

describe("the shipped taxonomy (content/site.yaml)", () => {
  it("parses without problems and has at least 20 topics", () => {
    expect(problems).toEqual([]);
    expect(config.topics.length).toBeGreaterThanOrEqual(20);
  });

  it.skipIf(!HAVE_CORPUS)("tags nearly every real paper, and no topic holds half of them", () => {
    const files = [...seeds, ...readCorpus()].map(([file, text]) => parseDayFile(text, file));
    const papers = [...buildSite(files, makeTopicMatcher(config.topics).deriver()).papers.values()];
    const counts = new Map<string, number>();
    for (const paper of papers) for (const tag of paper.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    const tagged = papers.filter((paper) => paper.tags.length > 0).length / papers.length;
    const largest = Math.max(...counts.values()) / papers.length;
    console.log(
      `taxonomy: ${papers.length} papers, ${(tagged * 100).toFixed(1)}% tagged, ${counts.size} topics used, largest ${(largest * 100).toFixed(1)}%`,
    );
    expect(tagged).toBeGreaterThanOrEqual(0.95);
    expect(largest).toBeLessThan(0.5);
    expect(counts.size).toBeGreaterThanOrEqual(20);
  });

  it("does not read Test-Time Scaling (TTS) as speech (review B7)", () => {
    const derive = makeTopicMatcher(config.topics).deriver();
    const text = "Test-Time Scaling(TTS)은 추론 시간에 계산을 늘리는 방법입니다. TTS 전략을 비교합니다.";
    const tags = derive([makeEntry({ title: "Rethinking Compute-Optimal Test-Time Scaling", whatsNew: text })]);
    expect(tags).not.toContain("Speech & Audio");
  });
});

describe("the shipped taxonomy on words with another sense (an audit of the real sample's tags)", () => {
  const derive = makeTopicMatcher(config.topics).deriver();
  it.each([
    ["Parallel Decoding for Translation", "병렬 디코딩으로 번역하고, 문장을 인코딩한 뒤 디코딩합니다.", "Code"],
    [
      "Contrastive Learning for Chest X-rays",
      "거짓 음성(False Negative)을 줄이고 음성 쌍을 고릅니다.",
      "Speech & Audio",
    ],
    ["From Robotic Process Automation to LLM Workflows", "업무 자동화를 다룹니다.", "Robotics"],
    ["Video-Language Pretraining", "시간적 정렬과 모달리티 정렬로 영상과 텍스트를 맞춥니다.", "Safety & Alignment"],
    [
      "Tools for Everyone",
      "비전문가도 쓰기 쉬운 도구와 비전문가 사용자 연구를 다룹니다. 비전문가가 많습니다. 비전문가 대상.",
      "Vision",
    ],
  ])("%s is not tagged %s", (title, whatsNew, topic) => {
    expect(derive([makeEntry({ title, whatsNew, technicalDetails: whatsNew })])).not.toContain(topic);
  });
  it("still tags a safety paper and a coding paper", () => {
    expect(derive([makeEntry({ title: "Keeping Chat Models Safe", whatsNew: "안전 정렬을 다룹니다." })])).toContain(
      "Safety & Alignment",
    );
    expect(derive([makeEntry({ title: "A Coding Agent", whatsNew: "코딩 능력을 평가합니다." })])).toContain("Code");
  });
});

describe.skipIf(HAVE_CORPUS)("taxonomy coverage (corpus absent)", () => {
  it("is skipped", () => {
    console.warn(NO_CORPUS_MESSAGE);
    expect(HAVE_CORPUS).toBe(false);
  });
});
