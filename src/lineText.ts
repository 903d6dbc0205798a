import { closedBidi } from "./bidi.ts";
import { replaceControlCharacters } from "./parse/controlCharacters.ts";

/** The warnings `lineText` gives. */
export type LineTextWarning = "control-character" | "bidi-unclosed";

/**
 * A YAML value shown as one line of a page or feed (a front matter's title or tags, site.yaml's
 * title, description, credit and topic names): its control characters shown as U+FFFD and the
 * bidi controls it leaves open closed (see bidi.ts). A content file's raw text is checked for
 * control characters before it is parsed, but YAML's escapes (`"\x01"`) write them after that,
 * and site.yaml is not checked at all.
 * @param what the text, as a warning's subject (`` `title` in site.yaml ``)
 * @param warn gets each warning's code and message
 */
export function lineText(text: string, what: string, warn: (code: LineTextWarning, message: string) => void): string {
  const controls = replaceControlCharacters(text);
  const first = controls.found[0];
  if (first !== undefined)
    warn(
      "control-character",
      `${what} holds control character ${first.codePoint}, which no web page or feed may hold; it is shown as \uFFFD. Delete it (in YAML, an escape such as \`"\\x01"\` writes one).`,
    );
  return closedBidi(controls.text, what, (message) => warn("bidi-unclosed", message));
}
