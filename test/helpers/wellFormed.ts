/**
 * The strings of a JSON document that hold half a surrogate pair, which strict JSON
 * parsers reject even when escaped (`\udc00`; RFC 7493), though JavaScript's accepts it.
 */
export function halfPairsIn(json: string): string[] {
  const found: string[] = [];
  JSON.parse(json, (_key, value: unknown) => {
    if (typeof value === "string" && !value.isWellFormed()) found.push(value);
    return value;
  });
  return found;
}
