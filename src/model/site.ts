import type { DayKey, DayNote, Diagnostic, PaperEntry, PaperId, ParsedFile } from "../types.ts";
import { groupBy } from "./groupBy.ts";
import { compareEntriesByVotes, ranksAbove } from "./ranking.ts";
import { slugify, slugifyUncached } from "./slug.ts";

/** A paper across all its appearances. */
export interface Paper {
  readonly id: PaperId;
  /** Appearances, oldest first. */
  readonly entries: readonly PaperEntry[];
  /** The newest appearance, whose title and summary the paper page shows. */
  readonly latest: PaperEntry;
  /**
   * The best-voted appearance (`ranksAbove`: the later of equals, the latest when none has
   * a count), whose day a ranking shows beside `votes`.
   */
  readonly best: PaperEntry;
  /** The highest vote count over all appearances (`best`'s), or `null` when none has one. */
  readonly votes: number | null;
  /** Front-matter tags plus derived topic tags, in display order. */
  readonly tags: readonly string[];
  /**
   * Authors over all appearances, oldest appearance first, in first-seen order;
   * spellings that share a slug count once (the first one is kept). The paper
   * page, its JSON-LD, feeds and the author pages all use this one list.
   */
  readonly authors: readonly string[];
  /** The slug of each of `authors`, in the same order (slugging every name again was a second of a 10x build). */
  readonly authorSlugs: readonly string[];
}

/** One digest day. */
export interface Day {
  readonly date: DayKey;
  /** The day's papers in vote order (unvoted last, in file order). */
  readonly entries: readonly PaperEntry[];
  /** Published notes: text under the day heading that belongs to no paper. */
  readonly notes: readonly DayNote[];
  /** Front-matter title of the file(s) that made this day, if any. */
  readonly title: string | null;
}

/** A tag (front-matter or taxonomy) and the papers that carry it. */
export interface Tag {
  readonly slug: string;
  /** The spelling shown: the first one met in paper-id order, taxonomy names first. */
  readonly name: string;
  /** Paper ids, newest appearance first, then id ascending. */
  readonly paperIds: readonly PaperId[];
}

/** An author and their papers. Names that share a slug are one author. */
export interface Author {
  readonly slug: string;
  readonly name: string;
  /** Paper ids, newest appearance first, then id ascending. */
  readonly paperIds: readonly PaperId[];
}

/** The whole site, read-only for the renderer. */
export interface Site {
  readonly papers: ReadonlyMap<PaperId, Paper>;
  /** Every paper, newest appearance first (`compareNewest`): sorted once here for feeds and search shards. */
  readonly newest: readonly Paper[];
  /** Newest day first. */
  readonly days: readonly Day[];
  readonly dayByDate: ReadonlyMap<DayKey, Day>;
  /** Every appearance, newest day first then in day order. */
  readonly entries: readonly PaperEntry[];
  /** Tags by slug, largest first, then slug ascending. */
  readonly tags: ReadonlyMap<string, Tag>;
  /**
   * Authors by slug, in the order first met going through `newest` (not sorted: at ten
   * years sorting all 330,000 took half a second, and the few with a page sort apart).
   */
  readonly authors: ReadonlyMap<string, Author>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Decides extra tags for a paper; the taxonomy plugs in here. */
export type TagDeriver = (entries: readonly PaperEntry[]) => readonly string[];

/**
 * Groups parsed files into days and papers. The same paper may appear on
 * several days (sometimes under another title); a paper appearing twice on one
 * day across two files keeps the first and reports the second.
 * @param files parsed files, in any order
 * @param deriveTags adds topic tags to each paper (none by default)
 */
export function buildSite(files: readonly ParsedFile[], deriveTags: TagDeriver = () => []): Site {
  const diagnostics: Diagnostic[] = files.flatMap((file) => file.diagnostics);
  const byDay = new Map<DayKey, { entries: PaperEntry[]; notes: DayNote[]; title: string | null }>();
  const dayOf = (date: DayKey) => {
    let day = byDay.get(date);
    if (!day) {
      day = { entries: [], notes: [], title: null };
      byDay.set(date, day);
    }
    return day;
  };
  const sortedFiles = [...files].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const file of sortedFiles) {
    for (const entry of file.entries) {
      const day = dayOf(entry.date);
      const earlier = day.entries.find((other) => other.id === entry.id);
      if (earlier) {
        diagnostics.push({
          file: entry.source.file,
          line: entry.source.line,
          column: 1,
          severity: "error",
          code: "duplicate-paper",
          message: `Paper ${entry.id} is already listed on ${entry.date} in ${earlier.source.file}:${earlier.source.line}; this entry is skipped.`,
        });
        continue;
      }
      day.entries.push(entry);
      day.title ??= file.title;
    }
    for (const note of file.notes) if (note.date !== null) dayOf(note.date).notes.push(note);
  }
  // A day with notes alone (its papers all skipped, or none written yet) still shows its
  // file's title; a file with papers on that day names it first.
  for (const file of sortedFiles) {
    for (const note of file.notes) if (note.date !== null) dayOf(note.date).title ??= file.title;
  }

  const grouped = groupBy(
    [...byDay.values()].flatMap((day) => day.entries),
    (entry) => entry.id,
  );
  // Tag spellings that share a slug merge; derived (taxonomy) names win over front matter.
  const sortedGroups = [...grouped].sort(([a], [b]) => (a < b ? -1 : 1));
  const tagName = new Map<string, string>();
  const nameTag = (tag: string) => {
    const slug = slugify(tag);
    if (!tagName.has(slug)) tagName.set(slug, tag);
  };
  const derivedTags = sortedGroups.map(([, list]) => {
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const derived = deriveTags(list);
    for (const tag of derived) nameTag(tag);
    return derived;
  });
  for (const [, list] of sortedGroups) for (const entry of list) for (const tag of entry.tags) nameTag(tag);

  const papers = new Map<PaperId, Paper>();
  for (const [index, [id, list]] of sortedGroups.entries()) {
    const tags: string[] = [];
    const addTag = (tag: string) => {
      const name = tagName.get(slugify(tag)) ?? tag;
      if (!tags.includes(name)) tags.push(name);
    };
    const latest = list[list.length - 1] as PaperEntry;
    let best = latest;
    for (const entry of list) {
      for (const tag of entry.tags) addTag(tag);
      if (ranksAbove(entry, best)) best = entry;
    }
    for (const tag of derivedTags[index] ?? []) addTag(tag);
    const { authors, authorSlugs } = unionAuthors(list);
    papers.set(id, {
      id,
      entries: list,
      latest,
      best,
      votes: best.votes,
      tags,
      authors,
      authorSlugs,
    });
  }

  const days: Day[] = [...byDay]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([date, day]) => ({
      date,
      entries: [...day.entries].sort(compareEntriesByVotes),
      notes: day.notes,
      title: day.title,
    }));
  const newest = [...papers.values()].sort(compareNewest);
  return {
    papers,
    newest,
    days,
    dayByDate: new Map(days.map((day) => [day.date, day])),
    entries: days.flatMap((day) => day.entries),
    tags: groupTags(newest),
    authors: groupAuthors(newest),
    diagnostics,
  };
}

/** Newest appearance first, then arXiv id: the order of tag, author and feed lists. */
export function compareNewest(a: Paper, b: Paper): number {
  return a.latest.date < b.latest.date ? 1 : a.latest.date > b.latest.date ? -1 : a.id < b.id ? -1 : 1;
}

/**
 * One tag's or author's papers while they are grouped; it is the `Tag` or `Author` itself.
 * The paper that names the group is private, so the group compares equal to a plain one.
 */
class SlugGroup {
  readonly paperIds: PaperId[];
  #namedBy: PaperId;

  constructor(
    readonly slug: string,
    public name: string,
    paper: PaperId,
  ) {
    this.paperIds = [paper];
    this.#namedBy = paper;
  }

  /** Adds a paper; its spelling names the group when its id is the lowest yet. */
  add(paper: PaperId, name: string): void {
    this.paperIds.push(paper);
    if (paper < this.#namedBy) {
      this.name = name;
      this.#namedBy = paper;
    }
  }
}

/**
 * Groups papers under the slug of each name `namesOf` gives them. A group is named by
 * its spelling on the paper with the lowest id, and lists its papers newest first.
 * @param newest every paper, in `compareNewest` order, which each group's list keeps
 *   (sorting each group instead was half of modelling a 10x archive)
 * @returns the groups by slug, in the order first met (one map: copying the 330,000
 *   author groups of a 10x archive into a second one took 120 ms, issue #5)
 */
function groupBySlug(
  newest: readonly Paper[],
  namesOf: (paper: Paper) => readonly string[],
  slugsOf: (paper: Paper) => readonly string[] = (paper) => namesOf(paper).map(slugify),
): Map<string, SlugGroup> {
  const groups = new Map<string, SlugGroup>();
  for (const paper of newest) {
    const names = namesOf(paper);
    const slugs = slugsOf(paper);
    for (let index = 0; index < names.length; index += 1) {
      const name = names[index] as string;
      const slug = slugs[index] as string;
      const group = groups.get(slug);
      if (group === undefined) groups.set(slug, new SlugGroup(slug, name, paper.id));
      else group.add(paper.id, name);
    }
  }
  return groups;
}

/** Tags, biggest first (then by slug). */
function groupTags(newest: readonly Paper[]): Map<string, Tag> {
  const tags = [...groupBySlug(newest, (paper) => paper.tags).values()];
  tags.sort((a, b) => b.paperIds.length - a.paperIds.length || (a.slug < b.slug ? -1 : 1));
  return new Map(tags.map((tag) => [tag.slug, tag]));
}

/** Authors of every appearance (oldest first), first spelling per slug, with their slugs. */
function unionAuthors(entries: readonly PaperEntry[]): { authors: string[]; authorSlugs: string[] } {
  const seen = new Set<string>();
  const authors: string[] = [];
  const authorSlugs: string[] = [];
  for (const entry of entries) {
    for (const name of entry.authors) {
      const slug = slugifyUncached(name);
      if (seen.has(slug)) continue;
      seen.add(slug);
      authors.push(name);
      authorSlugs.push(slug);
    }
  }
  return { authors, authorSlugs };
}

/** Authors by slug. `paper.authors` is already one name per slug (B6: the paper page shows the same list). */
function groupAuthors(newest: readonly Paper[]): Map<string, Author> {
  return groupBySlug(
    newest,
    (paper) => paper.authors,
    (paper) => paper.authorSlugs,
  );
}
