import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build, DEFAULT_OPTIONS } from "../../src/build.ts";
import { planSearchShards } from "../../src/search/index.ts";
import type { PaperEntry } from "../../src/types.ts";
import { makeEntry, siteOf } from "../helpers/entry.ts";
import { fileTimes, fileTree } from "../helpers/tree.ts";

const shardsOf = (entries: readonly PaperEntry[]) =>
  planSearchShards(siteOf(entries)).map((shard) => [shard.dir, shard.papers.map((paper) => paper.id)]);

// Issue #5: adding a day re-indexes only the newest week of the search index.
describe("planSearchShards", () => {
  it("puts the newest week in the main bundle, the rest of its month in a shard per week, the newest year by quarter and earlier years by half, newest first", () => {
    expect(
      shardsOf([
        makeEntry({ id: "2312.00001", date: "2023-12-30" }),
        makeEntry({ id: "2301.00001", date: "2023-01-02" }),
        makeEntry({ id: "2401.00001", date: "2024-01-01" }),
        makeEntry({ id: "2403.00001", date: "2024-03-31" }),
        makeEntry({ id: "2404.00001", date: "2024-04-01" }),
        makeEntry({ id: "2404.00002", date: "2024-04-30" }),
        makeEntry({ id: "2405.00002", date: "2024-05-01" }),
        makeEntry({ id: "2405.00003", date: "2024-05-19" }),
        makeEntry({ id: "2405.00001", date: "2024-05-20" }),
        makeEntry({ id: "2405.00004", date: "2024-05-21" }),
        makeEntry({ id: "2201.00001", date: "2022-01-03" }),
        makeEntry({ id: "2307.00001", date: "2023-07-01" }),
        makeEntry({ id: "2306.00001", date: "2023-06-30" }),
      ]),
    ).toEqual([
      // 2024-05-20 is a Monday: the week's Tuesday is the newest day. The 19th closes ISO
      // week 20, and the 1st is in week 18, which began in April.
      ["pagefind/", ["2405.00004", "2405.00001"]],
      ["pagefind/shards/2024-05-w20/", ["2405.00003"]],
      ["pagefind/shards/2024-05-w18/", ["2405.00002"]],
      ["pagefind/shards/2024-q2/", ["2404.00002", "2404.00001"]],
      ["pagefind/shards/2024-q1/", ["2403.00001", "2401.00001"]],
      ["pagefind/shards/2023-h2/", ["2312.00001", "2307.00001"]],
      ["pagefind/shards/2023-h1/", ["2306.00001", "2301.00001"]],
      ["pagefind/shards/2022-h1/", ["2201.00001"]],
    ]);
  });

  it("labels a week by its ISO week number, which early in January is the year before's", () => {
    // 2027-01-01 is a Friday in ISO week 53 of 2026; 11 January is the Monday of week 2.
    expect(
      shardsOf([
        makeEntry({ id: "2701.00001", date: "2027-01-01" }),
        makeEntry({ id: "2701.00002", date: "2027-01-04" }),
        makeEntry({ id: "2701.00003", date: "2027-01-12" }),
      ]),
    ).toEqual([
      ["pagefind/", ["2701.00003"]],
      ["pagefind/shards/2027-01-w01/", ["2701.00002"]],
      ["pagefind/shards/2027-01-w53/", ["2701.00001"]],
    ]);
  });

  it("leaves the days of the newest week that fall in the month before in that month's quarter", () => {
    // 2024-07-02 is a Tuesday: its week began on 1 July, and Sunday 30 June is in the second quarter.
    expect(
      shardsOf([
        makeEntry({ id: "2406.00001", date: "2024-06-30" }),
        makeEntry({ id: "2407.00001", date: "2024-07-01" }),
        makeEntry({ id: "2407.00002", date: "2024-07-02" }),
      ]),
    ).toEqual([
      ["pagefind/", ["2407.00002", "2407.00001"]],
      ["pagefind/shards/2024-q2/", ["2406.00001"]],
    ]);
    // 2024-06-01 is a Saturday: the May days of its week are already in the quarter.
    expect(
      shardsOf([
        makeEntry({ id: "2405.00001", date: "2024-05-27" }),
        makeEntry({ id: "2406.00001", date: "2024-06-01" }),
      ]),
    ).toEqual([
      ["pagefind/", ["2406.00001"]],
      ["pagefind/shards/2024-q2/", ["2405.00001"]],
    ]);
  });

  it("folds the quarters into two half-year shards once a new year starts", () => {
    const year = [3, 6, 9, 12].map((month) =>
      makeEntry({ id: `24${String(month).padStart(2, "0")}.00001`, date: `2024-${String(month).padStart(2, "0")}-15` }),
    );
    expect(shardsOf(year).map(([dir]) => dir)).toEqual([
      "pagefind/",
      "pagefind/shards/2024-q3/",
      "pagefind/shards/2024-q2/",
      "pagefind/shards/2024-q1/",
    ]);
    expect(shardsOf([...year, makeEntry({ id: "2501.00001", date: "2025-01-01" })])).toEqual([
      ["pagefind/", ["2501.00001"]],
      ["pagefind/shards/2024-h2/", ["2412.00001", "2409.00001"]],
      ["pagefind/shards/2024-h1/", ["2406.00001", "2403.00001"]],
    ]);
  });

  it("files a paper by its newest appearance", () => {
    expect(
      shardsOf([
        makeEntry({ id: "2301.00001", date: "2023-01-10" }),
        makeEntry({ id: "2301.00002", date: "2023-01-10" }),
        makeEntry({ id: "2301.00001", date: "2024-02-02" }),
      ]),
    ).toEqual([
      ["pagefind/", ["2301.00001"]],
      ["pagefind/shards/2023-h1/", ["2301.00002"]],
    ]);
  });

  it("keeps an empty main bundle for a site without papers", () => {
    expect(shardsOf([])).toEqual([["pagefind/", []]]);
  });
});

function dayFile(date: string, ids: readonly string[]): string {
  const papers = ids.map(
    (id) =>
      `### [Paper ${id} 확산 모델](https://arxiv.org/abs/${id})\n\nVote: 4\n\n- **What's New**: ${date}의 논문 ${id}은 확산 모델을 다룹니다.\n`,
  );
  return `## Daily Papers (${date})\n\n${papers.join("\n")}`;
}

describe("search shards in a build", () => {
  const root = mkdtempSync(join(tmpdir(), "digest-shards-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const content = join(root, "content");
  const options = { ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, "dist"), cacheDir: join(root, "c") };
  const write = (date: string, ids: readonly string[]) =>
    writeFileSync(join(content, `${date}.md`), dayFile(date, ids));

  it("leaves older shards untouched when a day is added, and matches a clean build", async () => {
    mkdirSync(content, { recursive: true });
    write("2023-12-29", ["2312.00001", "2312.00002"]);
    write("2024-04-30", ["2404.00001"]);
    write("2024-05-01", ["2405.00001"]);
    await build(options);
    const shards = join(options.outDir, "pagefind", "shards");
    expect(readdirSync(shards).sort()).toEqual(["2023-h2", "2024-q2"]);
    const search = readFileSync(join(options.outDir, "search", "index.html"), "utf8");
    expect(search).toContain('data-shards="/pagefind/shards/2024-q2/ /pagefind/shards/2023-h2/"');
    const before = fileTimes(shards);
    const mainEntry = readFileSync(join(options.outDir, "pagefind", "pagefind-entry.json"), "utf8");

    write("2024-05-02", ["2405.00002"]);
    expect((await build(options)).cacheHits.searchShards).toBe(2);
    expect(fileTimes(shards)).toEqual(before);
    expect(readFileSync(join(options.outDir, "pagefind", "pagefind-entry.json"), "utf8")).not.toBe(mainEntry);

    // The 2023 paper appears again in May: it moves to the main bundle and the 2023-h2 shard shrinks.
    write("2024-05-03", ["2312.00001"]);
    expect((await build(options)).cacheHits.searchShards).toBe(1);
    const after = fileTimes(shards);
    expect(after.get(join("2024-q2", "pagefind-entry.json"))).toBe(before.get(join("2024-q2", "pagefind-entry.json")));
    expect(after.get(join("2023-h2", "pagefind-entry.json"))).not.toBe(
      before.get(join("2023-h2", "pagefind-entry.json")),
    );

    // Shards are keyed by the bytes of the files their papers come from: an edit to an
    // April day re-indexes the second-quarter shard only, and other settings re-index everything.
    const april = join(content, "2024-04-30.md");
    writeFileSync(april, readFileSync(april, "utf8").replace("확산 모델을 다룹니다", "강화 학습을 다룹니다"));
    expect((await build(options)).cacheHits.searchShards).toBe(2);
    expect(fileTimes(shards).get(join("2024-q2", "pagefind-entry.json"))).not.toBe(
      after.get(join("2024-q2", "pagefind-entry.json")),
    );
    const topics = { topics: [{ name: "rl", ko: "강화학습", terms: ["강화 학습"], min: 1 }] };
    expect((await build({ ...options, overrides: topics })).cacheHits.searchShards).toBe(0);
    expect((await build(options)).cacheHits.searchShards).toBe(0);

    // A new month: May joins the second-quarter shard, and 2023 is kept.
    write("2024-06-01", ["2406.00001"]);
    expect((await build(options)).cacheHits.searchShards).toBe(1);
    expect(readdirSync(shards).sort()).toEqual(["2023-h2", "2024-q2"]);
    // A new week (3 June is a Monday): the month's days of the week before become a shard,
    // and the rest are kept.
    write("2024-06-03", ["2406.00002"]);
    expect((await build(options)).cacheHits.searchShards).toBe(2);
    expect(readdirSync(shards).sort()).toEqual(["2023-h2", "2024-06-w22", "2024-q2"]);
    const firstWeek = fileTimes(join(shards, "2024-06-w22"));
    // The next Monday indexes only the week before it: the month's first week is kept.
    write("2024-06-10", ["2406.00003"]);
    expect((await build(options)).cacheHits.searchShards).toBe(3);
    expect(readdirSync(shards).sort()).toEqual(["2023-h2", "2024-06-w22", "2024-06-w23", "2024-q2"]);
    expect(fileTimes(join(shards, "2024-06-w22"))).toEqual(firstWeek);

    await build({ ...options, outDir: join(root, "clean"), cacheDir: join(root, "c2"), cache: false });
    expect(fileTree(options.outDir)).toEqual(fileTree(join(root, "clean")));
  });

  it("re-indexes an older shard when a new file changes how one of its papers' tags is spelled", async () => {
    const spelling = join(root, "spelling");
    mkdirSync(spelling);
    const tagged = (date: string, id: string, tag: string) =>
      `---\ntags:\n  "${id}": [${tag}]\n---\n\n${dayFile(date, [id])}`;
    writeFileSync(join(spelling, "2023-12-29.md"), tagged("2023-12-29", "2312.00005", "graph-nets"));
    writeFileSync(join(spelling, "2024-04-30.md"), dayFile("2024-04-30", ["2404.00009"]));
    const tagOptions = { ...options, contentDir: spelling, outDir: join(root, "spelling-dist") };
    await build(tagOptions);
    expect(readdirSync(join(tagOptions.outDir, "pagefind", "shards"))).toEqual(["2023-h2"]);
    // A lower id spells the tag first, so the 2023 paper's search document now says `Graph-Nets`.
    writeFileSync(join(spelling, "2024-05-01.md"), tagged("2024-05-01", "2301.00001", "Graph-Nets"));
    expect((await build(tagOptions)).cacheHits.searchShards).toBe(0);
    await build({ ...tagOptions, outDir: join(root, "spelling-clean"), cache: false });
    expect(fileTree(tagOptions.outDir)).toEqual(fileTree(join(root, "spelling-clean")));
  });
});
