import type { SiteConfig } from "../../config.ts";
import { getOrMake } from "../../getOrMake.ts";
import type { Paper } from "../../model/index.ts";
import { slugify } from "../../model/slug.ts";
import type { PaperEntry } from "../../types.ts";
import { encodePath, paths } from "../paths.ts";
import { titleLangAttribute } from "../text.ts";

// Links and the compact paper rows every list shows, shared by all views.

/** Builds links under the site's base path. */
export interface Linker {
  /** Site-relative path to a link under the base path, e.g. `/repo/days/2025-02-11/`. */
  href(path: string): string;
  /** Absolute URL when `siteUrl` is set, else the same as `href`. */
  absolute(path: string): string;
}

export function makeLinker(config: SiteConfig): Linker {
  const href = (path: string) => `${config.basePath}${encodePath(path)}`;
  return { href, absolute: (path) => `${config.siteUrl}${href(path)}` };
}

/** The id of a paper's entry on a page that lists summaries (a day page, the home page). */
export function paperAnchor(id: string): string {
  return `paper-${id}`;
}

/** Where `entry` is on its day's page: the reader lands on the paper, not the day's top. */
export function dayEntryHref(link: Linker, entry: { readonly date: string; readonly id: string }): string {
  return `${link.href(paths.day(entry.date))}#${paperAnchor(entry.id)}`;
}

/** A name and where it links to. */
export interface NamedLink {
  readonly name: string;
  readonly href: string;
}
/** A compact paper line for lists, rankings and tag pages. */
export interface PaperRowView {
  readonly id: string;
  readonly title: string;
  /** ` lang="en"` for an English title, else "" (see `titleLangAttribute`), written as it is. */
  readonly titleLangAttr: string;
  readonly href: string;
  readonly votes: number | null;
  /** The appearance shown: newest, or the one inside a ranking's period. */
  readonly date: string;
  readonly dayHref: string;
  readonly authors: string;
  readonly tags: readonly NamedLink[];
}

function shortAuthors(authors: readonly string[]): string {
  return authors.length > 3 ? `${authors.slice(0, 3).join(", ")} 외 ${authors.length - 3}명` : authors.join(", ");
}

/** Which appearance a row shows and the vote count it was ranked by. */
export interface RowShown {
  readonly entry: PaperEntry;
  readonly votes: number | null;
}

/**
 * A compact line for one paper.
 * @param paper the paper
 * @param link builds links under the base path
 * @param shown the appearance whose date is shown and the votes to display. A row
 *   must show the votes it was ranked by: a period ranking passes the appearance's
 *   own count, an all-time or tag list the paper's best (review finding B1).
 *   Default: the newest appearance with the paper's best count.
 */
export function toPaperRow(
  paper: Paper,
  link: Linker,
  shown: RowShown = { entry: paper.latest, votes: paper.votes },
): PaperRowView {
  const { entry, votes } = shown;
  const base = rowBase(paper, link);
  return {
    id: base.id,
    title: base.title,
    titleLangAttr: base.titleLangAttr,
    href: base.href,
    votes,
    date: entry.date,
    dayHref: dayEntryHref(link, entry),
    authors: base.authors,
    tags: base.tags,
  };
}

/** What every row of a paper shows, whichever appearance and count it shows. */
type RowBase = Pick<PaperRowView, "id" | "title" | "titleLangAttr" | "href" | "authors" | "tags">;

/**
 * Per linker (one per render), what rows and entries share: each paper's `RowBase` and
 * each tag's link. A paper is a row on its tag, author and ranking pages and beside up to
 * six related papers, so building these once was a twentieth of a cold build at 10x (issue #5).
 */
const linkerMemos = new WeakMap<Linker, { rows: WeakMap<Paper, RowBase>; tags: Map<string, NamedLink> }>();

const memoOf = (link: Linker) => getOrMake(linkerMemos, link, () => ({ rows: new WeakMap(), tags: new Map() }));

function rowBase(paper: Paper, link: Linker): RowBase {
  return getOrMake(memoOf(link).rows, paper, () => ({
    id: paper.id,
    title: paper.latest.title,
    titleLangAttr: titleLangAttribute(paper.latest.title),
    href: link.href(paths.paper(paper.id)),
    authors: shortAuthors(paper.authors),
    tags: paper.tags.map((name) => tagLink(name, link)),
  }));
}

/** The link to a tag's page, by tag name. */
export function tagLink(name: string, link: Linker): NamedLink {
  return getOrMake(memoOf(link).tags, name, () => ({ name, href: link.href(paths.tag(slugify(name))) }));
}
