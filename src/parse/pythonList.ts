// One Python string literal: '...' or "..." with backslash escapes.
const LITERAL = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*/y;

/**
 * Reads a Python list of string literals such as `['a', "b"]`, which some
 * generator versions wrote instead of prose. Returns `null` for anything else,
 * so callers keep the text as written.
 */
export function readPythonStringList(text: string): string[] | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith("[") || !trimmed.endsWith("]")) return null;
  const body = trimmed.slice(1, -1);
  if (body.trim() === "") return [];
  const items: string[] = [];
  let index = 0;
  while (index < body.length) {
    LITERAL.lastIndex = index;
    const match = LITERAL.exec(body);
    if (!match) return null;
    items.push(unescapePython(match[1] ?? match[2] ?? ""));
    index = LITERAL.lastIndex;
    if (index === body.length) break;
    if (body[index] !== ",") return null;
    index += 1;
    if (body.slice(index).trim() === "") break;
  }
  return items;
}

function unescapePython(text: string): string {
  return text.replace(/\\(.)/g, (_, char: string) => (char === "n" ? "\n" : char === "t" ? "\t" : char));
}
