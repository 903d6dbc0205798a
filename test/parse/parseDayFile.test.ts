import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { parseDayFile } from "../../src/parse/index.ts";
import type { ParsedFile } from "../../src/types.ts";
import { halfPairsIn } from "../helpers/wellFormed.ts";
import { goodDay } from "../robustness/helpers.ts";

const fixtures = join(import.meta.dirname, "..", "fixtures", "parse");
const parseFixture = (name: string): ParsedFile =>
  parseDayFile(readFileSync(join(fixtures, `${name}.md`), "utf8"), `content/${name}.md`);
const entry = (parsed: ParsedFile, id: string) => {
  const found = parsed.entries.find((e) => e.id === id);
  if (!found) throw new Error(`no entry ${id} in ${parsed.file}`);
  return found;
};
const codes = (parsed: ParsedFile) => parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);

describe("parseDayFile fixtures", () => {
  it.each([
    "early-2023",
    "early-media",
    "watch-video",
    "authors-list",
    "labels",
    "continuation",
    "two-headings",
    "readme-wrapper",
    "front-matter",
    "bad-entries",
  ])("%s matches its reviewed snapshot", async (name) => {
    await expect(`${JSON.stringify(parseFixture(name), null, 2)}\n`).toMatchFileSnapshot(
      join(fixtures, `${name}.json`),
    );
  });
});

describe("2023 format: no thumbnail, vote or authors; plain bullets", () => {
  const parsed = parseFixture("early-2023");
  it("reads two papers with null votes, no authors and no media", () => {
    expect(parsed.entries.map((e) => [e.id, e.votes, e.authors.length, e.media])).toEqual([
      ["2311.00001", null, 0, null],
      ["2311.00002", null, 0, null],
    ]);
  });
  it("keeps bullets with their nested list and no labelled sections", () => {
    const first = entry(parsed, "2311.00001");
    expect(first.bullets).toHaveLength(3);
    expect(first.bullets[1]).toBe(
      "제안 방법은 세 가지 특징을 가진다:\n- (1) 메모리 사용량을 줄인다.\n- (2) 지연 시간을 줄인다.",
    );
    expect(first.whatsNew).toBeNull();
    expect(parsed.diagnostics).toEqual([]);
  });
});

describe("media", () => {
  it("reads a thumbnail and Authors written on adjacent lines of one paragraph", () => {
    const quiet = entry(parseFixture("early-media"), "2311.00011");
    expect(quiet.media).toEqual({ kind: "image", url: "https://cdn.example.org/quiet.png" });
    expect(quiet.authors).toEqual(["Ada Park", "Ben Kim"]);
    expect(quiet.extra).toEqual([]);
  });
  it("reads a raw <video src='...'> line", () => {
    expect(entry(parseFixture("early-media"), "2311.00012").media).toEqual({
      kind: "video",
      url: "https://cdn.example.org/pixels.mp4",
    });
  });
  it("reads a video file given as an image (`![](clip.qt)`, as a 2023 file does) as a video", () => {
    expect(entry(parseFixture("early-media"), "2311.00013").media).toEqual({
      kind: "video",
      url: "https://cdn.example.org/clips/spin.qt",
    });
  });
  it("treats [Watch Video] and the <div><video> block after it as one video", () => {
    const clay = entry(parseFixture("watch-video"), "2312.00021");
    expect(clay.media).toEqual({ kind: "video", url: "https://cdn.example.org/clay.mp4" });
    expect(clay.extra).toEqual([]);
    expect(clay.votes).toBe(11);
  });
  it("resolves the relative avatar fallback against huggingface.co and reads `Vote: -` as null", () => {
    const avatar = entry(parseFixture("watch-video"), "2312.00022");
    expect(avatar.media).toEqual({ kind: "image", url: "https://huggingface.co/avatars/abc123.svg" });
    expect(avatar.votes).toBeNull();
  });
});

describe("authors", () => {
  it("reads a Python-style list, dropping the `and ` before the last name", () => {
    const listed = entry(parseFixture("authors-list"), "2410.00031");
    expect(listed.authors).toEqual(["Gil Han", "Hana O'Neil", "Ivy Seo", "Jun Yoo"]);
    expect(listed.votes).toBe(1234);
  });
  it("drops the `+` placeholder and repeated names", () => {
    expect(entry(parseFixture("authors-list"), "2410.00032").authors).toEqual(["Kai Ryu", "Lea Baek", "Min Jang"]);
  });
});

describe("section labels", () => {
  const parsed = parseFixture("labels");
  it("accepts ***Label***:, the broken ***Label*: and keeps other labels in order", () => {
    const soup = entry(parsed, "2503.00041");
    expect(soup.whatsNew).toBe("세 개의 별표로 감싼 라벨이다.");
    expect(soup.technicalDetails).toBe("닫는 별표가 하나뿐인 라벨이다.");
    expect(soup.performanceHighlights).toBe("성능이 좋아졌다.");
    expect(soup.otherSections).toEqual([
      { label: "고찰", text: "한국어 라벨은 추가 섹션이 된다.", after: "technicalDetails" },
      { label: "Limitations", text: "한계도 있다.", after: "performanceHighlights" },
    ]);
  });
  it("accepts curly apostrophes and a colon inside the bold label", () => {
    const curly = entry(parsed, "2407.00042");
    expect(curly.whatsNew).toBe("둥근 아포스트로피를 쓴 라벨이다.");
    expect(curly.technicalDetails).toBe("콜론이 굵은 글씨 안에 있다.");
  });
  it("reports unknown labels as info with their position", () => {
    expect(codes(parsed)).toEqual(["13:1 info section-label-unknown", "15:1 info section-label-unknown"]);
  });
});

describe("continuations", () => {
  const parsed = parseFixture("continuation");
  it("attaches a numbered list that closes the bullet list to the section above it", () => {
    const numbered = entry(parsed, "2407.00051");
    expect(numbered.technicalDetails).toBe(
      "주요 기여는 다음과 같다:\n\n1) 정책을 잠재 표현으로 압축한다.\n2) 대조 학습으로 행동 임베딩을 만든다.",
    );
    expect(numbered.performanceHighlights).toBe("여러 제어 과제에서 좋아졌다.\n둘째 줄은 같은 항목의 이어지는 줄이다.");
  });
  it("does not mistake bold-labelled numbered items for sections", () => {
    const bold = entry(parsed, "2408.00052");
    expect(bold.otherSections).toEqual([]);
    expect(bold.technicalDetails).toContain("1. **Tokenizer**: 큰 어휘의 BPE를 쓴다.");
  });
  it("turns a Python list of sentences into a markdown list", () => {
    expect(entry(parsed, "2408.00052").performanceHighlights).toBe(
      "- 첫 번째 결과 문장입니다.\n- 두 번째 결과, 쉼표 포함.",
    );
  });
});

describe("days and wrappers", () => {
  it("reads papers under two headings of the same day and keeps LaTeX in titles", () => {
    const parsed = parseFixture("two-headings");
    expect(parsed.entries.map((e) => [e.id, e.date])).toEqual([
      ["2412.00061", "2025-01-02"],
      ["2412.00062", "2025-01-02"],
    ]);
    expect(parsed.entries[0]?.title).toBe("M$^{2}$Net: Math in Titles");
  });
  it("keeps README wrapper text as unpublished notes and day intro text as a day note", () => {
    const parsed = parseFixture("readme-wrapper");
    expect(parsed.entries.map((e) => e.id)).toEqual(["2502.00071"]);
    expect(parsed.notes.map((n) => [n.date, n.source.line, n.markdown.split("\n")[0]])).toEqual([
      [null, 1, "# Daily Papers"],
      ["2025-02-11", 7, "오늘은 두 편을 소개합니다."],
      [null, 17, "## License"],
      [null, 21, "## Citation"],
    ]);
    expect(parsed.notes[3]?.markdown).toContain("@misc{digest,");
    expect(codes(parsed)).toEqual(["1:1 info outside-paper", "17:1 info outside-paper", "21:1 info outside-paper"]);
  });
  it("takes the day, title and per-paper tags from front matter", () => {
    const parsed = parseFixture("front-matter");
    expect(parsed.title).toBe("설 연휴 특집");
    expect(parsed.entries.map((e) => [e.id, e.date, e.tags])).toEqual([
      ["2502.00081", "2025-02-13", ["강화학습", "RL"]],
      ["2502.00082", "2025-02-13", []],
    ]);
    expect(parsed.entries[0]?.source).toEqual({ file: "content/front-matter.md", line: 8 });
  });
  it("falls back to a YYYY/MM/DD path for the day", () => {
    const parsed = parseDayFile("### [P](https://arxiv.org/abs/2401.00001)\n\n- 본문\n", "paper_logs/2024/01/02.md");
    expect(parsed.entries[0]?.date).toBe("2024-01-02");
  });
  it("reports a file with no date anywhere and skips its papers", () => {
    const parsed = parseDayFile("### [P](https://arxiv.org/abs/2401.00001)\n\n- 본문\n", "notes.md");
    expect(parsed.entries).toEqual([]);
    expect(parsed.diagnostics.map((d) => [d.code, d.severity])).toEqual([["no-date", "error"]]);
    expect(parsed.diagnostics[0]?.message).toContain("## Daily Papers (YYYY-MM-DD)");
  });
});

describe("diagnostics for bad entries", () => {
  const parsed = parseFixture("bad-entries");
  it("reports each problem at its file:line:column", () => {
    expect(codes(parsed)).toEqual([
      "3:1 error arxiv-link",
      "7:1 error arxiv-link",
      "13:1 error vote-unreadable",
      "17:1 error duplicate-paper",
      "21:1 warning arxiv-link-form",
      "21:1 warning no-summary",
    ]);
  });
  it("still reads every usable paper, with an unreadable vote as null", () => {
    expect(parsed.entries.map((e) => [e.id, e.votes])).toEqual([
      ["2505.00092", null],
      ["2505.00093", 4],
    ]);
  });
  it("keeps the text of skipped headings and of a paper's second entry on a day as notes", () => {
    expect(parsed.notes.map((n) => n.markdown.split("\n")[0])).toEqual([
      "### [No Link Here]",
      "### [Wrong Host](https://example.com/abs/2505.00091)",
      "### [Unreadable Vote](https://arxiv.org/abs/2505.00092)",
    ]);
  });
  it("explains what was found and what was expected", () => {
    const wrongHost = parsed.diagnostics[1];
    expect(wrongHost?.message).toBe(
      "Paper heading has a malformed arXiv link (`https://example.com/abs/2505.00091` is not an arXiv abstract link); expected `### [Title](https://arxiv.org/abs/ID)`. The entry is skipped and its text kept as a note.",
    );
  });
});

describe("front matter problems", () => {
  it("reports invalid YAML at its file line and column and still reads the papers", () => {
    const text =
      "---\ndate: 2025-01-02\ntags: [a, b\nfoo: bar\n---\n## Daily Papers (2025-01-02)\n\n### [P](https://arxiv.org/abs/2501.00001)\n\n- 본문\n";
    const parsed = parseDayFile(text, "x.md");
    expect(codes(parsed)).toEqual(["4:1 error front-matter-invalid"]);
    expect(parsed.entries.map((e) => e.id)).toEqual(["2501.00001"]);
  });
  it("ignores a BOM and reads CRLF files like LF files, multi-line sections included", () => {
    const lf = readFileSync(join(fixtures, "continuation.md"), "utf8");
    const crlf = `\uFEFF${lf.replace(/\n/g, "\r\n")}`;
    expect(parseDayFile(crlf, "c.md")).toEqual(parseDayFile(lf, "c.md"));
  });
  it("reads CR-only files like LF files (review finding 11)", () => {
    const lf = readFileSync(join(fixtures, "labels.md"), "utf8");
    expect(parseDayFile(lf.replace(/\n/g, "\r"), "l.md")).toEqual(parseDayFile(lf, "l.md"));
    const { text, ids } = goodDay("2025-01-02", 80);
    expect(text.length).toBeGreaterThan(20_000);
    const parsed = parseDayFile(text.replace(/\n/g, "\r"), "l.md");
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.entries.map((e) => e.id)).toEqual(ids);
  });
});

describe("review findings: no text dropped silently", () => {
  const DAY = "## Daily Papers (2025-01-02)\n\n";
  const all = (parsed: ParsedFile) => parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);

  it("reports a malformed %-escape in a paper heading instead of throwing (finding 5)", () => {
    const parsed = parseDayFile(`${DAY}### [P](https://arxiv.org/abs/2501.0000%E0%A4%A)\n\n- 본문\n`, "x.md");
    expect(all(parsed)).toEqual(["3:1 error arxiv-link"]);
    expect(parsed.diagnostics[0]?.message).toContain("has a malformed %-escape");
    expect(parsed.notes.map((n) => n.source.line)).toEqual([3]);
  });

  it("keeps front matter that is not a mapping as a note and names unknown keys (finding 6)", () => {
    const sentence = parseDayFile(
      `---\n오늘은 특집입니다.\n---\n${DAY}### [P](https://arxiv.org/abs/2501.00001)\n\n- 본문\n`,
      "x.md",
    );
    expect(all(sentence)).toEqual(["2:1 warning front-matter-not-mapping"]);
    expect(sentence.notes).toEqual([{ date: null, markdown: "오늘은 특집입니다.", source: { file: "x.md", line: 2 } }]);
    expect(sentence.entries.map((e) => e.id)).toEqual(["2501.00001"]);
    const list = parseDayFile(`---\n- a\n- b\n---\n${DAY}`, "x.md");
    expect(all(list)).toContain("2:1 warning front-matter-not-mapping");
    expect(list.notes[0]?.markdown).toBe("- a\n- b");

    const unknown = parseDayFile(`---\ndate: 2025-01-02\ntilte: 특집\n---\n${DAY}`, "x.md");
    expect(all(unknown)).toContain("3:1 warning front-matter-unknown-key");
    expect(unknown.diagnostics[0]?.message).toBe(
      "Front matter key `tilte` is not used; the known keys are date, title, tags. It is ignored.",
    );
  });

  it("warns about per-paper tags for a paper the file does not have (finding 6)", () => {
    const text = `---\ntags:\n  2501.00001: [a]\n  2501.00009: [b]\n---\n${DAY}### [P](https://arxiv.org/abs/2501.00001)\n\n- 본문\n`;
    const parsed = parseDayFile(text, "x.md");
    expect(all(parsed)).toEqual(["4:1 warning front-matter-tags"]);
    expect(parsed.diagnostics[0]?.message).toContain("2501.00009");
    expect(parsed.entries[0]?.tags).toEqual(["a"]);
  });

  it("does not let YAML roll 2025-02-30 over to March (finding 7)", () => {
    const text = "---\ntitle: x\ndate: 2025-02-30\n---\n### [P](https://arxiv.org/abs/2501.00001)\n\n- 본문\n";
    const parsed = parseDayFile(text, "2025-01-05.md");
    expect(all(parsed)).toEqual(["3:1 warning front-matter-date"]);
    expect(parsed.diagnostics[0]?.message).toContain("not a real date");
    expect(parsed.entries[0]?.date).toBe("2025-01-05");
    const real = parseDayFile(text.replace("2025-02-30", "2025-02-28"), "2025-01-05.md");
    expect(real.entries[0]?.date).toBe("2025-02-28");
    expect(real.diagnostics).toEqual([]);
  });

  it("points front-matter warnings at the key's line (finding 11)", () => {
    const text = "---\n# 설명\ntitle: [1, 2]\ntags: {a: 1}\ndate: 어제\n---\n";
    expect(all(parseDayFile(text, "2025-01-05.md"))).toEqual([
      "5:1 warning front-matter-date",
      "3:1 warning front-matter-title",
      "4:1 warning front-matter-tags",
      "1:1 warning no-papers",
    ]);
  });

  it("keeps heading text outside the arXiv link in extra (finding 8)", () => {
    const parsed = parseDayFile(
      `${DAY}### See [Title A](https://arxiv.org/abs/2501.00001) extra text\n\n- 본문\n\n### [Title B](https://arxiv.org/abs/2501.00002) (ICLR 2025) [code](https://github.com/x/y)\n\n- 본문\n\n### [Title C](https://arxiv.org/abs/2501.00003) ###\n\n- 본문\n`,
      "x.md",
    );
    expect(parsed.entries.map((e) => [e.title, e.extra])).toEqual([
      ["Title A", ["See extra text"]],
      ["Title B", ["(ICLR 2025) [code](https://github.com/x/y)"]],
      ["Title C", []],
    ]);
    expect(all(parsed)).toEqual(["3:1 info heading-extra-text", "7:1 info heading-extra-text"]);
  });

  it("keeps the first Vote and Authors line and the repeats as extra (finding 9)", () => {
    const parsed = parseDayFile(
      `${DAY}### [P](https://arxiv.org/abs/2501.00001)\n\nVote: 3\nAuthors: A Kim\n\nVote: 9\n\n   Authors: B Lee\n\n- 본문\n`,
      "x.md",
    );
    const [paper] = parsed.entries;
    expect([paper?.votes, paper?.authors, paper?.extra]).toEqual([3, ["A Kim"], ["Vote: 9", "Authors: B Lee"]]);
    expect(all(parsed)).toEqual(["8:1 warning vote-repeated", "10:4 warning authors-repeated"]);
  });

  it("counts a meta line's paragraph indent in its column (finding 11)", () => {
    const parsed = parseDayFile(`${DAY}### [P](https://arxiv.org/abs/2501.00001)\n\n   Vote: x\n\n- 본문\n`, "x.md");
    expect(all(parsed)).toEqual(["5:4 error vote-unreadable"]);
  });

  it("keeps the caption of an HTML block that also holds the video (finding 10)", () => {
    const block = '<div>\n<video src="https://x.org/v.mp4" controls></video>\n<p>중요한 캡션 텍스트</p>\n</div>';
    const parsed = parseDayFile(`${DAY}### [P](https://arxiv.org/abs/2501.00001)\n\n${block}\n\n- 본문\n`, "x.md");
    expect(parsed.entries[0]?.media).toEqual({ kind: "video", url: "https://x.org/v.mp4" });
    expect(parsed.entries[0]?.extra).toEqual([block]);
    const inline = parseDayFile(
      `${DAY}### [P](https://arxiv.org/abs/2501.00001)\n\n<video src="https://x.org/v.mp4"></video> 캡션\n\n- 본문\n`,
      "x.md",
    );
    expect(inline.entries[0]?.media).toEqual({ kind: "video", url: "https://x.org/v.mp4" });
    expect(inline.entries[0]?.extra).toEqual(['<video src="https://x.org/v.mp4"></video> 캡션']);
  });

  it("reports each undated paper at its heading and keeps its text (finding 11)", () => {
    const parsed = parseDayFile(
      "# 모음\n\n### [P](https://arxiv.org/abs/2401.00001)\n\n- 본문 하나\n\n### [Q](https://arxiv.org/abs/2401.00002)\n\n- 본문 둘\n",
      "notes.md",
    );
    expect(parsed.entries).toEqual([]);
    expect(all(parsed)).toEqual(["1:1 info outside-paper", "3:1 error no-date", "7:1 error no-date"]);
    expect(parsed.notes.map((n) => [n.date, n.source.line, n.markdown])).toEqual([
      [null, 1, "# 모음"],
      [null, 3, "### [P](https://arxiv.org/abs/2401.00001)\n\n- 본문 하나"],
      [null, 7, "### [Q](https://arxiv.org/abs/2401.00002)\n\n- 본문 둘"],
    ]);
  });

  it("warns about a paper heading at level 2 and keeps it as a note (finding 12)", () => {
    const parsed = parseDayFile(
      `${DAY}### [A](https://arxiv.org/abs/2501.00001)\n\n- 본문\n\n## [Title](https://arxiv.org/abs/2501.00002)\n\n- 본문\n`,
      "x.md",
    );
    expect(parsed.entries.map((e) => e.id)).toEqual(["2501.00001"]);
    expect(all(parsed)).toEqual(["7:1 warning paper-heading-level"]);
    expect(parsed.notes.map((n) => [n.date, n.source.line])).toEqual([[null, 7]]);
  });
});

describe("control characters", () => {
  it("become U+FFFD, with a warning at the first of each line", () => {
    const text = [
      "## Daily Papers (2024-07-19)",
      "",
      "### [Bench Bench](https://arxiv.org/abs/2407.00071)",
      "",
      "- **What's New**: 패키지 \benchbench\b와 함께",
      "- **Technical Details**: 종\u007F료",
    ].join("\n");
    const parsed = parseDayFile(text, "content/control.md");
    expect(parsed.entries[0]?.whatsNew).toBe("패키지 \uFFFDenchbench\uFFFD와 함께");
    expect(parsed.entries[0]?.technicalDetails).toBe("종\uFFFD료");
    expect(codes(parsed)).toEqual(["5:23 warning control-character", "6:27 warning control-character"]);
    expect(parsed.diagnostics[0]?.message).toContain("U+0008 (and 1 more on this line)");
  });

  /** A day of one paper whose front matter sets `title` and `tags` as written (YAML). */
  const withFrontMatter = (title: string, tags: string) =>
    [
      "---",
      `title: ${title}`,
      `tags: ${tags}`,
      "---",
      "## Daily Papers (2024-07-19)",
      "",
      "### [T](https://arxiv.org/abs/2407.00071)",
      "",
      "- **What's New**: 본문",
    ].join("\n");

  it("written by YAML escapes in front matter, become U+FFFD in its title and tags too", () => {
    const parsed = parseDayFile(withFrontMatter('"특집\\x01호"', '["a\\x1bb", 좋음]'), "content/control.md");
    expect(parsed.title).toBe("특집\uFFFD호");
    expect(parsed.entries[0]?.tags).toEqual(["a\uFFFDb", "좋음"]);
    expect(codes(parsed)).toEqual(["2:1 warning control-character", "3:1 warning control-character"]);
  });

  it("and half a surrogate pair that YAML escapes write becomes U+FFFD too, where a whole pair stays", () => {
    const text = withFrontMatter('"특집\\uD800호 \\uD83D\\uDE00"', '["a\\uDC00b", "\\uD83D"]');
    const parsed = parseDayFile(text, "content/surrogate.md");
    expect(parsed.title).toBe("특집\uFFFD호 😀");
    expect(parsed.entries[0]?.tags).toEqual(["a\uFFFDb", "\uFFFD"]);
    expect(codes(parsed)).toEqual([
      "2:1 warning unpaired-surrogate",
      "3:1 warning unpaired-surrogate",
      "3:1 warning unpaired-surrogate",
    ]);
    // What JSON parsers other than JavaScript's reject (RFC 7493): no lone half in any record.
    expect(halfPairsIn(JSON.stringify([parsed.title, parsed.entries, parsed.notes]))).toEqual([]);
  });

  test.prop([
    fc.string({ unit: fc.constantFrom("a", " ", "\n", "\r", "\t", "\b", "\u0000", "\u001B", "\u0085", "가") }),
  ])("never reach a record", (body) => {
    const parsed = parseDayFile(
      `## Daily Papers (2024-07-19)\n\n### [T](https://arxiv.org/abs/2407.00071)\n\n- **What's New**: ${body}\n`,
      "x.md",
    );
    const strings: string[] = [];
    JSON.stringify([parsed.entries, parsed.notes], (_key, value) => {
      if (typeof value === "string") strings.push(value);
      return value;
    });
    expect(strings.join("")).not.toMatch(/(?![\t\n\r])\p{Cc}/u);
  });
});

describe("other sections among the standard ones", () => {
  it("remember the standard section the file gives before each, in any order", () => {
    const text = [
      "## Daily Papers (2025-03-12)",
      "",
      "### [Out of Order](https://arxiv.org/abs/2503.00051)",
      "",
      "- **배경**: 먼저 나온다.",
      "- **Technical Details**: 세부.",
      "- **고찰**: 세부 다음.",
      "- **What's New**: 새로운 점.",
      "- **Performance Highlights**: 성능.",
    ].join("\n");
    const [entry] = parseDayFile(text, "content/order.md").entries;
    expect(entry?.otherSections.map((section) => [section.label, section.after])).toEqual([
      ["배경", null],
      ["고찰", "technicalDetails"],
    ]);
  });
});
