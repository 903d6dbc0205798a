import type { PaperEntry } from "../types.ts";

/** Something that can be ranked by votes. */
export interface Rankable {
  readonly id: string;
  readonly votes: number | null;
  /** The day used to break ties (newer first). */
  readonly date: string;
}

/** The best-ranked items and, separately, those without a vote count (never treated as 0). */
export interface Ranking<T> {
  /** Best first, at most the limit asked for. */
  readonly ranked: readonly T[];
  /** Newer day first, then id ascending; at most the limit asked for. */
  readonly unvoted: readonly T[];
  /** How many ranked and unvoted items the limit left off. */
  readonly moreRanked: number;
  readonly moreUnvoted: number;
}

/**
 * Orders by votes descending, then newer day first, then id ascending, so the
 * result does not depend on input order.
 * @param limit how many of each list to keep, a whole number (default: all). Only they
 *   are put in order: a ranking page shows the best hundred of up to 54,000 papers, and
 *   sorting them all was most of making the ranking and tag pages of a ten-year archive
 *   (issue #5). Items with equal votes, day and id keep their input order.
 * @throws RangeError for a negative or fractional limit
 */
export function rankByVotes<T extends Rankable>(items: Iterable<T>, limit = Number.POSITIVE_INFINITY): Ranking<T> {
  if (!(Number.isInteger(limit) && limit >= 0) && limit !== Number.POSITIVE_INFINITY)
    throw new RangeError(`Internal error: a ranking's limit must be a whole number of items, not ${limit}.`);
  const ranked: T[] = [];
  const unvoted: T[] = [];
  for (const item of items) (item.votes === null ? unvoted : ranked).push(item);
  return {
    ranked: best(ranked, limit, compareRankables),
    unvoted: best(unvoted, limit, compareUnvoted),
    moreRanked: Math.max(0, ranked.length - limit),
    moreUnvoted: Math.max(0, unvoted.length - limit),
  };
}

/**
 * The first `limit` of `items` in `compare` order, as a stable sort and a slice would
 * give them. Each item is checked against the worst kept so far and most go no further,
 * so this takes about one comparison an item, where sorting takes log₂ n of them.
 */
function best<T>(items: T[], limit: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= limit) return items.sort(compare);
  const kept: T[] = [];
  if (limit === 0) return kept;
  for (const item of items) {
    if (kept.length === limit && compare(item, kept[limit - 1] as T) >= 0) continue;
    // After every kept item that is not worse, as a stable sort would place it.
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(item, kept[middle] as T) < 0) high = middle;
      else low = middle + 1;
    }
    kept.splice(low, 0, item);
    if (kept.length > limit) kept.pop();
  }
  return kept;
}

function compareRankables(a: Rankable, b: Rankable): number {
  return (b.votes ?? 0) - (a.votes ?? 0) || compareUnvoted(a, b);
}

function compareUnvoted(a: Rankable, b: Rankable): number {
  return (a.date < b.date ? 1 : a.date > b.date ? -1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Whether one appearance of a paper ranks it above another: more votes (a count above
 * none), then the later day. A paper's best appearance is the one no other ranks above.
 */
export function ranksAbove(entry: PaperEntry, other: PaperEntry): boolean {
  const votes = entry.votes ?? -1;
  const otherVotes = other.votes ?? -1;
  return votes > otherVotes || (votes === otherVotes && entry.date > other.date);
}

/** Within one day: votes descending, unvoted papers last; ties keep file order. */
export function compareEntriesByVotes(a: PaperEntry, b: PaperEntry): number {
  if (a.votes === null || b.votes === null) return (a.votes === null ? 1 : 0) - (b.votes === null ? 1 : 0);
  return b.votes - a.votes;
}
