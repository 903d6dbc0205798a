import type { Heading, PhrasingContent } from "mdast";

/**
 * The inline content of an ATX heading in one of the two shapes digest headings nearly
 * always have, read without micromark: plain text (`## Daily Papers (2025-02-11)`), or
 * a link with plain text and a plain URL, then plain text if any
 * (`### [Title](https://arxiv.org/abs/2502.08127) (ICLR 2025)`). Null for anything else,
 * which micromark then reads (issue #5: once blocks were found line by line, parsing the
 * headings with micromark was most of what was left of parsing).
 *
 * Plain means without the characters that start inline syntax (`\`, a backtick, `*`,
 * `_`, `[`, `]`, `<`) or a character reference (`&amp;`; a lone `&` as in `Q&A` is
 * fine); a plain URL is also without whitespace, quotes, brackets, parentheses or `&`. Only what `parseDayFile` reads is made: the children's types and text,
 * a link's URL and its position (offsets from the start of `markdown`). The property
 * test holds it to micromark's reading of every heading it takes.
 * @param markdown one heading line, as `scanSimpleBlocks` takes it: `#` to `######`,
 *   spaces, then text that ends in neither `#` nor whitespace, then maybe spaces or tabs
 */
export function scanSimpleHeading(markdown: string): Heading | null {
  const shape = SIMPLE_HEADING.exec(markdown);
  // A closing sequence (`# #`, `## a #`) is not text, and a character reference is decoded.
  if (shape === null || CLOSING.test(markdown) || REFERENCE.test(markdown)) return null;
  const [, marks = "", spaces = "", label, url, rest = ""] = shape;
  const depth = marks.length as Heading["depth"];
  const children: PhrasingContent[] = [];
  if (label !== undefined && url !== undefined) {
    const start = marks.length + spaces.length;
    const end = start + label.length + url.length + 4;
    children.push({
      type: "link",
      url,
      title: null,
      children: [{ type: "text", value: label }],
      position: {
        start: { line: 1, column: start + 1, offset: start },
        end: { line: 1, column: end + 1, offset: end },
      },
    });
  }
  if (rest !== "") children.push({ type: "text", value: rest });
  return { type: "heading", depth, children };
}

const PLAIN = "[^\\\\`*_\\[\\]<\\n]";
const SIMPLE_HEADING = new RegExp(
  `^(#{1,6})( +)(?=\\S)(?:\\[(${PLAIN}+)\\]\\(([^\\s()<>\\[\\]\\\\&"'\`]+)\\))?(${PLAIN}*?)[ \\t]*$`,
);
const CLOSING = /#[ \t]*$/;
const REFERENCE = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;
