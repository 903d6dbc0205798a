import type { Heading, Html, List, ListItem, Paragraph, Root, RootContent } from "mdast";
import type { Node, Point } from "unist";

/**
 * The block structure of a digest file written in the plain shape nearly every file has
 * (ATX headings, paragraphs, `- ` bullets and `<div>` blocks, with nothing indented),
 * found line by line without micromark; null for anything else, which micromark then
 * reads (issue #5: micromark's block pass was most of the time a cold build spent
 * before anything else could start, 2.4 s for a year of files).
 *
 * Only what `parseDayFile` reads is made: each node's type and position, a heading's
 * depth, a list's items and each item's first child, an HTML block's text (not a
 * list's `spread`). A line that could mean anything else to CommonMark (indentation, a
 * quote, a fence, other HTML, a definition, a thematic break, a setext underline, an
 * ordered list or a `*` or `+` bullet, a `#tag`, a NUL, a vertical tab or a form feed)
 * gives up on the whole file. The property test holds the result to micromark's on
 * every file this takes.
 * @param source the file's text with LF line endings and no byte order mark (micromark
 *   skips one and counts its offsets after it, so a file with one is left to it)
 */
export function scanSimpleBlocks(source: string): Root | null {
  if (source.startsWith("\uFEFF")) return null;
  const children: RootContent[] = [];
  let paragraph: Paragraph | null = null;
  let list: List | null = null;
  /** The bullet whose text a paragraph line right under it goes on (CommonMark's lazy continuation). */
  let openItem: ListItem | null = null;
  /** An HTML block, which takes every line up to the next blank one. */
  let html: Html | null = null;
  /** Gives the HTML block its text once its last line is known (once, not per line: a long block would be quadratic). */
  const closeHtml = () => {
    if (html?.position) html.value = source.slice(html.position.start.offset, html.position.end.offset);
    html = null;
  };
  let line = 0;
  let lastLine = "";
  for (let next = 0; next <= source.length; ) {
    line += 1;
    const offset = next;
    const newline = source.indexOf("\n", offset);
    const end = newline < 0 ? source.length : newline;
    next = end + 1;
    const text = source.slice(offset, end);
    lastLine = text;
    const start: Point = { line, column: 1, offset };
    const finish: Point = { line, column: text.length + 1, offset: end };
    if (BLANK.test(text)) {
      paragraph = null;
      openItem = null;
      closeHtml();
      continue;
    }
    if (CONTROL.test(text)) return null;
    if (html !== null) {
      endAt(html, finish);
      continue;
    }
    if (UNSAFE_LINE.test(text)) return null;
    const heading = ATX_HEADING.exec(text);
    if (heading !== null) {
      paragraph = null;
      list = null;
      openItem = null;
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
      endAt(list, finish);
      openItem = item;
      continue;
    }
    if (HTML_BLOCK.test(text)) {
      paragraph = null;
      list = null;
      openItem = null;
      html = { type: "html", value: text, position: { start, end: finish } };
      children.push(html);
      continue;
    }
    if (BLOCK_START.test(text)) return null;
    if (openItem !== null) {
      for (const node of [openItem, openItem.children[0], list]) if (node) endAt(node, finish);
      continue;
    }
    list = null;
    if (paragraph === null) {
      paragraph = { type: "paragraph", children: [], position: { start, end: finish } };
      children.push(paragraph);
    } else endAt(paragraph, finish);
  }
  closeHtml();
  const last = { line, column: lastLine.length + 1, offset: source.length };
  return { type: "root", children, position: { start: { line: 1, column: 1, offset: 0 }, end: last } };
}

/** Moves the end of a node that just took another line. */
function endAt(node: Node, end: Point): void {
  if (node.position) node.position.end = end;
}

const BLANK = /^[ \t]*$/;

/** Three or more of one of `-`, `*` and `_`, spaces between them allowed (the pattern's text). */
const THEMATIC_BREAK = "^([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$";

/**
 * Lines this scanner leaves to micromark wherever they are, even in an HTML block: a NUL
 * (micromark replaces it), a vertical tab or a form feed (whitespace to some of
 * CommonMark's rules).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const CONTROL = /[\u0000\u000b\u000c]/;

/**
 * Lines it leaves to micromark outside an HTML block: indented (code, or a
 * continuation), starting with `-` but not as `- text`, or a thematic break, which
 * `- --` is too. (Trailing spaces are fine: a block read for its structure alone ends
 * at the end of its last line, spaces included, as `finish` does.)
 */
const UNSAFE_LINE = new RegExp(`^[ \\t]|^-(?! \\S)|${THEMATIC_BREAK}`);

/**
 * A `<div>` line starts an HTML block (CommonMark's kind 6), which may interrupt a
 * paragraph and ends before the next blank line; 2023-24 files hold their videos in one.
 */
const HTML_BLOCK = /^<div(?:[ \t>]|\/>|$)/i;

/**
 * `# Title` to `###### Title`, without a closing sequence but for `# #` (an empty
 * heading, as micromark reads it too: the text is read again from the line anyway).
 */
const ATX_HEADING = /^(#{1,6}) +\S(?:.*[^#\s])?[ \t]*$/;

/**
 * Text that starts a block other than a paragraph, or that a paragraph line would turn
 * into one (a setext underline), as a top-level line or as a bullet's first line (which
 * `UNSAFE_LINE` has already kept from starting with a space or tab).
 */
const BLOCK_START = new RegExp(
  [
    "^[*+-](?:[ \\t]|$)", // a bullet
    "^\\d{1,9}[.)](?:[ \\t]|$)", // an ordered item
    THEMATIC_BREAK,
    "^#", // a heading this scanner did not take, or a `#tag` paragraph, rare enough to leave to micromark
    "^>", // a block quote
    "^(?:```|~~~)", // a fence
    // HTML, except a video on a line of its own: a tag other than a block-level one,
    // followed by more than whitespace, starts no HTML block (CommonMark's kind 7).
    "^<(?!video(?:\\s[^<>]*)?></video>$)",
    // A link reference definition, whose label may even run over lines and hold `\\]`:
    // only a plain `[text](` link may start a line.
    "^\\[(?![^\\[\\]\\\\]*\\]\\()",
    "^=+[ \\t]*$", // a setext underline
  ].join("|"),
  "i",
);
