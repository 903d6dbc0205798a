// Issue #5: plain headings are read without micromark. Wherever scanSimpleHeading takes
// a heading, it must read what micromark reads, as far as parseDayFile looks.
import fc from "fast-check";
import type { Node } from "unist";
import { describe, expect, it } from "vitest";
import { synthesizeFiles } from "../../scripts/synth.ts";
import { micromarkHeading } from "../../src/parse/headings.ts";
import { scanSimpleHeading } from "../../src/parse/simpleHeading.ts";
import { agreesWith, countTaken } from "../helpers/fastPath.ts";

/** A node as parseDayFile reads it: every field but positions, except a link's offsets. */
function shape(node: Node | undefined): unknown {
  if (node === undefined) return undefined;
  const { position, ...fields } = node as Node & { children?: Node[] };
  const children = fields.children?.map(shape);
  return {
    ...fields,
    ...(children ? { children } : {}),
    ...(node.type === "link" ? { at: [position?.start.offset, position?.end.offset] } : {}),
  };
}

/** Asserts the scanner agrees with micromark on a heading; returns whether it took it. */
const expectAgreement = agreesWith<Node | undefined>(scanSimpleHeading, micromarkHeading, shape);

describe("scanSimpleHeading", () => {
  it("takes the day and paper headings of synthesised files, as micromark reads them", () => {
    const headings = synthesizeFiles(40, 5)
      .flatMap((file) => file.text.split("\n"))
      .filter((line) => /^#{2,3} /.test(line));
    expect(headings.length).toBeGreaterThan(300);
    const taken = headings.filter(expectAgreement);
    expect(taken.length).toBeGreaterThan(headings.length * 0.9);
  });

  it("leaves inline syntax and closing sequences to micromark", () => {
    for (const markdown of [
      "### *Emphasis*",
      '### [T](https://arxiv.org/abs/2401.00001 "title")',
      "### [T](<https://arxiv.org/abs/2401.00001>)",
      "### [T **b**](https://arxiv.org/abs/2401.00001)",
      "### Before [T](https://arxiv.org/abs/2401.00001)",
      "### A &amp; B",
      "### `code`",
      "### a\\*b",
      "## Closed ##",
      "# #",
    ])
      expect(scanSimpleHeading(markdown), markdown).toBeNull();
  });

  const plainPiece = fc.constantFrom(
    "Title",
    "논문 제목",
    " ",
    "  ",
    "\t",
    ":",
    "!",
    "(ICLR 2025)",
    "Q&A",
    "(",
    ")",
    "v2",
    "[T](https://arxiv.org/abs/2401.00001)",
    "[A (B) C!](https://arxiv.org/abs/2401.00002)",
    "[ spaced ](https://huggingface.co/papers/2401.00003)",
    "[T](https://x.org/a_b*c)",
  );
  const trickyPiece = fc.constantFrom(
    "#",
    "*",
    "_",
    "`",
    "\\",
    "&amp;",
    "&#35;",
    "&#x41;",
    "&nosuch;",
    "&",
    "<",
    ">",
    "[",
    "]",
    "[T](u v)",
    "[T](<u>)",
    '[T](u "t")',
    "[](https://arxiv.org/abs/2401.00004)",
    "[T](https://x.org/(a))",
    "[T][ref]",
    "\u0000",
    "\u0001",
    "\u007f",
    "[T](https://x.org/a\u0001)",
    "[T](https://x.org/a\u007f)",
  );
  const heading = fc
    .tuple(
      fc.integer({ min: 1, max: 7 }),
      fc.constantFrom(" ", "  ", "\t"),
      fc.array(fc.oneof({ weight: 6, arbitrary: plainPiece }, { weight: 1, arbitrary: trickyPiece }), { maxLength: 6 }),
    )
    .map(([depth, space, pieces]) => `${"#".repeat(depth)}${space}${pieces.join("")}`);

  it("reads what micromark reads in every heading it takes", () => {
    // Enough generated headings are plain for the comparison not to be an empty one.
    expect(countTaken(heading, expectAgreement, 3000)).toBeGreaterThan(300);
  });
});
