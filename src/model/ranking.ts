import type { PaperEntry } from "../types.ts";

/** Something that can be ranked by votes. */
export interface Rankable {
  readonly id: string;
  readonly votes: number | null;
  /** The day used to break ties (newer first). */
  readonly date: string;
}

/** Ranked items and, separately, those without a vote count (never treated as 0). */
export interface Ranking<T> {
  readonly ranked: readonly T[];
  readonly unvoted: readonly T[];
}

/**
 * Orders by votes descending, then newer day first, then id ascending, so the
 * result does not depend on input order.
 */
export function rankByVotes<T extends Rankable>(items: Iterable<T>): Ranking<T> {
  const ranked: T[] = [];
  const unvoted: T[] = [];
  for (const item of items) (item.votes === null ? unvoted : ranked).push(item);
  ranked.sort(compareRankables);
  unvoted.sort((a, b) => compareRankables({ ...a, votes: 0 }, { ...b, votes: 0 }));
  return { ranked, unvoted };
}

function compareRankables(a: Rankable, b: Rankable): number {
  return (
    (b.votes ?? 0) - (a.votes ?? 0) ||
    (a.date < b.date ? 1 : a.date > b.date ? -1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** Within one day: votes descending, unvoted papers last; ties keep file order. */
export function compareEntriesByVotes(a: PaperEntry, b: PaperEntry): number {
  if (a.votes === null || b.votes === null) return (a.votes === null ? 1 : 0) - (b.votes === null ? 1 : 0);
  return b.votes - a.votes;
}
