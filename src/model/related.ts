import { hash } from "node:crypto";
import { getOrMake } from "../getOrMake.ts";
import type { DayKey, PaperId } from "../types.ts";
import { dayNumber } from "./periods.ts";
import { compareNewest, type Paper, type Site, type Tag } from "./site.ts";

/**
 * Related lists kept from one build to the next, by window and query (`relatedPapers`).
 * The window's key names every paper of the window ending on a day, with its day and tags;
 * the query, the tags and count asked for. So a kept list is always the list.
 */
export interface RelatedMemo {
  get(window: string, query: string): readonly PaperId[] | undefined;
  set(window: string, query: string, ids: readonly PaperId[]): void;
  /**
   * Keeps every list of the last build under `window`, asked for or not: the lists of a
   * day whose pages were kept without asking (`keepRelatedLists`).
   */
  keepWindow(window: string): void;
}

/**
 * Per site, numbered for speed: papers in `Site.newest` order, each tag's members as
 * their positions there (so newest first, as `Tag.paperIds`) and each paper's tags as
 * indexes. Built only when a list is not kept (`RelatedMemo`).
 */
interface RelatedIndex {
  readonly papers: readonly Paper[];
  readonly tags: readonly Tag[];
  /** Tag index by display name: paper tags use it (buildSite merges spellings). */
  readonly tagIndex: ReadonlyMap<string, number>;
  readonly members: readonly Int32Array[];
  /**
   * Each paper's tags, all in one array: paper `at`'s are from `tagStart[at]` up to
   * `tagStart[at + 1]` (one array, not one per paper: the loop that reads them runs some
   * ten million times in a cold build at ten years, issue #5).
   */
  readonly tagList: Int32Array;
  readonly tagStart: Int32Array;
  /** Each paper's newest appearance as a day number, to find the papers of a window. */
  readonly dayOf: Float64Array;
  /** Scratch, one slot per paper: the query stamp that last met it. */
  readonly seen: Uint32Array;
  /** Scratch, one slot per tag: its bit in the current query, or -1. */
  readonly bit: Int32Array;
  /** Scratch, one slot per mask of a query's tags: its score, valid where `scoreStamps` holds the query's stamp. */
  readonly scores: Float64Array;
  readonly scoreStamps: Uint32Array;
  stamp: number;
}

/** Per site: the related lists so far and the keys they are found by. */
interface RelatedState {
  /** Lists already worked out or found kept, by `relatedPapers`' key. */
  readonly lists: Map<string, readonly Paper[]>;
  /** Per day number: the hash of the papers whose newest appearance is that day, with their tags. */
  readonly dayDigests: ReadonlyMap<number, string>;
  /** Per day: the hash of the window around it (`windowKey`). */
  readonly windowKeys: Map<DayKey, string>;
  /** Built on first need. */
  index?: RelatedIndex;
}

const relatedStates = new WeakMap<Site, RelatedState>();

function relatedStateOf(site: Site): RelatedState {
  return getOrMake(relatedStates, site, () => ({
    lists: new Map(),
    dayDigests: dayDigestsOf(site),
    windowKeys: new Map(),
  }));
}

/**
 * One pass over `Site.newest`, whose order is every tag's member order: at ten years
 * about 20 ms, where looking each tag's paper ids up in a map of every paper took 94 ms
 * of adding a day that needed 15 lists (issue #5).
 */
function relatedIndexOf(site: Site): RelatedIndex {
  const papers = site.newest;
  const tags = [...site.tags.values()];
  const tagIndex = new Map(tags.map((tag, i) => [tag.name, i]));
  const members: number[][] = tags.map(() => []);
  const dayOf = new Float64Array(papers.length);
  let date = "";
  let day = 0;
  const tagList: number[] = [];
  const tagStart = new Int32Array(papers.length + 1);
  for (const [at, paper] of papers.entries()) {
    // Papers of one day are neighbours here: parse each date once.
    if (paper.latest.date !== date) {
      date = paper.latest.date;
      day = dayNumber(date);
    }
    dayOf[at] = day;
    for (const i of tagIndexes(tagIndex, paper)) {
      (members[i] as number[]).push(at);
      tagList.push(i);
    }
    tagStart[at + 1] = tagList.length;
  }
  return {
    papers,
    tags,
    tagIndex,
    members: members.map((list) => Int32Array.from(list)),
    tagList: Int32Array.from(tagList),
    tagStart,
    dayOf,
    seen: new Uint32Array(papers.length),
    bit: new Int32Array(tags.length).fill(-1),
    scores: new Float64Array(1 << RELATED_MAX_TAGS),
    scoreStamps: new Uint32Array(1 << RELATED_MAX_TAGS),
    stamp: 0,
  };
}

/** The indexes of `paper`'s tags. */
function tagIndexes(tagIndex: ReadonlyMap<string, number>, paper: Paper): number[] {
  return paper.tags.map((name) => tagIndex.get(name)).filter((i): i is number => i !== undefined);
}

/** `RelatedState.dayDigests`: each paper's id and tags, hashed per day of its newest appearance. */
function dayDigestsOf(site: Site): Map<number, string> {
  const digests = new Map<number, string>();
  // `Site.newest` holds each day's papers together.
  let date = "";
  let text = "";
  const flush = () => {
    if (text !== "") digests.set(dayNumber(date), hash("sha1", text, "base64url"));
  };
  for (const paper of site.newest) {
    if (paper.latest.date !== date) {
      flush();
      date = paper.latest.date;
      text = "";
    }
    // Each string after its length: a tag may hold any character, so plain separators could
    // make two days hash alike (JSON did the same at twice the cost).
    text += `${paper.id.length}:${paper.id}${paper.tags.length};`;
    for (const tag of paper.tags) text += `${tag.length}:${tag}`;
  }
  flush();
  return digests;
}

/** The hash of every paper that can be related to one of `date` (see `RELATED_WINDOW_DAYS`), with its day and tags. */
function windowKey(state: RelatedState, date: DayKey): string {
  return getOrMake(state.windowKeys, date, () => {
    const { from, to } = relatedWindow(date);
    let text = `${dayNumber(date)}`;
    for (let other = from; other <= to; other++) text += ` ${state.dayDigests.get(other) ?? ""}`;
    return hash("sha1", text, "base64url");
  });
}

/**
 * Papers from the day of `paper`'s newest appearance and the 60 days before it
 * (`relatedWindow`) that share tags with it, best first. Each shared tag adds
 * 1 / ln(1 + its paper count in that window), so a shared tag rare at the time outweighs
 * a common one; ties go to the paper whose newest appearance is nearest in time, then
 * the lower id.
 *
 * Earlier papers only: a paper's list, and so its page, stays as it was published when
 * later days are added (issue #5: adding a day touches that day's papers and no other
 * paper page), unless a new day shows an older paper again, which then leaves the lists
 * of the 60 days after its older day. With 30 days either side, adding a day re-rendered
 * the pages of the 30 days before it whose lists the new papers joined: 108 of them at
 * one year, 0.16 s of adding a day. A reader of the newest day, the digest's daily
 * reader, sees more candidates than before, since that day had no later papers anyway.
 *
 * Everything a list depends on lies in the window, the weights too, so a list is kept
 * in `memo` under the window's hash: adding a day works out the lists of its own papers
 * (and of the 60 days after any older appearance of its papers, or all of them when a
 * tag's spelling changes), where working out all was 1.3 s of adding a day at ten years.
 * Papers with the same tags and day get the same list (less themselves), so it is worked
 * out once for them and kept for the life of `site`.
 * @param site the site model
 * @param paper the paper whose page shows the list; never part of it
 * @param count at most this many papers
 * @param memo lists of an earlier build, and where this one's go
 */
export function relatedPapers(site: Site, paper: Paper, count: number, memo?: RelatedMemo): Paper[] {
  const state = relatedStateOf(site);
  const window = windowKey(state, paper.latest.date);
  const query = `${count}\0${[...paper.tags].sort().join("\0")}`;
  const key = `${window}\0${query}`;
  let top = state.lists.get(key);
  if (!top) {
    const kept = memo?.get(window, query)?.map((id) => site.papers.get(id));
    if (kept?.every((other) => other !== undefined)) top = kept as Paper[];
    else {
      state.index ??= relatedIndexOf(site);
      const { index } = state;
      // One more than asked for: the list is shared by the papers of these tags and day, and
      // each of them drops itself from it.
      top = topRelated(index, tagIndexes(index.tagIndex, paper), relatedWindow(paper.latest.date), count + 1);
      memo?.set(
        window,
        query,
        top.map((other) => other.id),
      );
    }
    state.lists.set(key, top);
  }
  return top.filter((other) => other.id !== paper.id).slice(0, count);
}

/**
 * Keeps the related lists of the papers whose newest appearance is `date` for the next
 * build without working them out or looking them up: their pages were kept whole
 * (`keptPaperDays`), and a later build that does ask finds them. Their window's key is
 * the last build's whenever their pages were kept: the pages' key holds every paper of
 * the window with its tags, which is all the window's key holds. Were it not, the lists
 * would only be worked out again.
 */
export function keepRelatedLists(site: Site, date: DayKey, memo: RelatedMemo): void {
  memo.keepWindow(windowKey(relatedStateOf(site), date));
}

/**
 * The days, as day numbers, whose papers can be in the related list of a paper whose
 * newest appearance is `date` (that day and the `RELATED_WINDOW_DAYS` before it):
 * everything such a list is worked out from.
 */
export function relatedWindow(date: DayKey): DayWindow {
  const day = dayNumber(date);
  return { from: day - RELATED_WINDOW_DAYS, to: day };
}

/** First and last day numbers of a window, both in it. */
interface DayWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * Related papers come from this many days before the paper's day, and from that day.
 * Nearer papers win ties anyway, and without a window each query read every paper of
 * each shared tag but the last: 0.64 s for the 6,800 papers of a year, growing with the
 * square of the archive. 60 keeps the 61 days the window had when it reached 30 days
 * either side.
 */
const RELATED_WINDOW_DAYS = 60;

/**
 * At most this many of a paper's tags (the rarest) count towards relatedness: a paper's
 * shared tags are a bit mask, and each mask's score is kept in a table of 2^16 slots.
 */
const RELATED_MAX_TAGS = 16;

/**
 * The `want` best papers sharing any of the tags `query`, scored as `relatedPapers` says.
 * Tags are read rarest first, each whole, and a paper is scored exactly the first
 * time it is met. Reading stops once the `want`-th best score beats the most an unmet
 * paper could still get (the weights of the tags not yet read). From the last tag it
 * reads only until `want` unmet papers are found, newest first: those share that tag
 * alone, so they tie on score, and the newest of them is the nearest to the window's last day.
 */
function topRelated(index: RelatedIndex, query: ArrayLike<number>, window: DayWindow, want: number): Paper[] {
  const { seen, bit, dayOf, scores, scoreStamps, tagList, tagStart } = index;
  const order = [...new Set(Array.from(query))]
    .map((i) => {
      const tag = index.tags[i] as Tag;
      const members = index.members[i] as Int32Array;
      // Only the tag's papers within the window: they are sorted by day, newest first.
      const from = firstOnOrBefore(members, dayOf, window.to);
      const to = firstOnOrBefore(members, dayOf, window.from - 1);
      return { i, tag, members, from, to, weight: 1 / Math.log(1 + (to - from)) };
    })
    .sort((a, b) => b.weight - a.weight || (a.tag.slug < b.tag.slug ? -1 : 1))
    .slice(0, RELATED_MAX_TAGS);
  const stamp = ++index.stamp;
  // A score is the sum of the shared tags' weights, always added in `order`: equal
  // overlaps give equal floats, and no subset can sum above the whole (rounding is monotone).
  // A table, not a map: this runs for every member read (issue #5).
  const scoreOf = (mask: number) => {
    if (scoreStamps[mask] !== stamp) {
      let score = 0;
      for (const [position, { weight }] of order.entries()) if (mask & (1 << position)) score += weight;
      scores[mask] = score;
      scoreStamps[mask] = stamp;
    }
    return scores[mask] as number;
  };
  type Scored = { paper: Paper; score: number };
  const best: Scored[] = [];
  // Every paper of the window is on or before its last day, so the newest is the nearest. Ties go
  // in the order a tag's members are read in, which the early stop below relies on.
  const before = (a: Scored, b: Scored) =>
    a.score !== b.score ? a.score > b.score : compareNewest(a.paper, b.paper) < 0;
  const offer = (candidate: Scored) => {
    let at = best.length;
    while (at > 0 && before(candidate, best[at - 1] as Scored)) at--;
    if (at < want) {
      best.splice(at, 0, candidate);
      if (best.length > want) best.pop();
    }
  };
  for (const [position, { i }] of order.entries()) bit[i] = position;
  for (const [position, { members, from, to }] of order.entries()) {
    const last = position === order.length - 1;
    const nth = best[want - 1];
    // A paper first met from here on shares none of the tags read so far.
    if (nth !== undefined && nth.score > scoreOf(restMask(position - 1, order.length))) break;
    let met = 0;
    for (let at = from; at < to; at++) {
      const member = members[at] as number;
      if (seen[member] === stamp) continue;
      if (last && met >= want) break;
      seen[member] = stamp;
      met++;
      let mask = 0;
      const end = tagStart[member + 1] as number;
      for (let k = tagStart[member] as number; k < end; k++) {
        const b = bit[tagList[k] as number] as number;
        if (b >= 0) mask |= 1 << b;
      }
      // Cheap rejection before building the candidate: most members cannot make the list.
      const score = scoreOf(mask);
      const worst = best[want - 1];
      if (worst !== undefined && score < worst.score) continue;
      offer({ paper: index.papers[member] as Paper, score });
    }
  }
  for (const { i } of order) bit[i] = -1;
  return best.map(({ paper }) => paper);
}

/** The mask of the tags after `position`. */
function restMask(position: number, length: number): number {
  let mask = 0;
  for (let b = position + 1; b < length; b++) mask |= 1 << b;
  return mask;
}

/** The position of a tag's first member (newest first) whose day is `day` or earlier. */
function firstOnOrBefore(members: Int32Array, dayOf: Float64Array, day: number): number {
  let low = 0;
  let high = members.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((dayOf[members[middle] as number] as number) > day) low = middle + 1;
    else high = middle;
  }
  return low;
}
