import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/config.ts";
import { buildSite, type Paper, type RelatedMemo, relatedPapers, type Site, type Tag } from "../../src/model/index.ts";
import { parseDayFile } from "../../src/parse/index.ts";
import { arxivYear, escapeBibtex, toBibtex } from "../../src/render/bibtex.ts";
import { renderSite } from "../../src/render/renderSite.ts";
import { titleLanguage } from "../../src/render/text.ts";
import { toEntryView } from "../../src/render/views/entries.ts";
import {
  type ArchiveView,
  AUTHOR_INDEX_MAX,
  makeLinker,
  OTHER_INITIAL,
  sectionOf,
  sharedRanks,
  toArchivePages,
  toAuthorIndexPages,
  toPaperView,
  toRankingPages,
  toTagPages,
  weekTop,
} from "../../src/render/views/index.ts";
import type { PaperEntry } from "../../src/types.ts";
import { makeEntry, siteOf } from "../helpers/entry.ts";

const config = { ...DEFAULT_CONFIG, siteUrl: "https://example.org", basePath: "/digest/" };
const link = makeLinker(config);

function paperOf(site: Site, id: string): Paper {
  const paper = site.papers.get(id);
  if (!paper) throw new Error(`no paper ${id}`);
  return paper;
}

function tagOf(site: Site, slug: string): Tag {
  const tag = site.tags.get(slug);
  if (!tag) throw new Error(`no tag ${slug}`);
  return tag;
}

describe("sharedRanks", () => {
  it.each([
    { votes: [], ranks: [] },
    { votes: [9], ranks: [1] },
    { votes: [5, 3, 3, 1], ranks: [1, 2, 2, 4] },
    { votes: [2, 2, 2], ranks: [1, 1, 1] },
    { votes: [7, 7, 4, 4, 4, 1], ranks: [1, 1, 3, 3, 3, 6] },
  ])("$votes -> $ranks", ({ votes, ranks }) => {
    expect(sharedRanks(votes.map((v) => ({ votes: v })))).toEqual(ranks);
  });
});

// Issue #5: a ranking keeps only its best hundred; ties across the cut share their rank.
describe("toRankingPages cuts a ranking at a hundred rows", () => {
  const votes = (n: number) => (n < 98 ? 1000 - n : 5);
  const site = siteOf(
    Array.from({ length: 103 }, (_, n) =>
      makeEntry({ id: `2510.${String(n).padStart(5, "0")}`, date: "2025-10-15", votes: votes(n) }),
    ),
  );
  const month = toRankingPages(site, link).find((page) => page.path === "top/2025-10/");

  it("keeps the hundred best, the tie at the cut ranked from its first row, and says the rest were left off", () => {
    const view = month?.view();
    expect(view?.ranked).toHaveLength(100);
    expect(view?.ranked.slice(96).map((row) => [row.id, row.votes, row.rank])).toEqual([
      ["2510.00096", 904, 97],
      ["2510.00097", 903, 98],
      ["2510.00098", 5, 99],
      ["2510.00099", 5, 99],
    ]);
    expect(view?.rankedCut).toBe(true);
    expect(view?.unvotedCut).toBe(false);
    expect(month?.papers).toHaveLength(100);
  });

  it("says when papers without a vote count were left off, where the list stops and not how many", async () => {
    const unvoted = Array.from({ length: 3 }, (_, n) =>
      makeEntry({ id: `2510.0010${n}`, date: `2025-10-1${n}`, votes: null }),
    );
    const small = siteOf(unvoted);
    const view = toRankingPages(small, link, 2)
      .find((page) => page.path === "top/2025-10/")
      ?.view();
    expect([view?.unvoted.map((row) => row.id), view?.rankedCut, view?.unvotedCut, view?.limit]).toEqual([
      ["2510.00102", "2510.00101"],
      false,
      true,
      2,
    ]);
    const html = String(
      (await renderSite(small, { ...config, rankingSize: 2 }, "templates")).get("top/2025-10/index.html"),
    );
    expect(html).toContain("최근 소개된 2편까지 보여 줍니다.");
    expect(html).not.toContain("추천 수 상위");
  });

  it("says nothing was left off a ranking short of a hundred", () => {
    const small = siteOf([
      makeEntry({ id: "2510.00001", date: "2025-10-15", votes: 3 }),
      makeEntry({ id: "2510.00002", date: "2025-10-15", votes: null }),
    ]);
    const view = toRankingPages(small, link)
      .find((page) => page.path === "top/2025-10/")
      ?.view();
    expect([view?.ranked.length, view?.unvoted.length, view?.rankedCut, view?.unvotedCut]).toEqual([
      1,
      1,
      false,
      false,
    ]);
  });
});

// Review finding B1: a row shows the votes it was ranked by.
describe("toRankingPages and weekTop show the votes a row was ranked by (B1)", () => {
  const site = siteOf([
    makeEntry({ id: "2510.00001", date: "2025-10-15", votes: 50 }),
    makeEntry({ id: "2510.00001", date: "2025-11-12", votes: 10 }),
    makeEntry({ id: "2511.00002", date: "2025-11-12", votes: 20 }),
  ]);
  const pages = new Map(toRankingPages(site, link).map((page) => [page.path, page.view()]));
  const rows = (path: string) => pages.get(path)?.ranked.map((row) => [row.id, row.votes, row.rank, row.date]);

  it("ranks November by November's votes and shows them", () => {
    expect(rows("top/2025-11/")).toEqual([
      ["2511.00002", 20, 1, "2025-11-12"],
      ["2510.00001", 10, 2, "2025-11-12"],
    ]);
  });
  it("ranks October by October's votes", () => {
    expect(rows("top/2025-10/")).toEqual([["2510.00001", 50, 1, "2025-10-15"]]);
  });
  it("ranks all time by each paper's best count and shows it with the day that gave it", () => {
    // Not its latest day, when the paper had 10 (an audit of the real model's output).
    expect(rows("top/")).toEqual([
      ["2510.00001", 50, 1, "2025-10-15"],
      ["2511.00002", 20, 2, "2025-11-12"],
    ]);
  });
  it("ranks the year by the best appearance inside it", () => {
    expect(rows("top/2025/")).toEqual([
      ["2510.00001", 50, 1, "2025-10-15"],
      ["2511.00002", 20, 2, "2025-11-12"],
    ]);
  });
  it("shows the week's own votes on the home page list", () => {
    expect(weekTop(site, link, 10).map((row) => [row.id, row.votes, row.rank])).toEqual([
      ["2511.00002", 20, 1],
      ["2510.00001", 10, 2],
    ]);
  });
  it("marks only the current period in the period lists", () => {
    const current = pages
      .get("top/2025/")
      ?.periods.flatMap((group) => group.links.filter((l) => l.current).map((l) => l.name));
    expect(current).toEqual(["2025년"]);
    expect(pages.get("top/")?.periods.flatMap((group) => group.links.filter((l) => l.current))).toEqual([]);
  });
});

describe("toRankingPages period navigation", () => {
  const site = siteOf([
    makeEntry({ id: "2411.00001", date: "2024-11-20", votes: 5 }),
    makeEntry({ id: "2412.00002", date: "2024-12-31", votes: 7 }),
    makeEntry({ id: "2501.00003", date: "2025-01-08", votes: 9 }),
  ]);
  const pages = new Map(toRankingPages(site, link).map((page) => [page.path, page.view()]));
  const names = (path: string) =>
    pages.get(path)?.periods.map((group) => [group.label, group.links.map((l) => l.name)]);
  const around = (path: string) => {
    const nav = pages.get(path)?.around;
    return nav && [nav.previous?.name ?? null, nav.within.map((l) => l.name), nav.next?.name ?? null];
  };

  // Issue #5: with every month and week of ten years, each ranking page was mostly links
  // and every one of them changed whenever a week began.
  it("lists every year and the months and weeks of its own year on a year page", () => {
    expect(names("top/2024/")).toEqual([
      ["연도별", ["2025년", "2024년"]],
      ["2024년 월별", ["2024년 12월", "2024년 11월"]],
      ["2024년 주별", ["2024-W47 (11-18~11-24)"]],
    ]);
    // 31 December 2024 is in ISO week 1 of 2025, so that week is listed with 2025's.
    expect(names("top/2025/")).toEqual([
      ["연도별", ["2025년", "2024년"]],
      ["2025년 월별", ["2025년 1월"]],
      ["2025년 주별", ["2025-W02 (01-06~01-12)", "2025-W01 (12-30~01-05)"]],
    ]);
    expect(around("top/2025/")).toBeNull();
  });
  it("lists the newest year's on the all-time page", () => {
    expect(names("top/")).toEqual(names("top/2025/"));
  });
  it("links a month to the months around it, its year and its weeks", () => {
    expect(around("top/2024-12/")).toEqual(["2024년 11월", ["2024년"], "2025년 1월"]);
    expect(names("top/2024-12/")).toEqual([["2024년 12월 주별", ["2025-W01 (12-30~01-05)"]]]);
    expect(around("top/2024-11/")).toEqual([null, ["2024년"], "2024년 12월"]);
  });
  it("links a week to the weeks around it and the years and months its days fall in", () => {
    expect(around("top/weeks/2025-W01/")).toEqual([
      "2024-W47 (11-18~11-24)",
      ["2024년", "2024년 12월"],
      "2025-W02 (01-06~01-12)",
    ]);
    expect(around("top/weeks/2025-W02/")).toEqual(["2025-W01 (12-30~01-05)", ["2025년", "2025년 1월"], null]);
    expect(names("top/weeks/2025-W02/")).toEqual([]);
  });
  // Issue #5: "adding a day touches ... the affected ranking pages, and nothing else".
  it("changes, when a day starts a new week and month, only the pages of its periods and the ones just before", () => {
    const before = [
      makeEntry({ id: "2410.00001", date: "2024-10-01", votes: 3 }),
      makeEntry({ id: "2410.00002", date: "2024-10-15", votes: 4 }),
      makeEntry({ id: "2411.00003", date: "2024-11-05", votes: 5 }),
      makeEntry({ id: "2411.00004", date: "2024-11-20", votes: 6 }),
    ];
    // 2 December 2024 is a Monday: a new ISO week (W49) and a new month.
    const after = [...before, makeEntry({ id: "2412.00005", date: "2024-12-02", votes: 1 })];
    const pagesOf = (entries: typeof before) =>
      new Map(
        toRankingPages(siteOf(entries), link).map((page) => [
          page.path,
          { parts: page.parts.join("\n"), view: JSON.stringify(page.view()) },
        ]),
      );
    const [old, next] = [pagesOf(before), pagesOf(after)];
    const changed = [...old].filter(([path, page]) => next.get(path)?.parts !== page.parts).map(([path]) => path);
    expect(changed.sort()).toEqual(["top/", "top/2024-11/", "top/2024/", "top/weeks/2024-W47/"]);
    expect([...next.keys()].filter((path) => !old.has(path)).sort()).toEqual(["top/2024-12/", "top/weeks/2024-W49/"]);
    // A page whose key stayed the same must look the same, or the cache would keep a stale page.
    for (const [path, page] of old) {
      if (!changed.includes(path)) expect(next.get(path)?.view, path).toBe(page.view);
    }
  });
});

// WCAG 2.2 3.1.2 (Language of Parts): pages are in Korean, arXiv titles in English, and a
// screen reader reads a title in the voice of the language its element says.
describe("a title's language", () => {
  it.each([
    ["Scaling Laws for β-VAE Models", "en"],
    ["ℓ1-Regularized Sparse Attention", "en"],
    ["𝒪(n) Attention", "en"],
    ["µP: Maximal Update Parametrization", "en"],
    ["LLM-기반 추론", null],
    ["大模型 Survey", null],
    ["2502.06703", null],
  ])("%j is %j", (title, lang) => {
    expect(titleLanguage(title)).toBe(lang);
  });

  it("is said on every title a page shows in English, and left to the page's in Korean", async () => {
    const site = siteOf([
      makeEntry({ id: "2501.00001", date: "2025-01-02", title: "Fast Models", tags: ["X"], authors: ["Ann Lee"] }),
      makeEntry({ id: "2501.00002", date: "2025-01-02", title: "빠른 모델", tags: ["X"], authors: ["Ann Lee"] }),
      makeEntry({ id: "2501.00001", date: "2025-01-01", title: "Fast Models v1", tags: ["X"] }),
    ]);
    const out = await renderSite(site, { ...config, authorPageMinPapers: 1 }, "templates");
    const html = (path: string) => String(out.get(path));
    const english = '"en">Fast Models<';
    expect(html("papers/2501.00001/index.html")).toContain(`<h1 class="paper-title" lang=${english}`);
    expect(html("papers/2501.00001/index.html")).toContain('<span lang="en">Fast Models v1</span>');
    expect(html("papers/2501.00002/index.html")).toContain('<h1 class="paper-title">빠른 모델</h1>');
    for (const page of [
      "days/2025-01-02/index.html",
      "tags/x/index.html",
      "authors/ann-lee/index.html",
      "index.html",
    ]) {
      expect(html(page), page).toContain(`lang=${english}`);
      expect(html(page), page).not.toMatch(/lang="en">빠른 모델/);
    }
    // Each template that shows a title, by its own markup: the BibTeX block, a day's entries
    // and their contents list, and rows.
    expect(html("papers/2501.00001/index.html")).toContain('<pre class="bibtex" tabindex="0" lang="en">');
    expect(html("papers/2501.00002/index.html")).toContain('<pre class="bibtex" tabindex="0">');
    const day = html("days/2025-01-02/index.html");
    expect(day).toContain('class="paper-title"><a href="/digest/papers/2501.00001/" lang="en">Fast Models</a>');
    expect(day).toContain('<li><a href="#paper-2501.00001" lang="en">Fast Models</a>');
    expect(day).toContain('<li><a href="#paper-2501.00002">빠른 모델</a>');
    for (const page of ["tags/x/index.html", "authors/ann-lee/index.html"]) {
      const row = (id: string) => `<a class="row-title" href="/digest/papers/${id}/"`;
      expect(html(page), page).toContain(`${row("2501.00001")} lang="en">Fast Models</a>`);
      expect(html(page), page).toContain(`${row("2501.00002")}>빠른 모델</a>`);
    }
  });
});

// Issue #5, for the reader: at two years a topic's papers of the year before were twenty
// "older" clicks away; each of its pages links the page each year begins on.
describe("a topic's year links", () => {
  /** One paper of topic X a day from `from` on, `count` days: newest first in the topic. */
  const daily = (from: string, count: number, start = 0) =>
    Array.from({ length: count }, (_, n) => {
      const date = new Date(Date.parse(`${from}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
      return makeEntry({ id: `2501.${String(start + n).padStart(5, "0")}`, date, tags: ["X"] });
    });
  const newestPages = (of: Site, perPage: number) =>
    toTagPages(of, tagOf(of, "x"), link, null, perPage).filter((page) => page.order === "newest");

  it("go to the page of each year's newest paper, newest year first, the page's own marked", () => {
    // Two papers of 2023 and three of 2024, two a page: 2024 begins on the topic's page, 2023 on page 1.
    const site = siteOf(daily("2023-12-25", 11).filter((_, n) => n % 4 === 0 || n > 7));
    const pages = newestPages(site, 2);
    const holding = (year: string) =>
      pages.find((page) => page.papers.some((paper) => paper.latest.date.startsWith(year)))?.path;
    for (const page of pages) {
      const years = page.view().years;
      expect(years.map((year) => year.name)).toEqual(["2024", "2023"].filter((year) => holding(year) !== undefined));
      for (const year of years) expect(year.href).toBe(`/digest/${holding(year.name)}`);
      // One item current: the newest year that begins on this page.
      const here = years.find((year) => year.href === `/digest/${page.path}`)?.name;
      expect(years.filter((year) => year.current).map((year) => year.name)).toEqual(here === undefined ? [] : [here]);
    }
    // No year links on a topic's ranking, one page, or papers of one year.
    expect(toTagPages(site, tagOf(site, "x"), link, null, 2).at(-1)?.view().years).toEqual([]);
    expect(newestPages(site, 50)[0]?.view().years).toEqual([]);
    expect(newestPages(siteOf(daily("2024-03-01", 9)), 2)[0]?.view().years).toEqual([]);
    // Two years beginning on one page: the newer is its current item, the older links to it.
    // Five days of 2024, 2023-12-31 and a paper of 2022, two a page: page 1 holds the last two.
    const two = newestPages(siteOf([...daily("2022-06-01", 1, 90), ...daily("2023-12-31", 6)]), 2);
    expect(two.at(-1)?.path).toBe("tags/x/page/1/");
    expect(
      two
        .at(-1)
        ?.view()
        .years.map(({ name, href, current }) => [name, href, current]),
    ).toEqual([
      ["2024", "/digest/tags/x/", false],
      ["2023", "/digest/tags/x/page/1/", true],
      ["2022", "/digest/tags/x/page/1/", false],
    ]);
    // Nor when every year begins on the topic's own page: each link would be to itself.
    const turn = newestPages(siteOf(daily("2023-12-29", 5)), 2);
    expect(turn.map((page) => page.path)).toEqual(["tags/x/", "tags/x/page/1/"]);
    expect(turn.map((page) => page.view().years)).toEqual([[], []]);
  });

  it("show on a topic's and an author's pages, the page's own year marked", async () => {
    const site = siteOf(
      daily("2023-12-25", 11)
        .filter((_, n) => n % 4 === 0 || n > 7)
        .map((entry) => ({ ...entry, authors: ["Ann Lee"] })),
    );
    const out = await renderSite(site, { ...config, perPage: 2 }, "templates");
    for (const list of ["tags/x", "authors/ann-lee"]) {
      const nav = (page: string) =>
        /<nav aria-label="연도별 이동">[\s\S]*?<\/nav>/.exec(String(out.get(`${list}/${page}index.html`)))?.[0];
      expect(nav("")).toContain('<span aria-current="page">2024</span>');
      expect(nav("")).toContain(`<a href="/digest/${list}/page/1/">2023</a>`);
      expect(nav("page/1/")).toContain(`<a href="/digest/${list}/">2024</a>`);
      expect(nav("page/1/")).toContain('<span aria-current="page">2023</span>');
    }
  });

  test.prop([fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 30 })])(
    "stay on an older page while newer papers come, where the year began on one",
    (perPage, before, added) => {
      // Papers a week apart across a new year, then `added` newer papers.
      const old = Array.from({ length: before }, (_, n) =>
        makeEntry({
          id: `2401.${String(n).padStart(5, "0")}`,
          date: new Date(Date.parse("2023-11-01T00:00:00Z") + n * 7 * 86_400_000).toISOString().slice(0, 10),
          tags: ["X"],
        }),
      );
      const newest = old.at(-1)?.date ?? "2024-01-01";
      const after = siteOf([...old, ...daily(newest, added + 1, before).slice(1)]);
      const linksOf = (of: Site) =>
        new Map(
          newestPages(of, perPage)[0]
            ?.view()
            .years.map((year) => [year.name, year.href]) ?? [],
        );
      const [was, now] = [linksOf(siteOf(old)), linksOf(after)];
      const own = "/digest/tags/x/";
      for (const [year, href] of was) if (href !== own) expect(now.get(year)).toBe(href);
    },
  );
});

// Issue #5: a ranking shows whether it left papers off, not how many, so a paper that
// joins a topic below its hundred best leaves the topic's ranking as it was.
describe("a topic's ranking and a paper below its cut", () => {
  const voted = Array.from({ length: 101 }, (_, n) =>
    makeEntry({ id: `2502.${String(n).padStart(5, "0")}`, date: "2025-02-10", votes: 500 - n, tags: ["X"] }),
  );
  const before = siteOf(voted);
  const after = siteOf([...voted, makeEntry({ id: "2502.09999", date: "2025-02-11", votes: 1, tags: ["X"] })]);
  const ranking = (of: Site) => toTagPages(of, tagOf(of, "x"), link, null, 50).find((page) => page.order === "votes");
  const topPage = async (of: Site) => (await renderSite(of, config, "templates")).get("tags/x/top/index.html");

  it("keeps its key, its view and its bytes, and says the list was cut", async () => {
    const [old, next] = [ranking(before), ranking(after)];
    expect(next?.parts).toEqual(old?.parts);
    expect(next?.papers.map((paper) => paper.id)).toEqual(old?.papers.map((paper) => paper.id));
    expect(next?.view()).toEqual(old?.view());
    expect(next?.view().rankedCut).toBe(true);
    expect(next?.view().tag.count).toBeNull();
    const html = String(await topPage(after));
    expect(html).toBe(String(await topPage(before)));
    expect(html).toContain("추천 수 상위 100편까지 보여 줍니다");
    // The topic's own page still counts its papers, 102 now.
    expect(String((await renderSite(after, config, "templates")).get("tags/x/index.html"))).toContain("논문 102편");
  });
});

// Review finding B2: unvoted papers are never listed as ranked.
describe("toTagPages (B2, Q7)", () => {
  const entries = [
    makeEntry({ id: "2501.00001", date: "2025-01-05", votes: 30, tags: ["X"] }),
    makeEntry({ id: "2501.00002", date: "2025-01-04", votes: 30, tags: ["X"] }),
    makeEntry({ id: "2501.00003", date: "2025-01-03", votes: 10, tags: ["X"] }),
    makeEntry({ id: "2501.00004", date: "2025-01-02", votes: null, tags: ["X"] }),
    makeEntry({ id: "2501.00005", date: "2025-01-01", votes: null, tags: ["X"] }),
    makeEntry({ id: "2501.00006", date: "2024-12-31", votes: null, tags: ["X"] }),
  ];
  const site = siteOf(entries);
  const pagesOf = (perPage: number, order: "newest" | "votes", of = site) =>
    toTagPages(of, tagOf(of, "x"), link, null, perPage).filter((page) => page.order === order);

  it("shows a paper shown twice with the day of its best count", () => {
    const twice = siteOf([
      makeEntry({ id: "2501.00001", date: "2025-01-06", votes: 50, tags: ["X"] }),
      makeEntry({ id: "2501.00001", date: "2025-01-08", votes: 10, tags: ["X"] }),
    ]);
    const view = toTagPages(twice, tagOf(twice, "x"), link, null, 2)
      .find((page) => page.order === "votes")
      ?.view();
    expect(view?.rows.map((row) => [row.id, row.votes, row.date])).toEqual([["2501.00001", 50, "2025-01-06"]]);
  });

  it("ranks by votes on one page, with the unvoted papers apart and never ranked", () => {
    const votes = pagesOf(2, "votes");
    expect(votes.map((page) => page.path)).toEqual(["tags/x/top/"]);
    const view = votes[0]?.view();
    expect(view?.rows.map((row) => [row.id, row.rank])).toEqual([
      ["2501.00001", 1],
      ["2501.00002", 1],
      ["2501.00003", 3],
    ]);
    expect(view?.unvoted.map((row) => row.id)).toEqual(["2501.00004", "2501.00005", "2501.00006"]);
  });

  it("lists newest first, older pages counted from the oldest paper", () => {
    const newest = pagesOf(2, "newest");
    expect(newest.map((page) => [page.path, page.papers.map((paper) => paper.id), page.range])).toEqual([
      ["tags/x/", ["2501.00001", "2501.00002"], null],
      ["tags/x/page/2/", ["2501.00003", "2501.00004"], { from: "2025-01-02", to: "2025-01-03" }],
      ["tags/x/page/1/", ["2501.00005", "2501.00006"], { from: "2024-12-31", to: "2025-01-01" }],
    ]);
    expect(newest.map((page) => [page.view().newer, page.view().older])).toEqual([
      [null, "/digest/tags/x/page/2/"],
      ["/digest/tags/x/", "/digest/tags/x/page/1/"],
      ["/digest/tags/x/page/2/", null],
    ]);
    expect(newest[1]?.view().rows.map((row) => row.rank)).toEqual([null, null]);
    // The tag's page holds perPage to twice as many, so it is never nearly empty.
    expect(pagesOf(4, "newest").map((page) => page.papers.length)).toEqual([6]);
    expect(pagesOf(3, "newest").map((page) => page.papers.length)).toEqual([3, 3]);
  });

  // Issue #5: numbered from the newest, every page of a tag changed with every paper added.
  it("changes only the tag's two main pages when a paper is added, and one more when a page fills", async () => {
    const tagFiles = async (of: Site) =>
      new Map(
        [...(await renderSite(of, { ...config, perPage: 2 }, "templates"))].filter(([path]) =>
          path.startsWith("tags/x/"),
        ),
      );
    const added = (count: number) =>
      siteOf([
        ...entries,
        ...Array.from({ length: count }, (_, n) =>
          makeEntry({ id: `2501.0010${n}`, date: `2025-01-1${n}`, votes: n, tags: ["X"] }),
        ),
      ]);
    const changed = async (before: Site, after: Site) => {
      const [old, next] = [await tagFiles(before), await tagFiles(after)];
      return [...next.keys()].filter((path) => old.get(path) !== next.get(path)).sort();
    };
    expect(await changed(site, added(1))).toEqual(["tags/x/feed.xml", "tags/x/index.html", "tags/x/top/index.html"]);
    // The eighth paper fills a page: page 3 is new and page 2 links it as the newer one.
    expect(await changed(site, added(2))).toEqual([
      "tags/x/feed.xml",
      "tags/x/index.html",
      "tags/x/page/2/index.html",
      "tags/x/page/3/index.html",
      "tags/x/top/index.html",
    ]);
  });

  it("renders the unvoted papers under their own heading, and an older page with its days", async () => {
    const out = await renderSite(site, { ...config, perPage: 2 }, "templates");
    const top = String(out.get("tags/x/top/index.html"));
    expect(top).toContain('<ol class="rows">');
    expect(top.indexOf("2501.00003")).toBeLessThan(top.indexOf("추천 수가 없는 논문"));
    expect(top.indexOf("추천 수가 없는 논문")).toBeLessThan(top.indexOf("2501.00004"));
    expect(top.slice(top.indexOf("추천 수가 없는 논문"))).not.toContain('class="rank"');
    expect(out.has("tags/x/top/page/2/index.html")).toBe(false);
    const oldest = String(out.get("tags/x/page/1/index.html"));
    expect(oldest).toContain('<time datetime="2024-12-31">2024-12-31</time> ~ <time datetime="2025-01-01">');
    expect(oldest).toContain('<a rel="prev" href="/digest/tags/x/page/2/">');
    expect(oldest).not.toContain("논문 6편");
    expect(String(out.get("tags/x/index.html"))).toContain("논문 6편");
  });
});

describe("the JSON API", () => {
  const site = siteOf([
    makeEntry({ id: "2412.00001", date: "2024-12-31", votes: 3 }),
    makeEntry({ id: "2501.00001", date: "2025-01-01", votes: 5 }),
    makeEntry({ id: "2412.00001", date: "2025-01-02", votes: 7 }),
    makeEntry({ id: "2501.00002", date: "2025-01-02", votes: 1 }),
  ]);
  const json = (out: Map<string, string | Uint8Array>, path: string) => JSON.parse(String(out.get(path)));

  it("splits every appearance by year, newest day first, and indexes the years and days", async () => {
    const out = await renderSite(site, config, "templates");
    const byYear = (year: string) =>
      (json(out, `api/papers/${year}.json`) as { id: string; date: string }[]).map((e) => `${e.date} ${e.id}`);
    expect(byYear("2025")).toEqual(["2025-01-02 2412.00001", "2025-01-02 2501.00002", "2025-01-01 2501.00001"]);
    expect(byYear("2024")).toEqual(["2024-12-31 2412.00001"]);
    const index = json(out, "api/index.json");
    // 2412.00001 is one paper shown on two days: two appearances.
    expect([index.papers, index.appearances]).toEqual([3, 4]);
    expect(index.years).toEqual([
      { year: "2025", papers: 3, appearances: 3, url: "/digest/api/papers/2025.json" },
      { year: "2024", papers: 1, appearances: 1, url: "/digest/api/papers/2024.json" },
    ]);
    expect(index.days.map((day: { date: string; papers: number }) => `${day.date} ${day.papers}`)).toEqual([
      "2025-01-02 2",
      "2025-01-01 1",
      "2024-12-31 1",
    ]);
    // Every URL the index gives is a file of the site.
    for (const { url } of [...index.years, ...index.days]) expect(out.has(url.replace("/digest/", ""))).toBe(true);
    expect([...out.keys()].filter((path) => path.startsWith("api/papers"))).toHaveLength(2);
  });
});

// Review findings P1 and Q6.
describe("relatedPapers (P1)", () => {
  const site = siteOf([
    makeEntry({ id: "2501.00001", date: "2025-01-10", tags: ["Rare", "Common"] }),
    makeEntry({ id: "2501.00002", date: "2025-01-01", tags: ["Rare"] }),
    makeEntry({ id: "2501.00003", date: "2025-01-09", tags: ["Common"] }),
    makeEntry({ id: "2501.00004", date: "2025-01-08", tags: ["Common"] }),
    makeEntry({ id: "2501.00005", date: "2025-01-07", tags: ["Common"] }),
    makeEntry({ id: "2501.00006", date: "2025-01-06", tags: ["Common"] }),
    makeEntry({ id: "2501.00007", date: "2025-01-06", tags: ["Other"] }),
    makeEntry({ id: "2501.00008", date: "2025-01-06", tags: ["Common"] }),
  ]);
  const related = (id: string, count = 6) => relatedPapers(site, paperOf(site, id), count).map((paper) => paper.id);

  it("puts a paper sharing a rare tag above newer ones sharing a common tag", () => {
    expect(related("2501.00001")).toEqual([
      "2501.00002",
      "2501.00003",
      "2501.00004",
      "2501.00005",
      "2501.00006",
      "2501.00008",
    ]);
  });
  it("lists only papers sharing a tag, never the paper itself", () => {
    for (const paper of site.papers.values()) {
      const rows = relatedPapers(site, paper, 6);
      expect(rows.map((row) => row.id)).not.toContain(paper.id);
      for (const row of rows) expect(paperOf(site, row.id).tags.some((tag) => paper.tags.includes(tag))).toBe(true);
    }
    expect(related("2501.00007")).toEqual([]);
    // 2501.00001 shares its tag but came later.
    expect(related("2501.00002")).toEqual([]);
  });
  it("gives papers with the same tags the nearest earlier ones, less themselves", () => {
    expect(related("2501.00003", 2)).toEqual(["2501.00004", "2501.00005"]);
    expect(related("2501.00004", 2)).toEqual(["2501.00005", "2501.00006"]);
    // Same tags, same day: one list, each without itself.
    expect(related("2501.00006", 2)).toEqual(["2501.00008"]);
    expect(related("2501.00008", 2)).toEqual(["2501.00006"]);
  });
  it("breaks score ties by the nearer date, then the lower id", () => {
    // All share only `Common`, and none is later than 00003: 00006 and 00008 share a
    // date, so the lower id goes first.
    expect(related("2501.00003", 5)).toEqual(["2501.00004", "2501.00005", "2501.00006", "2501.00008"]);
  });
  // Issue #5: a new day joined the lists of older papers.
  it("keeps an old paper's list when later papers with the same tags are added", () => {
    const old = (extra: number) => {
      const entries = [
        makeEntry({ id: "2401.00001", date: "2024-01-10", tags: ["Common"] }),
        ...Array.from({ length: 8 }, (_, n) =>
          makeEntry({ id: `2401.0010${n}`, date: `2024-01-0${n + 1}`, tags: ["Common"] }),
        ),
        // 10 to 14 days later: nearer than most of the earlier papers.
        ...Array.from({ length: extra }, (_, n) =>
          makeEntry({ id: `2502.0020${n}`, date: `2024-01-2${n}`, tags: ["Common"] }),
        ),
      ];
      const of = siteOf(entries);
      return relatedPapers(of, paperOf(of, "2401.00001"), 6).map((paper) => paper.id);
    };
    expect(old(0)).toEqual(old(5));
    expect(old(5).every((id) => id.startsWith("2401."))).toBe(true);
  });
  it("lists only papers from its own day and the 60 days before it", () => {
    const of = siteOf([
      makeEntry({ id: "2503.00001", date: "2025-03-02", tags: ["Rare", "Common"] }),
      // A day later: never related, however many tags it shares.
      makeEntry({ id: "2503.00002", date: "2025-03-03", tags: ["Rare", "Common"] }),
      makeEntry({ id: "2503.00003", date: "2025-03-02", tags: ["Common"] }),
      // 60 days before is in, 61 is out.
      makeEntry({ id: "2501.00004", date: "2025-01-01", tags: ["Common"] }),
      makeEntry({ id: "2412.00005", date: "2024-12-31", tags: ["Rare"] }),
    ]);
    expect(relatedPapers(of, paperOf(of, "2503.00001"), 6).map((paper) => paper.id)).toEqual([
      "2503.00003",
      "2501.00004",
    ]);
  });

  it("reuses a kept list only while nothing in its window changed", () => {
    const entries = [
      makeEntry({ id: "2501.00001", date: "2025-01-01", tags: ["Common"] }),
      makeEntry({ id: "2501.00002", date: "2025-01-02", tags: ["Common"] }),
      // More than 60 days after January: January is in no April window.
      makeEntry({ id: "2504.00001", date: "2025-04-01", tags: ["Common"] }),
      makeEntry({ id: "2504.00002", date: "2025-04-02", tags: ["Common"] }),
    ];
    const kept = new Map<string, readonly string[]>();
    const asked: string[] = [];
    const memo: RelatedMemo = {
      get: (window, query) => {
        const key = `${window} ${query}`;
        const ids = kept.get(key);
        if (ids) asked.push(key);
        return ids;
      },
      set: (window, query, ids) => kept.set(`${window} ${query}`, ids),
      keepWindow: () => undefined,
    };
    // A site model keeps the lists it worked out, so each list to compare with comes from a model of its own.
    const listsOf = (entriesOf: readonly PaperEntry[], withMemo: boolean) => {
      const of = siteOf(entriesOf);
      return [...of.papers.values()].map((paper) =>
        relatedPapers(of, paper, 6, withMemo ? memo : undefined).map((other) => other.id),
      );
    };
    listsOf(entries, true);
    expect(asked).toEqual([]);
    // A new paper in April: it is in no earlier day's window, so every list is kept.
    const grownEntries = [...entries, makeEntry({ id: "2504.00003", date: "2025-04-03", tags: ["Common"] })];
    const grown = siteOf(grownEntries);
    expect(listsOf(grownEntries, true)).toEqual(listsOf(grownEntries, false));
    // One kept list per day with a paper: the four days before the new one.
    expect(asked).toHaveLength(4);
    expect(relatedPapers(grown, paperOf(grown, "2504.00002"), 6).map((paper) => paper.id)).toEqual(["2504.00001"]);
    expect(relatedPapers(grown, paperOf(grown, "2504.00003"), 6).map((paper) => paper.id)).toEqual([
      "2504.00002",
      "2504.00001",
    ]);
    // A paper's tags change on 1 January: the lists of the windows that hold that day
    // (1 and 2 January) are worked out again, 2 January's for the same query as before;
    // April's windows start after it.
    asked.length = 0;
    const retaggedEntries = [
      makeEntry({ id: "2501.00001", date: "2025-01-01", tags: ["Other"] }),
      makeEntry({ id: "2501.00002", date: "2025-01-02", tags: ["Common"] }),
      ...entries.slice(2),
    ];
    expect(listsOf(retaggedEntries, true)).toEqual(listsOf(retaggedEntries, false));
    const retagged = siteOf(retaggedEntries);
    const first = siteOf(entries);
    expect(relatedPapers(first, paperOf(first, "2501.00002"), 6)).toHaveLength(1);
    expect(relatedPapers(retagged, paperOf(retagged, "2501.00002"), 6)).toEqual([]);
    expect(asked).toHaveLength(2);
  });

  // The second site gives papers up to 24 tags, past the 16 rarest that count.
  it.each([
    { names: "ABCDEFGH", chance: (i: number) => 0.6 / (i + 1) },
    { names: "ABCDEFGHIJKLMNOPQRSTUVWX", chance: (i: number) => 0.95 - i * 0.02 },
  ])("matches a brute-force scoring on a random site with tags $names", ({ names: letters, chance }) => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const names = [...letters];
    const entries = Array.from({ length: 300 }, (_, n) => {
      const tags = names.filter((_, i) => random() < chance(i));
      const day = 1 + Math.floor(random() * 28);
      return makeEntry({
        id: `2502.${String(n).padStart(5, "0")}`,
        // January to April: some pairs are more than 60 days apart.
        date: `2025-0${1 + (n % 4)}-${String(day).padStart(2, "0")}`,
        tags,
      });
    });
    const big = siteOf(entries);
    const brute = (paper: Paper): string[] => {
      // Days from the other paper's newest appearance to this one's: never negative in the window.
      const distance = (other: Paper) => (Date.parse(paper.latest.date) - Date.parse(other.latest.date)) / 86_400_000;
      // A tag weighs by how many papers within the window carry it.
      const window = [...big.papers.values()].filter((other) => distance(other) >= 0 && distance(other) <= 60);
      const weight = (name: string) => 1 / Math.log(1 + window.filter((other) => other.tags.includes(name)).length);
      // The 16 rarest of the paper's tags count.
      const order = [...paper.tags]
        .sort((a, b) => weight(b) - weight(a) || (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
        .slice(0, 16);
      return window
        .filter((other) => other.id !== paper.id && other.tags.some((tag) => order.includes(tag)))
        .map((other) => ({
          other,
          score: order.reduce((sum, tag) => (other.tags.includes(tag) ? sum + weight(tag) : sum), 0),
        }))
        .sort(
          (a, b) =>
            b.score - a.score ||
            distance(a.other) - distance(b.other) ||
            (a.other.latest.date < b.other.latest.date ? 1 : a.other.latest.date > b.other.latest.date ? -1 : 0) ||
            (a.other.id < b.other.id ? -1 : 1),
        )
        .slice(0, 6)
        .map(({ other }) => other.id);
    };
    let compared = 0;
    for (const paper of big.papers.values()) {
      expect(relatedPapers(big, paper, 6).map((other) => other.id)).toEqual(brute(paper));
      compared++;
    }
    expect(compared).toBe(300);
  });
});

// Review findings B3 and B4.
describe("escapeBibtex (B3)", () => {
  it.each([
    ["A & B", "A \\& B"],
    ["50% of #1 my_var", "50\\% of \\#1 my\\_var"],
    ["a\\b", "a\\textbackslash{}b"],
    ["~ and ^", "\\textasciitilde{} and \\textasciicircum{}"],
    ["$\\alpha$-divergence", "$\\alpha$-divergence"],
    ["$O(n^2)$ time & $x_{1}$", "$O(n^2)$ time \\& $x_{1}$"],
    ["costs $5", "costs \\$5"],
    ["$a$ and $", "\\$a\\$ and \\$"],
    ["{BERT} rocks", "{BERT} rocks"],
    ["unbalanced { brace", "unbalanced \\textbraceleft{} brace"],
    ["closing } first {", "closing \\textbraceright{} first \\textbraceleft{}"],
    ["$a_{1$ x$", "\\$a\\_\\textbraceleft{}1\\$ x\\$"],
    ["  many\n  spaces ", "many spaces"],
  ])("%j -> %j", (input, output) => {
    expect(escapeBibtex(input)).toBe(output);
  });
});

describe("arxivYear (B4)", () => {
  it.each([
    ["2501.00001", "2025"],
    ["0704.0001", "2007"],
    ["1412.6980", "2014"],
    ["hep-th/9901001", "1999"],
    ["cs/9105001", "1991"],
    ["math.AG/0501001", "2005"],
    ["math/0012001", "2000"],
    ["not-an-id", "2024"],
  ])("%s -> %s", (id, year) => {
    expect(arxivYear(id, "2024")).toBe(year);
  });
});

describe("toBibtex (B3, B4)", () => {
  it("writes an escaped entry with the year from an old-style id and every author", () => {
    const site = siteOf([
      makeEntry({
        id: "hep-th/9901001",
        date: "2025-03-01",
        title: "Strings & Branes: 100% {Exact}",
        authors: ["Jürgen Müller", "Bob O_Neil"],
      }),
      makeEntry({
        id: "hep-th/9901001",
        date: "2025-03-02",
        title: "Strings & Branes: 100% {Exact}",
        authors: ["Bob O_Neil", "Research and Development Team"],
      }),
    ]);
    expect(toBibtex(paperOf(site, "hep-th/9901001"))).toBe(
      [
        "@misc{muller1999_hep-th_9901001,",
        "  title = {{Strings \\& Branes: 100\\% {Exact}}},",
        "  author = {Jürgen Müller and Bob O\\_Neil and {Research and Development Team}},",
        "  year = {1999},",
        "  eprint = {hep-th/9901001},",
        "  archivePrefix = {arXiv},",
        "  url = {https://arxiv.org/abs/hep-th/9901001},",
        "}",
      ].join("\n"),
    );
  });

  it("gives distinct keys to papers by one author in one year, and an ASCII key for any name", () => {
    const site = siteOf([
      makeEntry({ id: "hep-th/9901001", authors: ["A Smith"] }),
      makeEntry({ id: "hep-ph/9901001", authors: ["A Smith"] }),
      makeEntry({ id: "2501.00003", authors: ["김철수"] }),
      makeEntry({ id: "2501.00004", authors: [] }),
    ]);
    const keys = [...site.papers.values()].map((paper) => /^@misc\{([^,]*),/.exec(toBibtex(paper))?.[1]);
    expect(keys).toEqual([
      "arxiv2025_2501.00003",
      "arxiv2025_2501.00004",
      "smith1999_hep-ph_9901001",
      "smith1999_hep-th_9901001",
    ]);
    expect(toBibtex(paperOf(site, "2501.00004"))).not.toContain("author =");
  });

  it("falls back to the first appearance's year for an id of neither form", () => {
    const site = siteOf([
      makeEntry({ id: "weird-id", date: "2023-12-31" }),
      makeEntry({ id: "weird-id", date: "2024-01-02" }),
    ]);
    expect(toBibtex(paperOf(site, "weird-id"))).toContain("  year = {2023},");
  });
});

// Review finding B6: the paper page, its JSON-LD and the author pages list the same authors.
describe("authors over all appearances (B6)", () => {
  const site = siteOf([
    makeEntry({ id: "2501.00001", date: "2025-01-01", authors: ["Ann Lee", "Bo Kim"] }),
    makeEntry({ id: "2501.00001", date: "2025-01-05", authors: ["bo kim", "Cy Park"] }),
    makeEntry({ id: "2501.00002", date: "2025-01-05", authors: ["Cy Park"] }),
  ]);
  const paper = paperOf(site, "2501.00001");

  it("keeps the union in first-seen order, one spelling per slug", () => {
    expect(paper.authors).toEqual(["Ann Lee", "Bo Kim", "Cy Park"]);
  });
  const everyone = () => true;
  it("shows that list on the paper page", () => {
    const view = toPaperView(paper, link, everyone);
    expect(view.entry.authors).toEqual(["Ann Lee", "Bo Kim", "Cy Park"]);
    expect(view.authors.map((a) => a.href)).toEqual([
      "/digest/authors/ann-lee/",
      "/digest/authors/bo-kim/",
      "/digest/authors/cy-park/",
    ]);
  });
  it("links only the authors that have a page, and names the others", () => {
    const view = toPaperView(paper, link, (slug) => slug === "cy-park");
    expect(view.authors).toEqual([
      { name: "Ann Lee", href: null },
      { name: "Bo Kim", href: null },
      { name: "Cy Park", href: "/digest/authors/cy-park/" },
    ]);
  });
  it("lists a paper on an author's page exactly when its page lists the author", () => {
    for (const author of site.authors.values()) {
      for (const p of site.papers.values()) {
        const onPaperPage = toPaperView(p, link, everyone).authors.some((a) => a.href?.endsWith(`/${author.slug}/`));
        expect(author.paperIds.includes(p.id)).toBe(onPaperPage);
      }
    }
    expect([...site.authors.keys()]).toEqual(["ann-lee", "bo-kim", "cy-park"]);
    expect(site.authors.get("cy-park")?.paperIds).toEqual(["2501.00001", "2501.00002"]);
  });
  it("puts the same authors in the JSON-LD", async () => {
    const html = String((await renderSite(site, config, "templates")).get("papers/2501.00001/index.html"));
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? "{}";
    expect(JSON.parse(json).author).toEqual([
      { "@type": "Person", name: "Ann Lee" },
      { "@type": "Person", name: "Bo Kim" },
      { "@type": "Person", name: "Cy Park" },
    ]);
  });
});

// Issue #5: an author gets a page from `authorPageMinPapers` papers on (default 2).
describe("author pages", () => {
  const site = siteOf([
    makeEntry({ id: "2501.00001", date: "2025-01-01", authors: ["Ann Lee", "Cy Park"] }),
    makeEntry({ id: "2501.00002", date: "2025-01-02", authors: ["Cy Park", "Do Yun"] }),
  ]);
  const authorPages = (files: Map<string, unknown>) =>
    [...files.keys()].filter((file) => /^authors\/.+\/index\.html$/.test(file)).sort();

  it("are made only for authors with enough papers, and only those are linked", async () => {
    const files = await renderSite(site, config, "templates");
    expect(authorPages(files)).toEqual(["authors/cy-park/index.html"]);
    const paperPage = String(files.get("papers/2501.00001/index.html"));
    expect(paperPage).toContain('<p class="authors">Ann Lee, <a href="/digest/authors/cy-park/">Cy Park</a></p>');
    const index = String(files.get("authors/index.html"));
    expect(index).toContain("논문 2편 이상인 저자 1명");
    expect(index).toContain("나머지 저자 2명");
    expect(index).not.toContain("authors/ann-lee/");
  });
  it("are made for every author at 1", async () => {
    const files = await renderSite(site, { ...config, authorPageMinPapers: 1 }, "templates");
    expect(authorPages(files)).toEqual([
      "authors/ann-lee/index.html",
      "authors/cy-park/index.html",
      "authors/do-yun/index.html",
    ]);
    expect(String(files.get("authors/index.html"))).toContain("저자 3명, 이름순입니다.");
    expect(String(files.get("papers/2501.00002/index.html"))).toContain('<a href="/digest/authors/do-yun/">Do Yun</a>');
  });
  // Issue #5: as a tag's, an author's older papers are on pages of `perPage` counted from
  // the oldest, so that a prolific author's page does not grow with the archive.
  it("page an author's papers as a tag's: the newest on the author's page, older ones from the oldest", async () => {
    const prolific = siteOf(
      Array.from({ length: 7 }, (_, n) =>
        makeEntry({ id: `2501.0001${n}`, date: `2025-01-1${n}`, authors: ["Ann Lee"] }),
      ),
    );
    const files = await renderSite(prolific, { ...config, perPage: 2 }, "templates");
    expect(authorPages(files)).toEqual([
      "authors/ann-lee/index.html",
      "authors/ann-lee/page/1/index.html",
      "authors/ann-lee/page/2/index.html",
    ]);
    const rowIds = (file: string) =>
      [...String(files.get(file)).matchAll(/href="\/digest\/papers\/([^/]+)\/"/g)].map((m) => m[1]);
    expect(rowIds("authors/ann-lee/index.html")).toEqual(["2501.00016", "2501.00015", "2501.00014"]);
    expect(rowIds("authors/ann-lee/page/2/index.html")).toEqual(["2501.00013", "2501.00012"]);
    expect(rowIds("authors/ann-lee/page/1/index.html")).toEqual(["2501.00011", "2501.00010"]);
    const own = String(files.get("authors/ann-lee/index.html"));
    expect(own).toContain("논문 7편, 최신순");
    expect(own).toContain('<a rel="next" href="/digest/authors/ann-lee/page/2/">');
    const oldest = String(files.get("authors/ann-lee/page/1/index.html"));
    expect(oldest).toContain(
      '<time datetime="2025-01-10">2025-01-10</time> ~ <time datetime="2025-01-11">2025-01-11</time>에 소개된 논문',
    );
    expect(oldest).toContain('<a rel="prev" href="/digest/authors/ann-lee/page/2/">');
    expect(oldest).not.toContain('rel="next"');
    expect(oldest).toContain("<title>Ann Lee · 2025-01-10 ~ 2025-01-11 · ");
  });
});

// Issue #5: past `AUTHOR_INDEX_MAX` authors with a page, the index is split into sections
// by initial, and a section too large for a page by one more letter at a time, so that no
// page of it grows with the archive (at ten years its one page was 4 MB).
describe("authors index", () => {
  it.each([
    ["Ann Lee", "A", "An"],
    ["émile Roux", "E", "Em"],
    ["Øystein Berg", "O", "Oy"],
    ["Łukasz Nowak", "L", "Lu"],
    ["Đặng Văn", "D", "Da"],
    ["Ærø Lund", "A", "Ar"],
    ["Ａｌｉｃｅ Kim", "A", "Al"],
    ["𝐀lice Smith", "A", "Al"],
    ["'t Hooft", "T", "Th"],
    ["H. Kim", "H", "Hk"],
    ["김민수", "ㄱ", "김"],
    ["꽃님", "ㄱ", "꽃"],
    ["똘이", "ㄷ", "똘"],
    ["황지수", "ㅎ", "황"],
    ["ㄱ Jamo", "ㄱ", "ㄱ"],
    ["ᄀ Jamo", "ㄱ", "ㄱ"],
    ["王小明", OTHER_INITIAL, "王"],
    ["ωmega Lee", OTHER_INITIAL, "Ω"],
    ["42", OTHER_INITIAL, OTHER_INITIAL],
  ])("files %s under %s, and one letter deeper under %s", (name, initial, deeper) => {
    expect(sectionOf(name, 0)).toBe(initial);
    expect(sectionOf(name, 1)).toBe(deeper);
  });

  it("takes one more letter at each depth, as far as the name goes", () => {
    expect([1, 2, 3, 9].map((depth) => sectionOf("Hà Minh", depth))).toEqual(["Ha", "Ham", "Hami", "Haminh"]);
    expect([1, 2, 9].map((depth) => sectionOf("김민수", depth))).toEqual(["김", "김민", "김민수"]);
  });

  const names = ["Bo Kim", "ann Lee", "김민수", "Zoe Park", "Émile Roux", "王小明", "Ana Cruz", "나래", "Anna Bell"];
  const site = siteOf(
    ["2501.00001", "2501.00002"].map((id, n) => makeEntry({ id, date: `2025-01-0${n + 1}`, authors: names })),
  );
  const authorPages = [...site.authors.values()];
  const split = (max: number) => {
    const [first, ...sections] = toAuthorIndexPages(site, authorPages, link, 2, max);
    return { first: first?.view, sections };
  };

  it("is one page while it is small", () => {
    const pages = toAuthorIndexPages(site, authorPages, link, 2, names.length);
    expect(pages.map((page) => page.path)).toEqual(["authors/"]);
    expect(pages[0]?.view.sections).toBeNull();
    expect(pages[0]?.view.authors.map((author) => author.name)).toEqual([
      "Ana Cruz",
      "ann Lee",
      "Anna Bell",
      "Bo Kim",
      "Émile Roux",
      "Zoe Park",
      "김민수",
      "나래",
      "王小明",
    ]);
  });

  it("past its limit, is a page of sections by initial and a page per section, each author on one", () => {
    const { first, sections } = split(names.length - 1);
    expect(first?.authors).toEqual([]);
    expect(first?.sections?.map((section) => [section.name, section.count, section.current])).toEqual([
      ["A", 3, false],
      ["B", 1, false],
      ["E", 1, false],
      ["Z", 1, false],
      ["ㄱ", 1, false],
      ["ㄴ", 1, false],
      [OTHER_INITIAL, 1, false],
    ]);
    expect(sections.map((page) => page.path)).toEqual(
      ["A", "B", "E", "Z", "ㄱ", "ㄴ", OTHER_INITIAL].map((section) => `authors/_/${section}/`),
    );
    expect(first?.sections?.map((section) => section.href)).toEqual(
      sections.map((page) => `/digest/${encodeURI(page.path)}`),
    );
    const a = sections[0]?.view;
    expect(a?.section).toBe("A");
    expect(a?.authors.map((author) => author.name)).toEqual(["Ana Cruz", "ann Lee", "Anna Bell"]);
    expect(a?.sections?.filter((section) => section.current).map((section) => section.name)).toEqual(["A"]);
    expect(first?.counts).toEqual({ withPages: names.length, total: names.length, minPapers: 2 });
    // A section's page shows no count of the others, so it changes only when the section does.
    expect(sections.every((page) => page.view.counts === null)).toBe(true);
    expect(a?.sections?.every((section) => section.count === null)).toBe(true);
  });

  it("splits a section too large for a page by one more letter at a time", () => {
    const { first, sections } = split(2);
    expect(first?.sections?.map((section) => [section.name, section.count])).toEqual([
      ["Ana", 1],
      ["Ann", 2],
      ["B", 1],
      ["E", 1],
      ["Z", 1],
      ["ㄱ", 1],
      ["ㄴ", 1],
      [OTHER_INITIAL, 1],
    ]);
    expect(sections[1]?.path).toBe("authors/_/Ann/");
    expect(sections[1]?.view.authors.map((author) => author.name)).toEqual(["ann Lee", "Anna Bell"]);
  });

  // Names of any script, case and shape, and names close to each other in the letters the
  // sections are made of (cases, accents, folded letters, jamo, letters beyond the BMP): a
  // section's path is a file on a case-insensitive disk too.
  const close = fc.constantFrom(
    "A",
    "a",
    "B",
    "b",
    "Å",
    "å",
    "Ł",
    "ł",
    "ß",
    "ㄱ",
    "김",
    "ᄀ",
    "王",
    "ω",
    "Ω",
    "𝐀",
    " ",
    ".",
  );
  const name = fc.oneof(fc.string({ unit: "grapheme", maxLength: 6 }), fc.string({ unit: close, maxLength: 6 }));
  test.prop([fc.uniqueArray(name, { minLength: 2, maxLength: 40 }), fc.integer({ min: 1, max: 5 })])(
    "gives every author one section, no two sections one path, and none more than it takes unless its names are alike",
    (raw, max) => {
      const people = raw.map((name) => `${name} ${[...name].length}`);
      const many = siteOf(
        ["2501.00001", "2501.00002"].map((id, n) => makeEntry({ id, date: `2025-01-0${n + 1}`, authors: people })),
      );
      const authors = [...many.authors.values()];
      const pages = toAuthorIndexPages(many, authors, link, 2, max);
      // Split or not, the first page of a split index lists no author itself.
      const listed = pages.flatMap((page) => page.view.authors.map((author) => author.href));
      expect(listed.sort()).toEqual(authors.map((author) => link.href(`authors/${author.slug}/`)).sort());
      const folded = pages.map((page) => page.path.toLowerCase());
      expect(new Set(folded).size).toBe(pages.length);
      for (const { view } of pages.length > 1 ? pages.slice(1) : []) {
        const alike = new Set(view.authors.map((author) => sectionOf(author.name, 1000)));
        expect(view.authors.length <= max || alike.size === 1).toBe(true);
      }
    },
  );

  it("is split in the built site past AUTHOR_INDEX_MAX, each author page linked from one section", async () => {
    const many = Array.from({ length: AUTHOR_INDEX_MAX + 1 }, (_, n) => `${"ABC"[n % 3]}uthor ${n}`);
    const big = siteOf(
      ["2501.00001", "2501.00002"].map((id, n) => makeEntry({ id, date: `2025-01-0${n + 1}`, authors: many })),
    );
    const files = await renderSite(big, config, "templates");
    const index = String(files.get("authors/index.html"));
    expect(index).toContain(`논문 2편 이상인 저자 ${many.length}명`);
    expect(index).not.toContain('class="author-list"');
    for (const section of ["A", "B", "C"]) expect(index).toContain(`href="/digest/authors/_/${section}/"`);
    const sectionPages = ["A", "B", "C"].map((section) => String(files.get(`authors/_/${section}/index.html`)));
    expect(sectionPages[1]).toContain("‘B’ 항목의 저자 334명, 이름순입니다.");
    expect(sectionPages[1]).toContain('<span aria-current="page">B</span>');
    const linked = sectionPages.flatMap((html) =>
      [...html.matchAll(/href="\/digest\/authors\/([^_/][^/]*)\/"/g)].map((match) => match[1]),
    );
    const pages = [...files.keys()].filter((file) => /^authors\/[^_/][^/]*\/index\.html$/.test(file));
    expect(linked.sort()).toEqual(pages.map((file) => file.split("/")[1]).sort());
    expect(new Set(linked).size).toBe(many.length);
    expect(String(files.get("sitemap.xml"))).toContain("https://example.org/digest/authors/_/B/");
  });
});

// Issue #5: each year of the archive has a page of its own and `/archive/` shows the newest,
// so that no archive page grows with the years (at ten years the one page was 645 KB).
describe("archive", () => {
  const dates = ["2023-12-29", "2024-03-04", "2024-11-05", "2025-01-02", "2025-02-11"];
  const site = siteOf(dates.map((date, n) => makeEntry({ id: `2501.0000${n}`, date })));
  const calendarDays = (view: ArchiveView) =>
    (view.year?.months ?? []).flatMap((month) => month.weeks.flat().flatMap((cell) => (cell?.href ? [cell.date] : [])));

  it("gives every year a page, and shows the newest on the first page too", () => {
    const pages = toArchivePages(site, link);
    expect(pages.map((page) => [page.path, page.view.year?.year, page.view.first])).toEqual([
      ["archive/", "2025", true],
      ["archive/2025/", "2025", false],
      ["archive/2024/", "2024", false],
      ["archive/2023/", "2023", false],
    ]);
    expect(pages[2]?.view.year?.months.map((month) => month.key)).toEqual(["2024-11", "2024-03"]);
    expect(pages.map((page) => calendarDays(page.view))).toEqual([
      ["2025-02-11", "2025-01-02"],
      ["2025-02-11", "2025-01-02"],
      ["2024-11-05", "2024-03-04"],
      ["2023-12-29"],
    ]);
  });

  it("counts a paper shown on two days of a month once in the month's and the year's totals", () => {
    const twice = siteOf([
      makeEntry({ id: "2501.00001", date: "2025-01-06" }),
      makeEntry({ id: "2501.00001", date: "2025-01-08" }),
      makeEntry({ id: "2501.00002", date: "2025-01-08" }),
      makeEntry({ id: "2501.00002", date: "2025-02-03" }),
    ]);
    const year = toArchivePages(twice, link)[0]?.view.year;
    expect(year?.months.map((month) => [month.key, month.total])).toEqual([
      ["2025-02", 1],
      ["2025-01", 2],
    ]);
    expect(year?.total).toBe(2);
    // A day's count is that day's papers.
    const days = year?.months.flatMap((month) =>
      month.weeks.flat().flatMap((cell) => (cell?.href ? [cell.count] : [])),
    );
    expect(days).toEqual([1, 1, 2]);
  });

  it("links every year's page from every page, counts only on the first, so a year's page keeps its bytes", () => {
    const pages = toArchivePages(site, link);
    const yearHrefs = pages.slice(1).map((page) => `/digest/${page.path}`);
    for (const page of pages) expect(page.view.years.map((year) => year.href)).toEqual(yearHrefs);
    expect(pages.map((page) => page.view.years.filter((year) => year.current).map((year) => year.year))).toEqual([
      [],
      ["2025"],
      ["2024"],
      ["2023"],
    ]);
    expect(pages[0]?.view.years.map((year) => [year.name, year.count])).toEqual([
      ["2025년", 2],
      ["2024년", 2],
      ["2023년", 1],
    ]);
    expect(pages.slice(1).every((page) => page.view.years.every((year) => year.count === null))).toBe(true);
    // A day added to the newest year leaves the older years' pages as they were.
    const later = siteOf([...dates, "2025-03-02"].map((date, n) => makeEntry({ id: `2501.0000${n}`, date })));
    expect(toArchivePages(later, link).slice(2)).toEqual(pages.slice(2));
  });

  it("is the first page alone for a site without days", () => {
    expect(toArchivePages(siteOf([]), link)).toEqual([
      { path: "archive/", view: { first: true, years: [], year: null } },
    ]);
  });

  it("is built as those pages: titled by year, the current year marked, each year linked", async () => {
    const files = await renderSite(site, config, "templates");
    const first = String(files.get("archive/index.html"));
    expect(first).toContain('<a href="/digest/archive/2024/">2024년</a> <span class="count">2편</span>');
    expect(first).toContain('href="/digest/days/2025-02-11/"');
    expect(first).not.toContain('href="/digest/days/2024-11-05/"');
    expect(first).not.toContain("aria-current");
    const year = String(files.get("archive/2023/index.html"));
    expect(year).toContain("<h1>아카이브 · 2023년</h1>");
    expect(year).toContain(`<title>아카이브 · 2023년 · ${config.title}</title>`);
    expect(year).toContain('<meta name="description" content="2023년의 달별 달력">');
    expect(year).toContain('<span aria-current="page">2023년</span>');
    expect(year).toContain('href="/digest/days/2023-12-29/"');
    expect(String(files.get("sitemap.xml"))).toContain("https://example.org/digest/archive/2024/");
    // One year: its page is linked from the first page all the same.
    const one = await renderSite(siteOf([makeEntry({ date: "2025-02-11" })]), config, "templates");
    expect(String(one.get("archive/index.html"))).toContain('<a href="/digest/archive/2025/">2025년</a>');
  });
});

describe("an entry's extra text", () => {
  it("gets no box for what shows nothing (a comment alone), and keeps the rest in order", () => {
    const entry = makeEntry({ extra: ["<!-- 편집자 메모 -->", "캡션", "---", "![](https://x.org/a.png)"] });
    expect(toEntryView(entry, undefined, link).extraHtml).toEqual(["<p>캡션</p>", "<hr>"]);
  });

  it("names a video by what the file says it shows, on its day page and its own page", async () => {
    const media = { kind: "video" as const, url: "https://cdn.example.org/v.mp4", alt: "데모 영상" };
    const files = await renderSite(siteOf([makeEntry({ date: "2025-02-11", media })]), config, "templates");
    for (const page of ["days/2025-02-11/index.html", "papers/2501.00001/index.html"])
      expect(String(files.get(page))).toContain('src="https://cdn.example.org/v.mp4" aria-label="데모 영상"');
  });
});

describe("an entry's sections", () => {
  it("come in the file's order, another label between the standard ones included", () => {
    const file = join(import.meta.dirname, "..", "fixtures", "parse", "labels.md");
    const parsed = parseDayFile(readFileSync(file, "utf8"), "labels.md");
    const soup = parsed.entries.find((entry) => entry.id === "2503.00041");
    if (!soup) throw new Error("no 2503.00041 in labels.md");
    const view = toEntryView(soup, undefined, link);
    // labels.md: What's New, Technical Details, 고찰, Performance Highlights, Limitations.
    expect(view.sections.map((section) => section.label)).toEqual([
      "What's New",
      "Technical Details",
      "고찰",
      "Performance Highlights",
      "Limitations",
    ]);
  });

  it("put a section right after the standard one it follows in the file, whatever their order", () => {
    // Technical Details, 고찰, What's New, Performance Highlights: 고찰 stays after Technical Details.
    const entry = makeEntry({
      whatsNew: "새로운 점",
      technicalDetails: "세부",
      performanceHighlights: "성능",
      otherSections: [{ label: "고찰", text: "생각", after: "technicalDetails" }],
    });
    expect(toEntryView(entry, undefined, link).sections.map((section) => section.label)).toEqual([
      "What's New",
      "Technical Details",
      "고찰",
      "Performance Highlights",
    ]);
  });

  it("put a section the file gives before every standard one first", () => {
    const entry = makeEntry({
      whatsNew: "새로운 점",
      technicalDetails: "세부",
      otherSections: [{ label: "배경", text: "먼저 나온다", after: null }],
    });
    expect(toEntryView(entry, undefined, link).sections.map((section) => section.label)).toEqual([
      "배경",
      "What's New",
      "Technical Details",
    ]);
  });
});

describe("a day's list of its papers", () => {
  it("links each paper on the day page and the home page, in the page's order, folded", async () => {
    const site = siteOf([
      makeEntry({ id: "2501.00001", date: "2025-01-06", votes: 3, title: "First <Paper>" }),
      makeEntry({ id: "2501.00002", date: "2025-01-06", votes: 9 }),
    ]);
    const out = await renderSite(site, config, "templates");
    for (const page of ["index.html", "days/2025-01-06/index.html"]) {
      const html = String(out.get(page));
      const list = /<details class="day-contents">\s*<summary>논문 목록 \(2편\)<\/summary>([\s\S]*?)<\/details>/.exec(
        html,
      );
      expect(list, page).not.toBeNull();
      const targets = [...(list?.[1] ?? "").matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
      // Votes first, as the day shows them, and every target is a paper on the page.
      expect(targets, page).toEqual(["paper-2501.00002", "paper-2501.00001"]);
      for (const target of targets) expect(html, page).toContain(`id="${target}"`);
      expect(list?.[1], page).toContain("First &lt;Paper&gt;");
    }
    // One paper needs no list.
    const single = await renderSite(siteOf([makeEntry()]), config, "templates");
    expect(String(single.get("days/2025-01-01/index.html"))).not.toContain("day-contents");
  });
});

describe("the footer", () => {
  it("shows the site's credit line, escaped, on every page", async () => {
    const out = await renderSite(
      siteOf([makeEntry()]),
      { ...config, credit: "요약 <내 연구실> · CC BY 4.0" },
      "templates",
    );
    for (const page of ["index.html", "papers/2501.00001/index.html", "404.html"])
      expect(String(out.get(page)), page).toContain("<p>요약 &lt;내 연구실&gt; · CC BY 4.0</p>");
    expect(String(out.get("index.html"))).not.toContain("daily_papers_ko");
    // None by default: no other owner's licence, and no empty paragraph.
    const plain = String((await renderSite(siteOf([makeEntry()]), config, "templates")).get("index.html"));
    expect(/<footer class="site-footer">\s*<p><a href=/.test(plain)).toBe(true);
  });
});

describe("the home page", () => {
  it("links the day before the newest, near the top, and the rankings beside the week's best", async () => {
    const site = siteOf([
      makeEntry({ id: "2501.00001", date: "2025-01-03" }),
      makeEntry({ id: "2501.00002", date: "2025-01-06" }),
    ]);
    const html = String((await renderSite(site, config, "templates")).get("index.html"));
    const older = html.indexOf('<a rel="prev" href="/digest/days/2025-01-03/">');
    expect(older).toBeGreaterThan(-1);
    // Before the first summary, not after all of them.
    expect(older).toBeLessThan(html.indexOf('id="paper-2501.00002"'));
    expect(html).toContain('<a href="/digest/top/">추천 순위 더 보기</a>');
  });

  it("shows the newest day's title and notes, as that day's page does", async () => {
    const site = buildSite([
      {
        file: "2025-01-06.md",
        title: "설 연휴 특집",
        entries: [makeEntry({ date: "2025-01-06" })],
        notes: [
          { date: "2025-01-06", markdown: "오늘의 메모: 쉬어 갑니다", source: { file: "2025-01-06.md", line: 5 } },
        ],
        diagnostics: [],
      },
    ]);
    const out = await renderSite(site, config, "templates");
    for (const page of ["index.html", "days/2025-01-06/index.html"]) {
      const html = String(out.get(page));
      expect(html, page).toContain("설 연휴 특집");
      expect(html, page).toContain("오늘의 메모: 쉬어 갑니다");
    }
  });
});

describe("ids in summaries", () => {
  // Two papers of one day, each with footnote 1 in two sections, a bullet and a note that name an anchor.
  const withNotes = (id: string) =>
    makeEntry({
      id,
      date: "2025-01-06",
      whatsNew: `${id}의 새로운 점[^1]\n\n[^1]: ${id}의 첫 각주`,
      technicalDetails: `세부 사항[^1]\n\n[^1]: ${id}의 둘째 각주`,
      bullets: ['<a name="here"></a>[여기](#here)'],
    });
  const site = buildSite([
    {
      file: "2025-01-06.md",
      title: null,
      entries: [withNotes("2501.00001"), withNotes("2501.00002")],
      notes: [
        { date: "2025-01-06", markdown: "메모[^1]\n\n[^1]: 메모의 각주", source: { file: "2025-01-06.md", line: 3 } },
      ],
      diagnostics: [],
    },
  ]);
  const idsOf = (html: string) => [...html.matchAll(/ (?:id|name)="([^"]+)"/g)].map((match) => match[1] as string);
  const targetsOf = (html: string) => [...html.matchAll(/ href="#([^"]+)"/g)].map((match) => match[1] as string);
  const describedBy = (html: string) =>
    [...html.matchAll(/ aria-describedby="([^"]+)"/g)].flatMap((match) => (match[1] as string).split(" "));

  it("are unique on every page and every footnote link lands on its own summary's note", async () => {
    const out = await renderSite(site, config, "templates");
    for (const page of ["index.html", "days/2025-01-06/index.html", "papers/2501.00002/index.html"]) {
      const html = String(out.get(page));
      const ids = idsOf(html).filter((id) => id.startsWith("user-content-"));
      expect(ids.length, page).toBeGreaterThan(0);
      // A name and an id may be one anchor's; no two elements share either.
      expect(new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])).size, page).toBe(
        [...html.matchAll(/ id="([^"]+)"/g)].length,
      );
      for (const target of [...targetsOf(html), ...describedBy(html)]) expect(idsOf(html), page).toContain(target);
    }
    // The second paper's first footnote link points at the second paper's first note.
    const day = String(out.get("days/2025-01-06/index.html"));
    const link = /2501\.00002의 새로운 점<sup><a href="#([^"]+)"/.exec(day)?.[1];
    expect(new RegExp(`id="${link?.replaceAll(".", "\\.")}"[^]*?2501\\.00002의 첫 각주`).test(day)).toBe(true);
  });

  it("are the same on a paper's day page and its own page", async () => {
    const out = await renderSite(site, config, "templates");
    const ofPaper = (page: string) =>
      idsOf(String(out.get(page))).filter((id) => id.startsWith("user-content-2501.00001-"));
    expect(ofPaper("papers/2501.00001/index.html").length).toBeGreaterThan(0);
    expect(ofPaper("papers/2501.00001/index.html")).toEqual(ofPaper("days/2025-01-06/index.html"));
  });
});

describe("a paper's one-line description", () => {
  it("closes a bidi override its summary leaves open, and one its cut title lost", async () => {
    const site = siteOf([
      makeEntry({ id: "2501.00001", whatsNew: "요약 \u202E뒤집힌 글" }),
      // A title that was closed (by the parser) but is cut before its closer.
      makeEntry({ id: "2501.00002", whatsNew: null, title: `${"A".repeat(20)}\u202E${"B".repeat(180)}\u202C` }),
    ]);
    const out = await renderSite(site, config, "templates");
    for (const [page, text] of [
      ["papers/2501.00001/index.html", "요약 \u202E뒤집힌 글\u202C"],
      ["papers/2501.00002/index.html", `${"A".repeat(20)}\u202E${"B".repeat(138)}…\u202C`],
    ] as const) {
      expect(String(out.get(page))).toContain(`<meta name="description" content="${text}">`);
    }
    expect(String(out.get("feed.xml"))).toContain("요약 \u202E뒤집힌 글\u202C");
    expect(
      JSON.parse(String(out.get("feed.json"))).items.map((item: { content_text: string }) => item.content_text),
    ).toContain("요약 \u202E뒤집힌 글\u202C");
  });
});
