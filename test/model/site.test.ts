import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSite, compareNewest, type Paper, slugify } from "../../src/model/index.ts";
import { parseDayFile } from "../../src/parse/index.ts";

import { makeEntry, siteOf } from "../helpers/entry.ts";

describe("author and tag groups", () => {
  it("name an author by the spelling on the lowest-id paper and list the papers newest first", () => {
    const site = siteOf([
      makeEntry({ id: "2501.00009", date: "2025-01-09", authors: ["BO KIM"] }),
      makeEntry({ id: "2501.00001", date: "2025-01-01", authors: ["Bo Kim"] }),
      makeEntry({ id: "2501.00005", date: "2025-01-05", authors: ["bo kim", "Ann Lee"] }),
    ]);
    expect(site.authors.get("bo-kim")).toEqual({
      slug: "bo-kim",
      name: "Bo Kim",
      paperIds: ["2501.00009", "2501.00005", "2501.00001"],
    });
    expect(site.authors.get("ann-lee")?.paperIds).toEqual(["2501.00005"]);
  });

  it("match grouping every paper by hand, for any authors, tags and dates", () => {
    const spelling = fc.constantFrom("Bo Kim", "bo kim", "BO KIM", "Ann Lee", "ann lee", "Cy Park");
    const tag = fc.constantFrom("LLM", "llm", "Vision", "RL");
    const entry = fc.record({
      n: fc.integer({ min: 1, max: 30 }),
      day: fc.integer({ min: 1, max: 9 }),
      authors: fc.uniqueArray(spelling, { maxLength: 3 }),
      tags: fc.uniqueArray(tag, { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 25 }), (drawn) => {
        const site = siteOf(
          drawn.map(({ n, day, authors, tags }) =>
            makeEntry({ id: `2501.${String(n).padStart(5, "0")}`, date: `2025-01-0${day}`, authors, tags }),
          ),
        );
        const papers = [...site.papers.values()];
        const byHand = (namesOf: (paper: Paper) => readonly string[], slug: string) => {
          const members = papers.filter((paper) => namesOf(paper).some((name) => slugify(name) === slug));
          const lowest = [...members].sort((a, b) => (a.id < b.id ? -1 : 1))[0] as Paper;
          const name = namesOf(lowest).find((each) => slugify(each) === slug);
          return { slug, name, paperIds: members.sort(compareNewest).map((paper) => paper.id) };
        };
        const authorSlugs = new Set(papers.flatMap((paper) => paper.authors.map(slugify)));
        expect([...site.authors.keys()].sort()).toEqual([...authorSlugs].sort());
        for (const [slug, author] of site.authors) expect(author).toEqual(byHand((paper) => paper.authors, slug));
        for (const [slug, found] of site.tags) expect(found).toEqual(byHand((paper) => paper.tags, slug));
      }),
    );
  });
});

describe("a paper's best appearance", () => {
  it("is the one with the most votes, the later of equals, and the latest when none has a count", () => {
    const site = siteOf([
      makeEntry({ id: "2501.00001", date: "2025-01-06", votes: 50 }),
      makeEntry({ id: "2501.00001", date: "2025-01-08", votes: 10 }),
      makeEntry({ id: "2501.00002", date: "2025-01-06", votes: 7 }),
      makeEntry({ id: "2501.00002", date: "2025-01-08", votes: 7 }),
      makeEntry({ id: "2501.00003", date: "2025-01-06", votes: null }),
      makeEntry({ id: "2501.00003", date: "2025-01-08", votes: null }),
    ]);
    const best = (id: string) => {
      const paper = site.papers.get(id) as Paper;
      return [paper.best.date, paper.votes];
    };
    expect([best("2501.00001"), best("2501.00002"), best("2501.00003")]).toEqual([
      ["2025-01-06", 50],
      ["2025-01-08", 7],
      ["2025-01-08", null],
    ]);
  });
});

describe("a day's title", () => {
  const file = (name: string, title: string, body: string) =>
    parseDayFile(`---\ntitle: ${title}\n---\n## Daily Papers (2025-03-01)\n\n${body}`, name);
  const paper = "### [A Paper](https://arxiv.org/abs/2503.00001)\n\n- **What's New**: 새 방법.\n";
  const broken = "### [A Paper](https://example.com/abs/2503.00001)\n\n- **What's New**: 새 방법.\n";

  it("is its file's title when every paper of the day was skipped, as when one was not", () => {
    const kept = buildSite([file("2025/03/01.md", "특집 호", paper)]).days[0];
    const skipped = buildSite([file("2025/03/01.md", "특집 호", broken)]).days[0];
    expect(kept?.title).toBe("특집 호");
    expect(skipped?.entries).toEqual([]);
    expect(skipped?.notes.length).toBeGreaterThan(0);
    expect(skipped?.title).toBe("특집 호");
  });

  it("comes from a file with papers on that day before one with notes alone", () => {
    const days = buildSite([
      file("2025/03/01-a.md", "메모만", broken),
      file("2025/03/01-b.md", "논문 있음", paper),
    ]).days;
    expect(days.map((day) => day.title)).toEqual(["논문 있음"]);
  });
});
