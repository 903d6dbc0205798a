import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { rankByVotes } from "../../src/model/ranking.ts";

const item = fc.record({
  id: fc.stringMatching(/^\d{4}\.\d{5}$/),
  votes: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
  date: fc.constantFrom("2024-01-01", "2024-06-30", "2025-02-13"),
});
const items = fc.uniqueArray(item, { selector: (x) => x.id, maxLength: 60 });

describe("rankByVotes", () => {
  test.prop([items])("is a permutation of its input split into voted and unvoted", (input) => {
    const { ranked, unvoted } = rankByVotes(input);
    expect([...ranked, ...unvoted].map((x) => x.id).sort()).toEqual(input.map((x) => x.id).sort());
    expect(ranked.every((x) => x.votes !== null)).toBe(true);
    expect(unvoted.every((x) => x.votes === null)).toBe(true);
  });

  test.prop([items])("orders by votes descending", (input) => {
    const votes = rankByVotes(input).ranked.map((x) => x.votes as number);
    expect(votes).toEqual([...votes].sort((a, b) => b - a));
  });

  test.prop([items, fc.integer()])("does not depend on input order", (input, seed) => {
    const shuffled = [...input].sort((a, b) => ((a.id.charCodeAt(5) * seed) % 7) - ((b.id.charCodeAt(5) * seed) % 7));
    expect(rankByVotes(shuffled)).toEqual(rankByVotes(input));
  });

  test.prop([items, fc.integer({ min: 0, max: 70 })])(
    "with a limit, keeps the first of each list as the whole ranking has them, and counts the rest",
    (input, limit) => {
      const whole = rankByVotes(input);
      const cut = rankByVotes(input, limit);
      expect(cut.ranked).toEqual(whole.ranked.slice(0, limit));
      expect(cut.unvoted).toEqual(whole.unvoted.slice(0, limit));
      expect(cut.moreRanked).toBe(whole.ranked.length - cut.ranked.length);
      expect(cut.moreUnvoted).toBe(whole.unvoted.length - cut.unvoted.length);
    },
  );

  // Ids repeat and whole items compare equal here: the cut must keep them in input order, as a stable sort does.
  const loose = fc.array(
    fc.record({
      id: fc.constantFrom("2401.00001", "2401.00002", "2401.00003"),
      votes: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      date: fc.constantFrom("2024-01-01", "2024-06-30"),
    }),
    { maxLength: 60 },
  );
  test.prop([loose, fc.integer({ min: 0, max: 70 })])(
    "with a limit, keeps equal items in input order, as the whole ranking does",
    (input, limit) => {
      const numbered = input.map((item, n) => ({ ...item, n }));
      const order = (list: readonly { n: number }[]) => list.map((x) => x.n);
      const whole = rankByVotes(numbered);
      const cut = rankByVotes(numbered, limit);
      expect(order(cut.ranked)).toEqual(order(whole.ranked.slice(0, limit)));
      expect(order(cut.unvoted)).toEqual(order(whole.unvoted.slice(0, limit)));
    },
  );

  it.each([-1, 2.5, Number.NaN])("refuses the limit %s", (limit) => {
    expect(() => rankByVotes([], limit)).toThrow(RangeError);
  });

  it("keeps the best when they come last, and when votes tie across the cut", () => {
    const worstFirst = Array.from({ length: 50 }, (_, n) => ({
      id: `2401.${String(n).padStart(5, "0")}`,
      votes: n,
      date: "2024-01-01",
    }));
    expect(rankByVotes(worstFirst, 3).ranked.map((x) => x.votes)).toEqual([49, 48, 47]);
    const tied = worstFirst.map((x) => ({ ...x, votes: 7 }));
    expect(rankByVotes(tied, 2).ranked.map((x) => x.id)).toEqual(["2401.00000", "2401.00001"]);
    expect(rankByVotes(tied, 2).moreRanked).toBe(48);
  });

  it("breaks ties by newer day, then by id", () => {
    const { ranked } = rankByVotes([
      { id: "2401.00003", votes: 5, date: "2024-01-01" },
      { id: "2401.00002", votes: 5, date: "2024-01-01" },
      { id: "2406.00001", votes: 5, date: "2024-06-30" },
      { id: "2401.00009", votes: 9, date: "2024-01-01" },
    ]);
    expect(ranked.map((x) => x.id)).toEqual(["2401.00009", "2406.00001", "2401.00002", "2401.00003"]);
  });
});
