// Issue #6: nothing from content can run in a reader's browser, in any output format.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS } from "../../src/build.ts";
import { resolveConfig } from "../../src/config.ts";
import { buildSite, makeTopicMatcher } from "../../src/model/index.ts";
import { parseDayFile } from "../../src/parse/index.ts";
import { renderSite } from "../../src/render/index.ts";
import { unsafeHtml, unsafeParts } from "./safeOutput.ts";

const PAYLOADS = [
  "<script>alert('XSS')</script>",
  "<img src=x onerror=alert('XSS')>",
  "<svg onload=alert('XSS')>",
  "<svg><script>alert('XSS')</script></svg>",
  "<iframe src=\"javascript:alert('XSS')\"></iframe>",
  "\"><script>alert('XSS')</script>",
  "'><img src=x onerror=alert('XSS')>",
  "<video src=javascript:alert('XSS')></video>",
  "<video><source onerror=alert('XSS')></video>",
  "<a href=\"javascript:alert('XSS')\">x</a>",
  "<a href=\"jav&#x09;ascript:alert('XSS')\">x</a>",
  "<a href=\" JaVaScRiPt:alert('XSS')\">x</a>",
  "[x](javascript:alert('XSS'))",
  "[x](<javascript:alert('XSS')>)",
  "![x](javascript:alert('XSS'))",
  "<javascript:alert('XSS')>",
  "<details open ontoggle=alert('XSS')>",
  "<body onload=alert('XSS')>",
  "<object data=\"javascript:alert('XSS')\"></object>",
  "<base href=\"javascript:alert('XSS')//\">",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS')>",
  "<scr<script>ipt>alert('XSS')</script>",
  "<style>@import 'javascript:alert(\"XSS\")'</style>",
  "<form action=javascript:alert('XSS')><button>x</button></form>",
  "<meta http-equiv=refresh content=\"0;url=javascript:alert('XSS')\">",
  "<!--<script>alert('XSS')</script>-->",
  "</script><script>alert('XSS')</script>",
  "]]><script>alert('XSS')</script>",
  "javascript:alert('XSS')",
];

const payload = fc.constantFrom(...PAYLOADS);
const text = fc.oneof(payload, fc.constantFrom("평범한 요약", "LLM", "Kim Minsu"), fc.string({ maxLength: 12 }));

interface PaperSpec {
  title: string;
  authors: string[];
  label: string;
  section: string;
  bullet: string;
  extra: string;
  media: string;
}

const paperSpec: fc.Arbitrary<PaperSpec> = fc.record({
  title: text,
  authors: fc.array(text, { minLength: 1, maxLength: 3 }),
  label: text,
  section: text,
  bullet: text,
  extra: text,
  media: text,
});

interface DaySpec {
  fmTitle: string;
  tags: string[];
  note: string;
  papers: PaperSpec[];
}

const daySpec: fc.Arbitrary<DaySpec> = fc.record({
  fmTitle: text,
  tags: fc.array(text, { maxLength: 3 }),
  note: text,
  papers: fc.array(paperSpec, { minLength: 1, maxLength: 3 }),
});

function dayFile(day: string, index: number, spec: DaySpec): string {
  const papers = spec.papers.map((paper, i) => {
    const id = `2501.${String(index * 10 + i).padStart(5, "0")}`;
    return `### [${paper.title} ${i}](https://arxiv.org/abs/${id})

![](${paper.media})

<video src="${paper.media}"></video>

Vote: ${i}

Authors: ${paper.authors.join(", ")}

- ***What's New***: ${paper.section}
- **${paper.label.replace(/[*_:\n]/g, "") || "Label"}**: ${paper.section}
- ${paper.bullet}

${paper.extra}
`;
  });
  return `---
title: ${JSON.stringify(spec.fmTitle)}
tags: ${JSON.stringify(spec.tags)}
---
## Daily Papers (${day})

${spec.note}

${papers.join("\n")}`;
}

function renderAll(files: string[]): Promise<Map<string, string | Uint8Array>> {
  const config = resolveConfig({ title: "<script>alert('XSS')</script>" }, {});
  const parsed = files.map((file, index) => parseDayFile(file, `2025-01-0${index + 1}.md`));
  const site = buildSite(parsed, makeTopicMatcher(config.topics).deriver());
  return renderSite(site, config, DEFAULT_OPTIONS.templatesDir);
}

function problems(rendered: Map<string, string | Uint8Array>): string[] {
  const found: string[] = [];
  for (const [path, content] of rendered) {
    // The years of the JSON API come as bytes.
    const text = typeof content === "string" ? content : Buffer.from(content).toString("utf8");
    for (const problem of unsafeParts(path, text)) found.push(`${path}: ${problem}`);
  }
  return found;
}

describe("the safety checker itself", () => {
  it.each([
    ["<script>alert('XSS')</script>"],
    ["<img src=x onerror=alert(1)>"],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>'],
    ["<iframe src=x></iframe>"],
    ['<script type="application/ld+json">{"a":"<b>"}</script>'],
  ])("flags %s", (html) => {
    expect(unsafeHtml(html)).not.toEqual([]);
  });

  it("passes escaped text and plain links", () => {
    expect(
      unsafeHtml("<p>&lt;script&gt;alert('XSS')&lt;/script&gt; <a href=\"https://arxiv.org/abs/1\">x</a></p>"),
    ).toEqual([]);
  });
});

describe("no executable content from any field reaches any output (issue #6)", () => {
  it("every payload in every field at once", async () => {
    const files = PAYLOADS.map((p, index) =>
      dayFile(`2025-01-0${(index % 9) + 1}`, index, {
        fmTitle: p,
        tags: [p],
        note: p,
        papers: [{ title: p, authors: [p, "Kim"], label: p, section: p, bullet: p, extra: p, media: p }],
      }),
    );
    const rendered = await renderAll(files.slice(0, 9));
    expect(rendered.size).toBeGreaterThan(5);
    expect(rendered.get("api/papers/2025.json")).toBeInstanceOf(Uint8Array);
    expect(problems(rendered)).toEqual([]);
  });

  test.prop([fc.array(daySpec, { minLength: 1, maxLength: 3 })], { numRuns: 25 })(
    "generated sites have no script, event handler or javascript: URL from content",
    async (days) => {
      const rendered = await renderAll(days.map((spec, index) => dayFile(`2025-01-0${index + 1}`, index, spec)));
      expect(problems(rendered)).toEqual([]);
    },
  );
});
