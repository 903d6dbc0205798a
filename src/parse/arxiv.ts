import type { PaperId } from "../types.ts";

// New-style ids (0704.0001 onwards) and old-style archive/YYMMNNN ids.
const NEW_STYLE = /^((\d{2})(0[1-9]|1[0-2])\.(\d{4,5}))(?:v\d+)?$/;
const OLD_STYLE = /^([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?$/;

/** Returns the versionless id if `candidate` is a well-formed arXiv id, else `null`. */
export function normalizeArxivId(candidate: string): PaperId | null {
  const trimmed = candidate.trim();
  const modern = NEW_STYLE.exec(trimmed);
  if (modern) {
    // Four-digit serials until 2014-12, five from 2015-01 (arXiv identifier scheme).
    const fiveDigits = Number(`${modern[2]}${modern[3]}`) >= 1501;
    return (modern[4]?.length === 5) === fiveDigits ? (modern[1] ?? null) : null;
  }
  return OLD_STYLE.exec(trimmed)?.[1] ?? null;
}

export type ArxivLink =
  | { readonly ok: true; readonly id: PaperId; readonly exact: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads the paper id from a heading link. `exact` is false when the id came from a
 * form we accept with a warning (PDF link, Hugging Face paper page, http, version suffix).
 * @param href the link target as written in the file
 */
export function readArxivLink(href: string): ArxivLink {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return { ok: false, reason: `\`${href}\` is not a URL` };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, reason: `\`${href}\` is not an http(s) link` };
  }
  const host = url.hostname.replace(/^www\./, "");
  let path: string;
  try {
    path = decodeURIComponent(url.pathname).replace(/\/+$/, "");
  } catch {
    // A bad %-escape made decodeURIComponent throw a URIError out of parseDayFile (review finding 5).
    return { ok: false, reason: `\`${href}\` has a malformed %-escape` };
  }
  let raw: string | null = null;
  let exact = url.protocol === "https:" && host === "arxiv.org";
  if (host === "arxiv.org" || host === "export.arxiv.org") {
    const match = /^\/(abs|pdf)\/(.+?)(\.pdf)?$/.exec(path);
    if (match?.[2]) {
      raw = match[2];
      exact &&= match[1] === "abs" && match[3] === undefined;
    }
  } else if (host === "huggingface.co") {
    const match = /^\/papers\/(.+)$/.exec(path);
    raw = match?.[1] ?? null;
    exact = false;
  }
  if (raw === null) {
    return { ok: false, reason: `\`${href}\` is not an arXiv abstract link` };
  }
  const id = normalizeArxivId(raw);
  if (id === null) return { ok: false, reason: `\`${raw}\` is not a valid arXiv id` };
  return { ok: true, id, exact: exact && id === raw };
}

/** The canonical abstract URL for an id. */
export function arxivAbsUrl(id: PaperId): string {
  return `https://arxiv.org/abs/${id}`;
}
