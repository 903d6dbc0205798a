import type { Heading, List, ListItem, Paragraph, Root, RootContent } from "mdast";
import type { Point } from "unist";

/**
 * The block structure of a digest file written in the plain shape nearly every file has
 * (ATX headings, paragraphs, and `- ` bullets of one line each, with nothing indented),
 * found line by line without micromark; null for anything else, which micromark then
 * reads (issue #5: micromark's block pass was most of the time a cold build spent
 * before anything else could start, 2.4 s for a year of files).
 *
 * Only what `parseDayFile` reads is made: each node's type and position, a heading's
 * depth, a list's items and each item's first child. A line that could mean anything
 * else to CommonMark (indentation, a quote, a fence, HTML, a definition, a thematic
 * break, a setext underline, an ordered list, a paragraph line right under a bullet,
 * trailing spaces, control characters) gives up on the whole file. The property test
 * holds the result to micromark's on every file this accepts.
 * @param source the file's text with LF line endings
 */
export function scanSimpleBlocks(source: string): Root | null {
  const children: RootContent[] = [];
  let paragraph: Paragraph | null = null;
  let list: List | null = null;
  /** Whether the line before was a bullet, which a paragraph line would lazily continue. */
  let afterItem = false;
  let line = 0;
  for (let next = 0; next <= source.length; ) {
    line += 1;
    const offset = next;
    const newline = source.indexOf("\n", offset);
    const end = newline < 0 ? source.length : newline;
    next = end + 1;
    const text = source.slice(offset, end);
    const start: Point = { line, column: 1, offset };
    const finish: Point = { line, column: text.length + 1, offset: end };
    if (BLANK.test(text)) {
      paragraph = null;
      afterItem = false;
      continue;
    }
    if (UNSAFE_LINE.test(text)) return null;
    const heading = ATX_HEADING.exec(text);
    if (heading !== null) {
      paragraph = null;
      list = null;
      afterItem = false;
      const depth = (heading[1] as string).length as Heading["depth"];
      children.push({ type: "heading", depth, children: [], position: { start, end: finish } });
      continue;
    }
    if (text.startsWith("- ")) {
      if (BLOCK_START.test(text.slice(2))) return null;
      paragraph = null;
      const item: ListItem = {
        type: "listItem",
        spread: false,
        checked: null,
        children: [
          {
            type: "paragraph",
            children: [],
            position: { start: { line, column: 3, offset: offset + 2 }, end: finish },
          },
        ],
        position: { start, end: finish },
      };
      if (list === null) {
        list = {
          type: "list",
          ordered: false,
          start: null,
          spread: false,
          children: [],
          position: { start, end: finish },
        };
        children.push(list);
      }
      list.children.push(item);
      if (list.position) list.position.end = finish;
      afterItem = true;
      continue;
    }
    if (BLOCK_START.test(text) || afterItem) return null;
    list = null;
    if (paragraph === null) {
      paragraph = { type: "paragraph", children: [], position: { start, end: finish } };
      children.push(paragraph);
    } else if (paragraph.position) paragraph.position.end = finish;
  }
  const last = { line, column: 1, offset: source.length };
  return { type: "root", children, position: { start: { line: 1, column: 1, offset: 0 }, end: last } };
}

const BLANK = /^[ \t]*$/;

/**
 * Lines this scanner leaves to micromark wherever they are: indented (code, or a
 * continuation), ending in a space or tab (where a block's end falls), holding a control
 * character (a tab inside text is fine), or starting with `-` but not as `- text`.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const UNSAFE_LINE = /^[ \t]|[ \t]$|[\u0000-\u0008\u000b-\u001f\u007f]|^-(?! \S)/;

/** `# Title` to `###### Title`, without a closing sequence. */
const ATX_HEADING = /^(#{1,6}) +\S(?:.*[^#\s])?$/;

/**
 * Text that starts a block other than a paragraph, or that a paragraph line would turn
 * into one (a setext underline), as a top-level line or as a bullet's first line.
 */
const BLOCK_START = new RegExp(
  [
    "^[ \\t]", // indentation: code, or a nested block
    "^[*+-](?:[ \\t]|$)", // a bullet
    "^\\d{1,9}[.)](?:[ \\t]|$)", // an ordered item
    "^([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$", // a thematic break
    "^#{1,6}(?:[ \\t]|$)", // a heading (one this scanner did not take)
    "^#", // `#tag`: a paragraph, but rare enough to leave to micromark
    "^>", // a block quote
    "^(?:```|~~~)", // a fence
    // HTML, except a video on a line of its own: a tag other than a block-level one,
    // followed by more than whitespace, starts no HTML block (CommonMark's kind 7).
    "^<(?!video(?:\\s[^<>]*)?></video>$)",
    // A link reference definition, whose label may even run over lines: only a plain
    // `[text](` link may start a line.
    "^\\[(?![^\\[\\]]*\\]\\()",
    "^=+[ \\t]*$", // a setext underline
  ].join("|"),
  "i",
);
