import { closedBidi } from "./bidi.ts";
import { replaceControlCharacters } from "./parse/controlCharacters.ts";

/** The warnings `lineText` gives. */
export type LineTextWarning = "control-character" | "unpaired-surrogate" | "bidi-unclosed";

/** Half of a UTF-16 surrogate pair standing alone: YAML's `"\uD800"` writes one. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

/**
 * A YAML value shown as one line of a page or feed (a front matter's title or tags, site.yaml's
 * title, description, credit and topic names): its control characters shown as U+FFFD and the
 * bidi controls it leaves open closed (see bidi.ts). A content file's raw text is checked for
 * control characters before it is parsed, but YAML's escapes (`"\x01"`) write them after that,
 * and site.yaml is not checked at all. The same escapes write half a surrogate pair (`"\uD800"`),
 * which is no character: JSON parsers reject it (RFC 7493) and XML drops it, so the JSON feed and
 * the API said one thing and the Atom feed another; it is shown as U+FFFD as well.
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
  return closedBidi(surrogatesMended(controls.text, what, warn), what, (message) => warn("bidi-unclosed", message));
}

/** `text` with each unpaired surrogate shown as U+FFFD, and a warning naming the first. */
function surrogatesMended(text: string, what: string, warn: (code: LineTextWarning, message: string) => void): string {
  if (text.isWellFormed()) return text;
  const lone = UNPAIRED_SURROGATE.exec(text)?.[0] ?? "";
  const codePoint = `U+${(lone.codePointAt(0) ?? 0xfffd).toString(16).toUpperCase()}`;
  warn(
    "unpaired-surrogate",
    `${what} holds ${codePoint}, half of a UTF-16 surrogate pair with no other half, which is no character and which no JSON file may hold; it is shown as \uFFFD. Write the character itself (in YAML, an escape such as \`"\\uD83D"\` alone writes half of one).`,
  );
  return text.toWellFormed();
}
