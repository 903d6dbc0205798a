import type { DayKey, DayNote, Diagnostic, PaperEntry, PaperId, ParsedFile } from "../types.ts";
import { compareEntriesByVotes } from "./ranking.ts";

/** A paper across all its appearances. */
export interface Paper {
  readonly id: PaperId;
  /** Appearances, oldest first. */
  readonly entries: readonly PaperEntry[];
  /** The newest appearance, whose title and summary the paper page shows. */
  readonly latest: PaperEntry;
  /** The highest vote count over all appearances, or `null` when none has one. */
  readonly votes: number | null;
  /** Front-matter tags plus derived topic tags, in display order. */
  readonly tags: readonly string[];
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

/** The whole site, read-only for the renderer. */
export interface Site {
  readonly papers: ReadonlyMap<PaperId, Paper>;
  /** Newest day first. */
  readonly days: readonly Day[];
  readonly dayByDate: ReadonlyMap<DayKey, Day>;
  /** Every appearance, newest day first then in day order. */
  readonly entries: readonly PaperEntry[];
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

  const grouped = new Map<PaperId, PaperEntry[]>();
  for (const [, day] of byDay) {
    for (const entry of day.entries) {
      const list = grouped.get(entry.id) ?? [];
      list.push(entry);
      grouped.set(entry.id, list);
    }
  }
  const papers = new Map<PaperId, Paper>();
  for (const [id, list] of [...grouped].sort(([a], [b]) => (a < b ? -1 : 1))) {
    list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const latest = list[list.length - 1] as PaperEntry;
    const counted = list.map((entry) => entry.votes).filter((votes): votes is number => votes !== null);
    const tags: string[] = [];
    for (const tag of [...list.flatMap((entry) => entry.tags), ...deriveTags(list)]) {
      if (!tags.includes(tag)) tags.push(tag);
    }
    papers.set(id, {
      id,
      entries: list,
      latest,
      votes: counted.length > 0 ? Math.max(...counted) : null,
      tags,
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
  return {
    papers,
    days,
    dayByDate: new Map(days.map((day) => [day.date, day])),
    entries: days.flatMap((day) => day.entries),
    diagnostics,
  };
}
