import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDayFile } from "../../src/parse/index.ts";
import type { ParsedFile } from "../../src/types.ts";

// Forms a digest's author may well write that earlier versions read wrongly or dropped
// without a word (an audit of messy input): each is made up, in the shape of the real files.

const fixture = readFileSync(join(import.meta.dirname, "..", "fixtures", "parse", "other-forms.md"), "utf8");
const codes = (parsed: ParsedFile) => parsed.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);
const day = (...lines: string[]) => ["## Daily Papers (2025-03-04)", "", ...lines, ""].join("\n");
/** Parses a day of one paper, `title` and `id`, whose lines under its heading are `body`. */
const paperOf =
  (title: string, id: string) =>
  (...body: string[]) =>
    parseDayFile(day(`### [${title}](https://arxiv.org/abs/${id})`, "", ...body), "content/2025-03-04.md");

describe("other ways of writing a paper", () => {
  const parsed = parseDayFile(fixture, "content/2025-03-04.md");
  const entry = (id: string) => parsed.entries.find((e) => e.id === id);

  it("matches its reviewed snapshot", async () => {
    await expect(`${JSON.stringify(parsed, null, 2)}\n`).toMatchFileSnapshot(
      join(import.meta.dirname, "..", "fixtures", "parse", "other-forms.json"),
    );
  });

  it("reads a heading whose link is in bold", () => {
    expect(entry("2503.10001")?.title).toBe("굵게 쓴 제목의 논문");
  });

  it("reads a level-4 paper heading as a paper of its own, with a warning", () => {
    expect(parsed.entries.map((e) => e.id)).toEqual(["2503.10001", "2503.10002", "2503.10003", "2503.10004"]);
    expect(entry("2503.10001")?.votes).toBe(12);
    expect(entry("2503.10002")?.votes).toBe(7);
    expect(codes(parsed)).toEqual(["16:1 warning paper-heading-level"]);
  });

  it("reads a linked thumbnail, an <img> in a <div>, a <video> with a <source> and a URL with parentheses as media", () => {
    expect(parsed.entries.map((e) => e.media)).toEqual([
      { kind: "image", url: "https://cdn.example.org/thumbs/a.png", alt: "썸네일" },
      { kind: "image", url: "https://cdn.example.org/thumbs/b.png" },
      { kind: "video", url: "https://cdn.example.org/clips/c.mp4" },
      { kind: "image", url: "https://cdn.example.org/figs/fig_(1).png" },
    ]);
    expect(parsed.entries.flatMap((e) => e.extra)).toEqual([]);
  });

  it("reads Vote and Authors labels in bold, and author lists that wrap onto the next line", () => {
    expect(entry("2503.10001")?.authors).toEqual(["김가나", "이다라"]);
    expect(entry("2503.10002")?.authors).toEqual(["Alpha Kim", "Beta Lee", "Gamma Park", "Delta Choi", "Epsilon Han"]);
    expect(entry("2503.10003")?.authors).toEqual(["Hana Kim", "Dul Lee", "Set Park"]);
  });

  it("reads the three sections from a numbered list, and from labels without emphasis", () => {
    expect(entry("2503.10001")).toMatchObject({
      whatsNew: "번호 목록으로 쓴 새로운 점.",
      technicalDetails: "번호 목록으로 쓴 기술 내용.\n1. **Tokenizer**: 하위 항목은 기술 내용에 남는다.",
      performanceHighlights: "번호 목록으로 쓴 성능.",
      bullets: [],
    });
    expect(entry("2503.10002")).toMatchObject({
      whatsNew: "굵게 하지 않은 이름표.",
      technicalDetails: "이것도 이름표.",
      bullets: ["결과는 다음과 같다: 이름표가 아니라 글머리표."],
    });
  });

  it("still reads a numbered list of other labels under a section as that section's text", () => {
    const parsed = parseDayFile(
      day(
        "### [P](https://arxiv.org/abs/2503.10005)",
        "",
        "- **Technical Details**: 구성은 다음과 같다:",
        "",
        "1. **Tokenizer**: 토크나이저.",
        "2. **Position Embedding**: 위치 임베딩.",
      ),
      "content/2025-03-04.md",
    );
    expect(parsed.entries[0]?.technicalDetails).toBe(
      "구성은 다음과 같다:\n\n1. **Tokenizer**: 토크나이저.\n2. **Position Embedding**: 위치 임베딩.",
    );
    expect(parsed.entries[0]?.bullets).toEqual([]);
  });
});

describe("small slips", () => {
  const paper = paperOf("P", "2503.10009");

  it("reads authors separated by semicolons, and names with a zero-width space as the same name", () => {
    expect(paper("Authors: Kim, Alice; Lee, Bob", "", "- **What's New**: 새").entries[0]?.authors).toEqual([
      "Kim, Alice",
      "Lee, Bob",
    ]);
    expect(
      paper("Authors: Alice Kim\u200B, Alice Kim, Bob Lee", "", "- **What's New**: 새").entries[0]?.authors,
    ).toEqual(["Alice Kim", "Bob Lee"]);
  });

  it("reads a label with a zero-width space before its colon", () => {
    expect(paper("- **What’s New**\u200B: 새로운 점").entries[0]?.whatsNew).toBe("새로운 점");
  });

  it("keeps a list indented with tabs under its section as a list", () => {
    const parsed = paper("- **Technical Details**: 구성", "\t- 첫째", "\t- 둘째");
    expect(parsed.entries[0]?.technicalDetails).toBe("구성\n  - 첫째\n  - 둘째");
  });

  it("warns of a paper whose labels have nothing after them, as of one with no summary", () => {
    const parsed = paper("- **What's New**:", "- **Technical Details**: ");
    expect(codes(parsed)).toEqual(["3:1 warning no-summary"]);
  });
});

describe("what the forms above must not take (a differential test of thousands of mutated real files)", () => {
  const paper = paperOf("A", "2503.10020");

  it("does not take a sentence after a trailing comma, or a label after an unclosed list, as authors", () => {
    const sentence = paper("Authors: Alice Kim, Bob Lee,", "본 논문은 새로운 방법, 즉 X를 제안한다.");
    expect(sentence.entries[0]?.authors).toEqual(["Alice Kim", "Bob Lee"]);
    expect(sentence.entries[0]?.extra).toEqual(["본 논문은 새로운 방법, 즉 X를 제안한다."]);
    const label = paper("Authors: ['Alice Kim', 'Bob Lee',", "***What's New***: x");
    expect(label.entries[0]?.authors).not.toContain("What's New: x");
    expect(paper("Authors: Alice Kim,", "Bob Lee, Carol Park et al.").entries[0]?.authors).toEqual([
      "Alice Kim",
      "Bob Lee",
      "Carol Park",
    ]);
  });

  it("keeps a level-4 heading linking another paper's PDF, or titled with a word for a link, in the paper", () => {
    for (const heading of [
      "#### [PDF](https://arxiv.org/pdf/2502.00009)",
      "#### [Paper](https://arxiv.org/abs/2502.00009)",
    ]) {
      const parsed = paper("- ***What's New***: x", "", heading, "", "- ***Technical Details***: y");
      expect(parsed.entries.map((e) => [e.id, e.technicalDetails])).toEqual([["2503.10020", "y"]]);
    }
  });

  it("says a blank line ends an HTML block that hides a paper heading", () => {
    const parsed = paper("- 요약", "", '<p align="center">', "### [B](https://arxiv.org/abs/2503.10021)");
    expect(codes(parsed)).toEqual(["8:1 warning heading-hidden"]);
    expect(parsed.diagnostics[0]?.message).toContain("add a blank line");
  });

  it("keeps no alt text that is only a zero-width space", () => {
    expect(paper("![\u200B](https://cdn.example.org/a.png)", "", "- 요약").entries[0]?.media).toEqual({
      kind: "image",
      url: "https://cdn.example.org/a.png",
    });
  });
});

describe("words around the syntax (found by test/parse/noTextLost.test.ts)", () => {
  const paper = paperOf("P", "2503.10010");

  it("keeps a day heading's other text as a note of that day", () => {
    const parsed = parseDayFile("## Daily Papers (2025-03-04) — 설 특집\n", "content/2025-03-04.md");
    expect(parsed.notes).toEqual([
      { date: "2025-03-04", markdown: "— 설 특집", source: { file: "content/2025-03-04.md", line: 1 } },
    ]);
    expect(codes(parsed)).toContain("1:1 info heading-extra-text");
  });

  it("keeps what an image's alt text or a video link's text says", () => {
    expect(paper("![그림 1: 구조](https://cdn.example.org/a.png)").entries[0]?.media).toEqual({
      kind: "image",
      url: "https://cdn.example.org/a.png",
      alt: "그림 1: 구조",
    });
    expect(paper('<img src="https://cdn.example.org/a.png" alt="개요도">').entries[0]?.media?.alt).toBe("개요도");
    expect(paper("[데모 video](https://cdn.example.org/v.mp4)").entries[0]?.media?.alt).toBe("데모 video");
    expect(paper("[Watch Video](https://cdn.example.org/v.mp4)").entries[0]?.media).toEqual({
      kind: "video",
      url: "https://cdn.example.org/v.mp4",
    });
  });

  it("keeps an HTML block with a comment that says something, or a second image, as extra text", () => {
    const commented = paper('<img src="https://cdn.example.org/a.png">', "<!-- 출처: 논문 그림 2 -->");
    expect(commented.entries[0]?.extra).toEqual([
      '<img src="https://cdn.example.org/a.png">\n<!-- 출처: 논문 그림 2 -->',
    ]);
    const two = paper('<img src="https://cdn.example.org/a.png">', '<img src="https://cdn.example.org/b.png">');
    expect(two.entries[0]?.media?.url).toBe("https://cdn.example.org/a.png");
    expect(two.entries[0]?.extra).toHaveLength(1);
  });

  it("warns of an http thumbnail, which pages do not show, keeping it in the record", () => {
    const parsed = paper("![그림](http://example.org/a.png)", "", "- 요약");
    expect(parsed.entries[0]?.media).toEqual({ kind: "image", url: "http://example.org/a.png", alt: "그림" });
    expect(codes(parsed)).toEqual(["5:1 warning media-url"]);
  });

  it("warns of front matter tags in a file with no paper to tag", () => {
    const parsed = parseDayFile("---\ntags: [강화학습]\n---\n### 제목뿐\n", "content/2025-03-04.md");
    expect(codes(parsed)).toContain("2:1 warning front-matter-tags");
  });
});

describe("what the forms above must not take (a review's counterexamples)", () => {
  const paper = paperOf("P", "2503.10011");

  it("keeps a level-4 heading that links the paper it is in, or says more than a link, in that paper", () => {
    const parsed = paper(
      "- **What's New**: 새",
      "",
      "#### [PDF](https://arxiv.org/pdf/2503.10011)",
      "",
      "#### 참고 논문: [CoT](https://arxiv.org/abs/2201.11903)",
      "",
      "- **Technical Details**: 기술",
    );
    expect(parsed.entries.map((e) => e.id)).toEqual(["2503.10011"]);
    expect(parsed.entries[0]?.technicalDetails).toBe("기술");
    expect(parsed.entries[0]?.extra).toEqual([
      "#### [PDF](https://arxiv.org/pdf/2503.10011)",
      "#### 참고 논문: [CoT](https://arxiv.org/abs/2201.11903)",
    ]);
    expect(parsed.diagnostics).toEqual([]);
  });

  it("does not let an Authors line take a sentence, a video or a link list's next line", () => {
    const linked = paper("Authors: [Alice Kim](https://huggingface.co/akim), Bob Lee", "이 논문은 새 방법을 제안한다.");
    expect(linked.entries[0]?.authors).toEqual(["[Alice Kim](https://huggingface.co/akim)", "Bob Lee"]);
    expect(linked.entries[0]?.extra).toEqual(["이 논문은 새 방법을 제안한다."]);
    const video = paper("Authors: Alice Kim, Bob Lee,", '<video src="https://cdn.example.org/v.mp4"></video>');
    expect(video.entries[0]?.authors).toEqual(["Alice Kim", "Bob Lee"]);
    expect(video.entries[0]?.media).toEqual({ kind: "video", url: "https://cdn.example.org/v.mp4" });
  });

  it("takes a linked image as the thumbnail only when it links a paper's page", () => {
    const badge = "[![GitHub stars](https://img.shields.io/github/stars/foo/bar)](https://github.com/foo/bar)";
    const parsed = paper(badge);
    expect(parsed.entries[0]?.media).toBeNull();
    expect(parsed.entries[0]?.extra).toEqual([badge]);
  });

  it("reads emphasis around a Vote label only, not around its value or the whole line", () => {
    expect(paper("_Vote_: 7").entries[0]?.votes).toBe(7);
    const italic = paper("*Vote: 5*");
    expect(italic.entries[0]?.votes).toBeNull();
    expect(italic.entries[0]?.extra).toEqual(["*Vote: 5*"]);
    expect(italic.diagnostics.filter((d) => d.code === "vote-unreadable")).toEqual([]);
  });

  it("splits authors at semicolons alone only when every name is `Last, First`, and never inside an entity", () => {
    expect(paper("Authors: José García, Ren&eacute; Dupont, Bob Lee").entries[0]?.authors).toEqual([
      "José García",
      "Ren&eacute; Dupont",
      "Bob Lee",
    ]);
    expect(paper("Authors: Kim, Alice; Lee").entries[0]?.authors).toEqual(["Kim", "Alice", "Lee"]);
  });

  it("finds no other text in a day heading in bold or linked", () => {
    for (const heading of [
      "## **Daily Papers** (2025-03-04)",
      "## [Daily Papers (2025-03-04)](https://huggingface.co/papers?date=2025-03-04)",
    ]) {
      const parsed = parseDayFile(`${heading}\n\n### [P](https://arxiv.org/abs/2503.10012)\n\n- 요약\n`, "x.md");
      expect(parsed.notes).toEqual([]);
      expect(parsed.diagnostics).toEqual([]);
    }
  });

  it("does not warn of a file of several days named for one of them", () => {
    const text = `${day("### [P](https://arxiv.org/abs/2503.10013)", "", "- 요약")}\n## Daily Papers (2025-03-05)\n\n### [Q](https://arxiv.org/abs/2503.10014)\n\n- 요약\n`;
    expect(codes(parseDayFile(text, "content/2025/03/04.md"))).toEqual([]);
    expect(codes(parseDayFile(text, "content/2025-03-01_to_2025-03-05.md"))).toEqual([]);
  });

  it("does not warn of a paper hidden on purpose in a comment that closes", () => {
    const parsed = paper("- 요약", "", "<!--", "### [Q](https://arxiv.org/abs/2503.10015)", "", "- 숨김", "-->");
    expect(parsed.diagnostics).toEqual([]);
  });
});

describe("mistakes that hid papers or days without a word", () => {
  it("warns where an unclosed HTML comment or code fence swallows the papers after it", () => {
    for (const opener of ["<!-- TODO: 요약 다시 확인", "```python"]) {
      const parsed = parseDayFile(
        day(
          "### [P](https://arxiv.org/abs/2503.10006)",
          "",
          "- **What's New**: 첫 논문.",
          "",
          opener,
          "",
          "### [Q](https://arxiv.org/abs/2503.10007)",
          "",
          "- **What's New**: 가려진 논문.",
        ),
        "content/2025-03-04.md",
      );
      expect(parsed.entries.map((e) => e.id)).toEqual(["2503.10006"]);
      expect(codes(parsed)).toEqual(["9:1 warning heading-hidden"]);
      expect(parsed.diagnostics[0]?.message).toContain("starts at line 7");
    }
  });

  it("warns when the day heading disagrees with the date in the file's name", () => {
    const text = day("### [P](https://arxiv.org/abs/2503.10008)", "", "- **What's New**: 어제 파일을 복사했다.");
    const copied = parseDayFile(text.replace("2025-03-04", "2025-03-03"), "content/2025/03/04.md");
    expect(copied.entries[0]?.date).toBe("2025-03-03");
    expect(codes(copied)).toEqual(["1:1 warning day-mismatch"]);
    expect(copied.diagnostics[0]?.message).toContain("the file's name says 2025-03-04");
    expect(codes(parseDayFile(text, "content/2025/03/04.md"))).toEqual([]);
    expect(codes(parseDayFile(text, "content/notes.md"))).toEqual([]);
  });

  it("reads every paper of a file written without blank lines", () => {
    const papers = Array.from({ length: 80 }, (_, n) => [
      `### [Paper \`${n}\` with [brackets]](https://arxiv.org/abs/2503.${String(20000 + n)})`,
      "Vote: 3",
      "- **What's New**: **굵게** _기울임_ [링크](https://example.org) `a|b` [c] [d]",
      "- **Technical Details**: [a] [b] `c` **d**",
    ]);
    const parsed = parseDayFile(day(...papers.flat()).replace("\n\n", "\n"), "content/2025-03-04.md");
    expect(parsed.entries).toHaveLength(80);
    expect(codes(parsed)).toEqual([]);
  });
});
