/**
 * Control characters in content (a real 2024 file has a backspace where a `\b` escape was
 * meant). HTML and XML forbid them in text, so they must not reach a page or feed; each
 * becomes U+FFFD, as markdown does with NUL, so the reader sees that something was there
 * and every later column stays where it was.
 */

// C0 controls but tab, line feed and carriage return; DEL; C1 controls.
const CONTROL = /(?![\t\n\r])\p{Cc}/gu;
const HAS_CONTROL = /(?![\t\n\r])\p{Cc}/u;
const LINE_END = /\r\n?|\n/g;

/** The first control character of a line. */
export interface ControlCharacter {
  readonly line: number;
  readonly column: number;
  /** `U+0008` */
  readonly codePoint: string;
  /** How many the line has. */
  readonly count: number;
}

/** `text` with its control characters replaced by U+FFFD, and where they were (one per line). */
export function replaceControlCharacters(text: string): { text: string; found: readonly ControlCharacter[] } {
  if (!HAS_CONTROL.test(text)) return { text, found: [] };
  const lineStarts = [0];
  for (const end of text.matchAll(LINE_END)) lineStarts.push(end.index + end[0].length);
  const byLine = new Map<number, { column: number; codePoint: string; count: number }>();
  let line = 0;
  for (const match of text.matchAll(CONTROL)) {
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] as number) <= match.index) line += 1;
    const seen = byLine.get(line);
    if (seen) seen.count += 1;
    else
      byLine.set(line, {
        column: match.index - (lineStarts[line] as number) + 1,
        codePoint: `U+${(match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0")}`,
        count: 1,
      });
  }
  return {
    text: text.replace(CONTROL, "\uFFFD"),
    found: [...byLine].map(([index, seen]) => ({ line: index + 1, ...seen })),
  };
}

/** Zero-width characters: invisible, pasted along with a name or a label, and never meant. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/** `text` without zero-width characters, for text that is compared or used as a name. */
export function withoutZeroWidth(text: string): string {
  return text.replace(ZERO_WIDTH, "");
}
