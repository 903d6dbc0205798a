/** A file of the JSON API: one space of indent, so that it stays readable and diffs line by line. */
export function apiJson(value: unknown): string {
  return `${JSON.stringify(value, null, 1)}\n`;
}

/**
 * `apiJson` of a list, made and encoded an item at a time: a year of the JSON API is
 * 11 MB, and as one string it was the top of a cold build's memory at ten years (issue #5).
 * The bytes are the same: an item's lines are the list's, one space further in (JSON
 * strings hold no raw line breaks), and an item with no JSON form is `null`, as in a list.
 * (Only a `toJSON` method would tell: it is given `""` here, not the item's index.)
 */
export function apiJsonList<T>(items: readonly T[], toJson: (item: T) => unknown): Uint8Array {
  if (items.length === 0) return Buffer.from(apiJson([]));
  const chunks = items.map((item, index) =>
    Buffer.from(
      `${index === 0 ? "[\n " : ",\n "}${(JSON.stringify(toJson(item), null, 1) ?? "null").replaceAll("\n", "\n ")}`,
    ),
  );
  chunks.push(Buffer.from("\n]\n"));
  return Buffer.concat(chunks);
}
