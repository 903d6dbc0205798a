import type { Paper } from "../model/index.ts";
import { arxivAbsUrl } from "../parse/arxiv.ts";
import type { PaperId } from "../types.ts";
import { paperSlug } from "./paths.ts";

/**
 * Escapes text for a BibTeX field read by LaTeX (review finding B3). Outside math,
 * `& % # _ $` get a backslash, `\`, `~` and `^` become text commands, and braces stay
 * only when they balance (BibTeX counts `\{` as a brace too, so unbalanced ones become
 * `\textbraceleft{}`). `$...$` stays math when the dollars pair up and the braces
 * inside balance; otherwise every `$` is escaped.
 * @param text a title or author name
 */
export function escapeBibtex(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const parts = clean.split("$");
  const mathOk =
    parts.length > 1 &&
    parts.length % 2 === 1 &&
    parts.every((part, index) => index % 2 === 0 || (part.trim() !== "" && bracesBalance(part)));
  if (!mathOk) return escapeBibtexText(clean);
  return parts
    .map((part, index) => (index % 2 === 0 ? escapeBibtexText(part) : `$${part.replace(/([&%#])/g, "\\$1")}$`))
    .join("");
}

function bracesBalance(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (char === "{") depth++;
    else if (char === "}" && --depth < 0) return false;
  }
  return depth === 0;
}

function escapeBibtexText(text: string): string {
  const keepBraces = bracesBalance(text);
  return text.replace(/[\\&%#_$~^{}]/g, (char) => {
    switch (char) {
      case "\\":
        return "\\textbackslash{}";
      case "~":
        return "\\textasciitilde{}";
      case "^":
        return "\\textasciicircum{}";
      case "{":
        return keepBraces ? "{" : "\\textbraceleft{}";
      case "}":
        return keepBraces ? "}" : "\\textbraceright{}";
      default:
        return `\\${char}`;
    }
  });
}

/**
 * The year of an arXiv paper from its id (review finding B4): new-style `YYMM.NNNNN`
 * ids are 20YY; old-style `archive/YYMMNNN` ids are 19YY from 91 on, else 20YY.
 * @param id the arXiv id, without version
 * @param fallback used when the id has neither form, e.g. the first appearance's year
 */
export function arxivYear(id: PaperId, fallback: string): string {
  const modern = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id);
  if (modern) return `20${modern[1]}`;
  const old = /\/(\d{2})\d{5}$/.exec(id);
  if (old) return `${Number(old[1]) >= 91 ? "19" : "20"}${old[1]}`;
  return fallback;
}

/**
 * A BibTeX `@misc` entry in arXiv's style. The key is the first author's ASCII
 * surname, the year and the id (its `/` as `_`), so two papers never share a key.
 * Authors are every author over all appearances, joined with ` and `; a name that
 * holds a comma or the word "and" is braced so BibTeX keeps it whole.
 */
export function toBibtex(paper: Paper): string {
  const entry = paper.latest;
  const year = arxivYear(paper.id, (paper.entries[0] ?? entry).date.slice(0, 4));
  const surname = (paper.authors[0] ?? "").trim().split(/\s+/).pop() ?? "";
  const asciiSurname = surname
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
  const key = `${asciiSurname || "arxiv"}${year}_${paperSlug(paper.id).replace(/[^\w.-]/g, "")}`;
  const author = (name: string) => {
    const escaped = escapeBibtex(name);
    return /,|\band\b/i.test(name) ? `{${escaped}}` : escaped;
  };
  const lines = [
    `@misc{${key},`,
    `  title = {{${escapeBibtex(entry.title)}}},`,
    paper.authors.length > 0 ? `  author = {${paper.authors.map(author).join(" and ")}},` : null,
    `  year = {${year}},`,
    `  eprint = {${paper.id}},`,
    "  archivePrefix = {arXiv},",
    `  url = {${arxivAbsUrl(paper.id)}},`,
    "}",
  ];
  return lines.filter((line) => line !== null).join("\n");
}
