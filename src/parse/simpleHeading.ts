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
 * `_`, `[`, `]`, `<`), a character reference (`&amp;`; a lone `&` as in `Q&A` is fine)
 * or a NUL (micromark replaces it). A plain URL is also without whitespace, control
 * characters, quotes, a backtick, brackets, parentheses, `<`, `>`, `\` or `&`. Only
 * what `parseDayFile` reads is made: the children's types and text, a link's URL and
 * its position (offsets from the start of `markdown`). The property test holds it to
 * micromark's reading of every heading it takes.
 * @param markdown one heading's line as micromark or `scanSimpleBlocks` found it: `#`
 *   to `######`, then anything; only a run of spaces and then text is taken
 */
export function scanSimpleHeading(markdown: string): Heading | null {
  // Trailing spaces are not text. Trimmed by hand: a lazy `[ \t]*$` in the pattern made
  // a line with long runs of spaces inside take quadratic time (issue #6).
  let length = markdown.length;
  while (length > 0 && (markdown.charCodeAt(length - 1) === 32 || markdown.charCodeAt(length - 1) === 9)) length--;
  const line = markdown.slice(0, length);
  // A closing sequence (`# #`, `## a #`) is not text, and a character reference is decoded.
  if (line.endsWith("#") || CHARACTER_REFERENCE.test(line)) return null;
  const shape = SIMPLE_HEADING.exec(line);
  if (shape === null) return null;
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

const PLAIN = "[^\\\\`*_\\[\\]<\\n\\u0000]";
const PLAIN_URL = "[^\\s\\u0000-\\u001f\\u007f()<>\\[\\]\\\\&\"'`]";
const SIMPLE_HEADING = new RegExp(`^(#{1,6})( +)(?=\\S)(?:\\[(${PLAIN}+)\\]\\((${PLAIN_URL}+)\\))?(${PLAIN}*)$`);
const CHARACTER_REFERENCE = /&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;
