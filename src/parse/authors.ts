import { withoutZeroWidth } from "./controlCharacters.ts";
import { readPythonStringList } from "./pythonList.ts";

/**
 * Splits an `Authors:` value into clean names. Accepts a comma list
 * (`A, B and C`) or a Python-style list (`['A', 'B', 'and C']`). Drops the `+`
 * placeholder Hugging Face puts where it elides names, `et al.` (which would get an
 * author page of its own), and duplicates.
 */
export function parseAuthors(value: string): string[] {
  const listed = readPythonStringList(value);
  const parts = listed ?? splitCommaList(value);
  const names: string[] = [];
  for (const part of parts) {
    // Zero-width characters pasted with a name would make it a second author.
    const name = withoutZeroWidth(part.normalize("NFC"))
      .replace(/^\s*(?:and|&)\s+/i, "")
      .replace(/\s+/g, " ")
      .replace(/(?:^|\s)et\.? al\.?\s*$/i, "")
      .trim();
    if (name === "" || /^[+…]+$|^\.{3}$/.test(name)) continue;
    // `John Smith, Jr.` is one author: a suffix alone would be an author page of its own.
    if (SUFFIX.test(name) && names.length > 0) {
      names[names.length - 1] = `${names[names.length - 1]}, ${name}`;
      continue;
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

const SUFFIX = /^(?:Jr|Sr|II|III|IV)\.?$/i;

/** A semicolon that separates names, not one that ends an HTML entity (`Ren&eacute;`). */
const NAME_SEMICOLON = /(?<!&#?[a-z0-9]+);/i;
const NAME_SEPARATOR = new RegExp(`,|${NAME_SEMICOLON.source}`, "i");

/**
 * Names split at commas and semicolons, or at the semicolons alone when every name between
 * them is written `Last, First` (`Kim, Alice; Lee, Bob`).
 */
function splitCommaList(value: string): string[] {
  const bySemicolon = value.split(NAME_SEMICOLON);
  const lastFirst = bySemicolon.length > 1 && bySemicolon.every((part) => part.split(",").length === 2);
  return (lastFirst ? bySemicolon : value.split(NAME_SEPARATOR))
    .flatMap((part) => part.split(/\s+and\s+/i))
    .map((part) => part.trim());
}
