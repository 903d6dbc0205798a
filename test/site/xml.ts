/**
 * A small strict XML well-formedness check: balanced, properly nested tags,
 * quoted attributes, known entities only, one root element.
 * @returns problems found (empty when well-formed)
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const text = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let roots = 0;
  const token =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  for (const match of text.matchAll(token)) {
    const [whole, close, name, , selfClose] = match;
    if (whole === "<")
      problems.push(`stray or malformed tag at ${match.index}: ${text.slice(match.index, match.index + 40)}`);
    else if (whole.startsWith("&")) problems.push(`unescaped & at ${match.index}`);
    else if (name === undefined) continue;
    else if (close) {
      if (stack.pop() !== name) problems.push(`</${name}> does not close the open element`);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(", ")}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}
