// Issue #5: plain files are read line by line instead of by micromark. Wherever the
// line scanner takes a file, it must find the blocks micromark finds, as far as
// parseDayFile reads them; everything else it must leave to micromark.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { Root } from "mdast";
import { describe, expect, it } from "vitest";
import { synthesizeFiles } from "../../scripts/synth.ts";
import { micromarkBlocks } from "../../src/parse/parseDayFile.ts";
import { scanSimpleBlocks } from "../../src/parse/simpleBlocks.ts";
import { HAVE_CORPUS, NO_CORPUS_MESSAGE, readCorpus } from "../helpers/corpus.ts";
import { agreesWith, countTaken } from "../helpers/fastPath.ts";

/** Everything parseDayFile reads of a block tree: types, positions, heading depths, list items and where their text starts. */
function shape(root: Root) {
  return root.children.map((node) => {
    const { start, end } = node.position ?? {};
    const base = { type: node.type, start, end: [end?.line, end?.offset] };
    if (node.type === "heading") return { ...base, depth: node.depth };
    if (node.type === "list")
      return {
        ...base,
        ordered: node.ordered,
        items: node.children.map((item) => ({
          start: item.position?.start,
          end: item.position?.end.offset,
          textColumn: item.children[0]?.position?.start.column,
        })),
      };
    if (node.type === "html") return { ...base, value: node.value };
    return base;
  });
}

/** As parseDayFile hands text to either reader. */
const normalised = (text: string) => text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");

const agrees = agreesWith(scanSimpleBlocks, micromarkBlocks, shape);

/** Asserts the scanner agrees with micromark on `text`; returns whether it took the file. */
const expectAgreement = (text: string) => agrees(normalised(text));

const fixtureDir = join(import.meta.dirname, "..", "fixtures", "parse");

describe("scanSimpleBlocks", () => {
  it("takes every synthesised file without front matter, as micromark reads it", () => {
    const files = synthesizeFiles(120, 7);
    const plain = files.filter((file) => !file.text.startsWith("---"));
    expect(plain.length).toBeGreaterThan(100);
    for (const file of plain) expect(expectAgreement(file.text), file.file).toBe(true);
  });

  it("agrees with micromark on the fixtures, and leaves the quirky ones to it", () => {
    const taken = readdirSync(fixtureDir)
      .filter((name) => name.endsWith(".md"))
      .filter((name) => expectAgreement(readFileSync(join(fixtureDir, name), "utf8")));
    // Front matter, nested and ordered lists, indented text and a code fence go to micromark.
    expect(taken).not.toContain("front-matter.md");
    expect(taken).not.toContain("continuation.md");
    expect(taken).not.toContain("readme-wrapper.md");
    expect(taken).toContain("watch-video.md");
    expect(taken.length).toBeGreaterThan(0);
  });

  it("agrees with micromark on the real corpus sample", ({ skip }) => {
    if (!HAVE_CORPUS) skip(NO_CORPUS_MESSAGE);
    const taken = readCorpus().filter(([, text]) => expectAgreement(text));
    expect(taken.length).toBeGreaterThanOrEqual(readCorpus().length / 3);
  });

  it("leaves each kind of line it does not know to micromark", () => {
    const paper = "### [Title](https://arxiv.org/abs/2401.00001)\n\nVote: 3\n\n- **What's New**: 내용\n";
    expect(scanSimpleBlocks(paper)).not.toBeNull();
    for (const line of [
      "  indented",
      "\tx",
      "> quote",
      "```",
      "~~~",
      "<span>",
      "[x] y",
      "- [ ] box",
      "<video src='x'>",
      "[foo]: /url",
      "[foo",
      "---",
      "***",
      "===",
      "1. one",
      "2) two",
      "* star",
      "+ plus",
      "#tag",
      "## closed ##",
      "####### seven",
      "- - nested",
      "- --",
      "[a\\](b]: /url",
      "- 1. nested",
      "- > quote",
      "-x",
      "a\u0000b",
      "a\u000cb",
    ])
      expect(scanSimpleBlocks(`${paper}\n${line}\n`), JSON.stringify(line)).toBeNull();
    // micromark skips a byte order mark and counts its offsets after it.
    expect(scanSimpleBlocks(`\uFEFF${paper}`)).toBeNull();
    // A paragraph line right under a bullet goes on with the bullet's text.
    expect(expectAgreement(`${paper}more text\n- **Technical Details**: 세부\n`)).toBe(true);
  });

  // Lines of plain files, which the scanner takes, and lines it must refuse or read with care.
  const plainLine = fc.constantFrom(
    "## Daily Papers (2024-01-02)",
    "### [A Paper](https://arxiv.org/abs/2401.00001)",
    "### [Other](https://arxiv.org/abs/2401.00002) (ICLR)",
    "# One",
    "###### Six",
    "# #",
    "![](https://cdn.example.org/x.png)",
    "<video src='https://x.org/v.mp4'></video>",
    '<VIDEO src="v.mp4"></video>',
    "[Video](https://x.org/v.mp4)",
    "Vote: 12",
    "Authors: A, B",
    "**굵게** 시작하는 문단",
    "_**What's New**_ 문단",
    "- **What's New**: 새로운 점",
    "- _**Technical Details**_: 세부",
    "- ***Performance Highlights***: 성능",
    "+5%",
    "2.5배 빠름",
    "2024년",
    "text\twith tab",
    "trailing spaces  ",
    '<div><video controls src="https://x.org/v.mp4"></video></div>',
    "<div>",
    '<DIV class="a">',
    "<div/>",
    "trailing tab\t",
    "### [Spaced](https://arxiv.org/abs/2401.00003)  ",
    "- **What's New**: 끝에 공백 ",
    "a\u0008b",
    "\u0008start",
    "- \u0008x",
    "\u007fdel",
    "\u00a0nbsp",
    "&amp; 엔티티",
    "끝에 백슬래시\\",
    "",
    "",
    " ",
    "\t",
  );
  const trickyLine = fc.oneof(
    fc.constantFrom(
      "####### Seven",
      "#tag",
      "## a #",
      "<video src='a>b'></video>",
      "<video src='x'></video> caption",
      "<video src='x'>",
      "<divx>",
      "</div>",
      "<span>",
      "<!-- note -->",
      "[foo]: /url",
      "[a\\]b]: /url",
      "[foo",
      "- [a]: b",
      "- <div>",
      "- # h",
      "- ```",
      "- ***",
      "- ",
      "-",
      "-x",
      "--",
      "- - -",
      "- --",
      "* * *",
      "[a\\](b]: /url",
      "[a\\](",
      "* x",
      "+ x",
      "1. x",
      "1) x",
      "***",
      "___",
      "===",
      "> q",
      "```",
      "~~~",
      "    code",
      "  two",
      "\tTab",
      "a\u0000b",
      "a\u000cb",
      "\u000b",
    ),
    fc.string({
      unit: fc.constantFrom("-", "*", "_", "#", " ", "\t", "<", ">", "[", "]", ":", "(", ")", "=", "1", ".", "a", "가"),
      maxLength: 8,
    }),
  );
  const file = fc
    .array(fc.oneof({ weight: 30, arbitrary: plainLine }, { weight: 1, arbitrary: trickyLine }), { maxLength: 30 })
    .map((lines) => lines.join("\n"));

  it("finds what micromark finds in any file it takes", () => {
    // Most generated files are plain, so the comparison is not an empty one.
    expect(countTaken(file, expectAgreement, 3000)).toBeGreaterThan(1000);
  });
});
