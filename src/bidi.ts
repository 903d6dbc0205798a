/**
 * Bidirectional formatting characters left open in one line of text. A title with a
 * right-to-left override (U+202E) that it never closes reverses everything shown after it
 * on the same line: the site's name in the browser tab's `<title>`, the date and votes of a
 * row, the rest of a feed reader's list entry ("Trojan Source"). Closing what the text
 * opens, at its end, keeps every character the file has and leaves the text itself shown
 * as the file meant, while what follows it reads as written.
 */

const EMBEDDINGS = new Set(["\u202A", "\u202B", "\u202D", "\u202E"]); // LRE, RLE, LRO, RLO
const ISOLATES = new Set(["\u2066", "\u2067", "\u2068"]); // LRI, RLI, FSI
const POP_EMBEDDING = "\u202C"; // PDF
const POP_ISOLATE = "\u2069"; // PDI
const ANY_BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

/**
 * `text` with a closing character appended for each embedding, override or isolate it
 * leaves open, matched as Unicode's bidi algorithm (UAX #9) matches them; `closed` counts them.
 */
export function closeBidiControls(text: string): { text: string; closed: number } {
  if (!ANY_BIDI_CONTROL.test(text)) return { text, closed: 0 };
  const open: string[] = [];
  for (const character of text) {
    if (EMBEDDINGS.has(character)) open.push(POP_EMBEDDING);
    else if (ISOLATES.has(character)) open.push(POP_ISOLATE);
    // A PDF closes the last embedding, but never one opened outside the isolate it is in.
    else if (character === POP_EMBEDDING && open.at(-1) === POP_EMBEDDING) open.pop();
    // A PDI closes the last open isolate and every embedding opened inside it.
    else if (character === POP_ISOLATE && open.includes(POP_ISOLATE)) open.length = open.lastIndexOf(POP_ISOLATE);
  }
  return { text: text + open.reverse().join(""), closed: open.length };
}

/**
 * `text` closed as `closeBidiControls` closes it; `warn` gets the `bidi-unclosed`
 * warning's message when it had anything open.
 * @param what the text, as the warning's subject (`The title of 2501.00001`)
 */
export function closedBidi(text: string, what: string, warn: (message: string) => void): string {
  const result = closeBidiControls(text);
  if (result.closed > 0)
    warn(
      `${what} opens ${result.closed} right-to-left or left-to-right control(s) it never closes, which would reverse the text shown after it; they are closed at its end. Close each one (U+202C for an embedding or override, U+2069 for an isolate) or delete it.`,
    );
  return result.text;
}
