import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { synthesizeArchive, synthesizeFiles } from "../../scripts/synth.ts";
import { build, DEFAULT_OPTIONS, PACKAGE_ROOT } from "../../src/build.ts";
import { AUTHOR_INDEX_MAX } from "../../src/render/views/index.ts";
import { expectSameAsCleanBuild, projectOptions } from "../helpers/project.ts";
import { fileTree } from "../helpers/tree.ts";

const root = mkdtempSync(join(tmpdir(), "digest-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Issue #5: the cache never makes output differ from a clean build.
describe("incremental build", () => {
  it("gives the same bytes as a clean build after a sequence of edits", async () => {
    const content = join(root, "content");
    await synthesizeArchive(content, 6, 3);
    const options = { ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, "dist"), cacheDir: join(root, "c") };
    const first = await build(options);
    expect(first.cacheHits.parsed).toBe(0);

    const again = await build(options);
    expect(again.written).toBe(0);
    // Nothing changed: the build stops before parsing and reports what the last one did.
    expect(again.content).toBeNull();
    expect([again.papers, again.days, again.pages]).toEqual([first.papers, first.days, first.pages]);
    expect(again.diagnostics).toEqual(first.diagnostics);

    const days = synthesizeFiles(7, 3);
    const added = days[6];
    if (added === undefined) throw new Error("no day");
    writeFileSync(join(content, added.file), added.text);
    const edited = join(content, (days[1] as { file: string }).file);
    const kept = join(
      options.outDir,
      "days",
      (days[3] as { file: string }).file.replaceAll("/", "-").replace(".md", ""),
      "index.html",
    );
    const keptTime = statSync(kept).mtimeMs;
    const afterAdd = await build(options);
    expect(afterAdd.cacheHits.parsed).toBe(6);
    expect(afterAdd.written).toBeGreaterThan(0);
    expect(afterAdd.written).toBeLessThan(afterAdd.pages / 2);
    expect(statSync(kept).mtimeMs).toBe(keptTime);

    writeFileSync(edited, readFileSync(edited, "utf8").replace("Vote: ", "Vote: 1"));
    appendFileSync(
      edited,
      "\n### [Late Paper](https://arxiv.org/abs/2305.99999)\n\nVote: 5\n\n- **What's New**: 늦게 추가된 논문입니다.\n",
    );
    await build(options);
    rmSync(join(content, (days[2] as { file: string }).file));
    const last = await build(options);

    const clean = await build({ ...options, outDir: join(root, "clean"), cacheDir: join(root, "c2"), cache: false });
    expect(clean.pages).toBe(last.pages);
    expect(fileTree(options.outDir)).toEqual(fileTree(join(root, "clean")));
  });

  it("survives a deleted or corrupt cache", async () => {
    const content = join(root, "content");
    const options = {
      ...DEFAULT_OPTIONS,
      contentDir: content,
      outDir: join(root, "dist2"),
      cacheDir: join(root, "c3"),
    };
    await build(options);
    const cacheFiles = readdirSync(join(root, "c3"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
    // The build's own files and one parsed record per content file (plus the record folder's tool version).
    expect(cacheFiles.length).toBeGreaterThan(readdirSync(content, { recursive: true }).length);
    for (const file of cacheFiles) writeFileSync(file, "not a cache");
    const result = await build(options);
    expect(result.cacheHits.parsed).toBe(0);
    expect(result.written).toBe(0);
    // A record under another record's name is never taken for it.
    const folder = join(root, "c3", readdirSync(join(root, "c3")).find((name) => name.startsWith("parsed-")) ?? "");
    const records = readdirSync(folder).filter((name) => name.endsWith(".bin"));
    const [first, second] = records.map((name) => join(folder, name));
    if (first === undefined || second === undefined) throw new Error("fewer than two records");
    writeFileSync(first, readFileSync(second));
    const swapped = await build({ ...options, outDir: join(root, "dist2b") });
    expect(swapped.cacheHits.parsed).toBe(records.length - 1);
    expect(fileTree(join(root, "dist2b"))).toEqual(fileTree(options.outDir));
    rmSync(join(root, "c3"), { recursive: true, force: true });
    const afterDelete = await build(options);
    expect(afterDelete.cacheHits.parsed).toBe(0);
    // Unchanged files are still recognised by their bytes on disk and keep their mtime.
    expect(afterDelete.written).toBe(0);
  });
});

describe("a damaged cache", () => {
  it("is not used where the damage still reads as a record, and what a killed save left is removed", async () => {
    const options = projectOptions(root, "damaged");
    await synthesizeArchive(options.contentDir, 4, 9);
    await build(options);
    // One letter of a title in its record, the record otherwise whole (an audit flipped V to W).
    const folder = join(
      options.cacheDir,
      readdirSync(options.cacheDir).find((name) => name.startsWith("parsed-")) ?? "",
    );
    const title = /^### \[([A-Za-z][^\]]{8,})\]/m.exec(
      readFileSync(join(options.contentDir, (synthesizeFiles(1, 9)[0] as { file: string }).file), "utf8"),
    )?.[1];
    if (title === undefined) throw new Error("no title");
    // V8 writes a string of Latin-1 letters one byte a letter, and any other two (UTF-16).
    const encodings = ["latin1", "utf16le"] as const;
    const damaged = readdirSync(folder)
      .map((name) => join(folder, name))
      .find((file) => encodings.some((encoding) => readFileSync(file).includes(title, 0, encoding)));
    if (damaged === undefined) throw new Error("no record holds the title");
    const bytes = readFileSync(damaged);
    const at = Math.max(...encodings.map((encoding) => bytes.indexOf(title, 0, encoding)));
    bytes[at] = (bytes[at] as number) ^ 1;
    writeFileSync(damaged, bytes);
    // A save killed midway left its temporary file.
    const leftover = join(options.cacheDir, "build-v8.bin.99999-1.tmp");
    writeFileSync(leftover, "half a cache");
    const added = synthesizeFiles(5, 9)[4] as { file: string; text: string };
    mkdirSync(join(options.contentDir, added.file, ".."), { recursive: true });
    writeFileSync(join(options.contentDir, added.file), added.text);
    const rebuilt = await build(options);
    expect(rebuilt.cacheHits.parsed).toBe(3);
    await expectSameAsCleanBuild(options);
    expect(existsSync(leftover)).toBe(false);
  });
});

// Issue #5: a template change re-renders what uses it; the search index does not use any.
describe("a template change", () => {
  /** Files whose bytes differ between two `fileTree`s, or that only one has. */
  const changed = (before: Map<string, string>, after: Map<string, string>) =>
    [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path)).sort();

  it("re-renders only the pages whose template, layout or partials changed, and keeps the search index", async () => {
    const templatesDir = join(root, "templates");
    cpSync(DEFAULT_OPTIONS.templatesDir, templatesDir, { recursive: true });
    const options = { ...projectOptions(root, "templated"), templatesDir, search: true };
    await synthesizeArchive(options.contentDir, 6, 5);
    // The shipped taxonomy, so that there are tag pages.
    cpSync(join(PACKAGE_ROOT, "content", "site.yaml"), join(options.contentDir, "site.yaml"));
    await build(options);
    const shards =
      1 +
      (existsSync(join(options.outDir, "pagefind", "shards"))
        ? readdirSync(join(options.outDir, "pagefind", "shards")).length
        : 0);
    const first = fileTree(options.outDir);
    const ofTemplates = (pattern: RegExp) => [...first.keys()].filter((path) => pattern.test(path)).sort();
    const tagPages = ofTemplates(/^tags\/[^/]+\/(.+\/)?index\.html$/);
    expect(tagPages.length).toBeGreaterThan(4);

    // A stylesheet is no template's: every page (and day JSON) is kept, which is the count to subtract from.
    appendFileSync(join(templatesDir, "assets", "style.css"), "\n/* touched */\n");
    const afterAsset = await build(options);
    expect(afterAsset.written).toBe(1);
    const everything = afterAsset.cacheHits.pages;

    appendFileSync(join(templatesDir, "tag.eta"), "\n<p>tag template edited</p>\n");
    const afterTag = await build(options);
    const second = fileTree(options.outDir);
    expect(changed(first, second)).toEqual([...tagPages, "assets/style.css"].sort());
    expect(afterTag.written).toBe(tagPages.length);
    // Every other page was kept without being rendered, not rendered to the same bytes.
    expect(afterTag.cacheHits.pages).toBe(everything - tagPages.length);
    expect(afterTag.cacheHits.searchShards).toBe(shards);
    await expectSameAsCleanBuild(options);

    // The row partial is in the tag, ranking, author, paper and home templates, not in the day's
    // (the home page shows rows only for a week with votes, so its bytes may stay the same).
    appendFileSync(join(templatesDir, "partials", "paperRow.eta"), "<!-- row edited -->");
    const afterRow = await build(options);
    const withRows = [
      ...tagPages,
      ...ofTemplates(/^top\/(.+\/)?index\.html$/),
      ...ofTemplates(/^authors\/[^/]+\/index\.html$/),
      ...ofTemplates(/^papers\/[^/]+\/index\.html$/),
      "index.html",
    ];
    expect(afterRow.cacheHits.pages).toBe(everything - withRows.length);
    const third = fileTree(options.outDir);
    expect(changed(second, third).every((path) => withRows.includes(path))).toBe(true);
    expect(afterRow.cacheHits.searchShards).toBe(shards);
    await expectSameAsCleanBuild(options);

    // The layout is in every page template, those of the pages keyed by their view too.
    appendFileSync(join(templatesDir, "layout.eta"), "<!-- edited -->");
    const afterLayout = await build(options);
    const pages = [...third.keys()].filter((path) => path.endsWith(".html")).sort();
    expect(changed(third, fileTree(options.outDir))).toEqual(pages);
    expect(afterLayout.cacheHits.pages).toBe(everything - pages.length);
    expect(afterLayout.cacheHits.searchShards).toBe(shards);
    await expectSameAsCleanBuild(options);
  }, 60_000);
});

// Issue #5: paper and author pages are kept by the source files of the papers they show,
// so whatever else a page shows must be in that key too.
describe("pages keyed by their papers", () => {
  const paper = (id: string, title: string) =>
    `### [${title}](https://arxiv.org/abs/${id})\n\nVote: 3\n\nAuthors: Ada Kim\n\n- **What's New**: ${title} 요약.\n`;
  const day = (date: string, tags: Record<string, string>, papers: string[]) =>
    `---\ntags:\n${Object.entries(tags)
      .map(([id, list]) => `  "${id}": [${list}]`)
      .join("\n")}\n---\n\n## Daily Papers (${date})\n\n${papers.join("\n")}`;
  /** A project `name` with an empty content folder, and a writer of its day files. */
  const project = (name: string) => {
    const options = projectOptions(root, name);
    mkdirSync(options.contentDir, { recursive: true });
    const writeDay = (date: string, tags: Record<string, string>, papers: string[]) =>
      writeFileSync(join(options.contentDir, `${date}.md`), day(date, tags, papers));
    return { options, content: options.contentDir, writeDay };
  };

  it("re-renders an old paper when a new file changes how its tag is spelled", async () => {
    const { options, writeDay } = project("spelling");
    const old = Array.from({ length: 7 }, (_, n) => `2502.0020${n}`);
    writeDay(
      "2025-02-10",
      Object.fromEntries(old.map((id) => [id, "graph-nets, rare-x"])),
      old.map((id) => paper(id, `Old ${id}`)),
    );
    await build(options);
    const page = join(options.outDir, "papers", "2502.00203", "index.html");
    expect(readFileSync(page, "utf8")).toContain(">graph-nets<");
    // A lower id spells the tag first, so every paper now shows `Graph-Nets`; the new paper
    // is later than the old ones, so it is not among their related papers.
    writeDay("2025-02-11", { "2502.00100": "Graph-Nets" }, [paper("2502.00100", "New")]);
    const incremental = await build(options);
    expect(incremental.cacheHits.pages).toBeGreaterThan(0);
    expect(readFileSync(page, "utf8")).toContain(">Graph-Nets<");
    await expectSameAsCleanBuild(options);
  });
  it("keeps every older paper page when a day is added, and re-renders those 60 days after an edit but not 61", async () => {
    const { options, writeDay } = project("window-edge");
    // The days of each paper's newest appearance: the old paper's, 60 days after it and 61.
    writeDay("2025-01-01", { "2501.00001": "rare-y" }, [paper("2501.00001", "Old")]);
    writeDay("2025-03-02", { "2503.00060": "other-y" }, [paper("2503.00060", "Sixty")]);
    writeDay("2025-03-03", { "2503.00061": "other-z" }, [paper("2503.00061", "Sixty-one")]);
    await build(options);
    const pageOf = (id: string) => join(options.outDir, "papers", id, "index.html");
    const olderPages = ["2501.00001", "2503.00060", "2503.00061"].map(pageOf);
    const times = () => olderPages.map((page) => statSync(page).mtimeMs);
    const keptTimes = times();
    // A new day whose paper shares every tag: the older pages are not touched, and the new
    // page lists the papers of the 60 days before it, nearest first.
    writeDay("2025-03-04", { "2503.00100": "rare-y, other-y, other-z" }, [paper("2503.00100", "New")]);
    const added = await build(options);
    expect(added.cacheHits.pages).toBeGreaterThan(0);
    expect(times()).toEqual(keptTimes);
    const newPage = readFileSync(pageOf("2503.00100"), "utf8");
    expect(newPage).toContain("/papers/2503.00061/");
    expect(newPage).toContain("/papers/2503.00060/");
    // 62 days before it.
    expect(newPage).not.toContain("/papers/2501.00001/");
    await expectSameAsCleanBuild(options);
    // The old day edited to share a tag with both later papers: the page 60 days after it
    // lists it, the page 61 days after it never could, so it is kept.
    writeDay("2025-01-01", { "2501.00001": "other-y, other-z" }, [paper("2501.00001", "Old")]);
    await build(options);
    expect(readFileSync(pageOf("2503.00060"), "utf8")).toContain("/papers/2501.00001/");
    expect(statSync(pageOf("2503.00061")).mtimeMs).toBe(keptTimes[2]);
    await expectSameAsCleanBuild(options);
  });
  it("links an author on an old paper page once a new paper gives them a page", async () => {
    const { options, writeDay } = project("author-page");
    writeDay("2025-02-10", {}, [paper("2502.00400", "First")]);
    await build(options);
    const page = join(options.outDir, "papers", "2502.00400", "index.html");
    const authorPage = join(options.outDir, "authors", "ada-kim", "index.html");
    expect(readFileSync(page, "utf8")).toContain('<p class="authors">Ada Kim</p>');
    expect(existsSync(authorPage)).toBe(false);
    writeDay("2025-02-11", {}, [paper("2502.00401", "Second")]);
    await build(options);
    expect(readFileSync(page, "utf8")).toContain('/authors/ada-kim/">Ada Kim</a>');
    expect(readFileSync(authorPage, "utf8")).toContain("논문 2편");
    await expectSameAsCleanBuild(options);
  });
  it("keeps an author's older page when a paper joins their own, even for a template that shows all it gets", async () => {
    const { options, writeDay } = project("author-older");
    const templatesDir = join(root, "author-older-templates");
    cpSync(DEFAULT_OPTIONS.templatesDir, templatesDir, { recursive: true });
    appendFileSync(join(templatesDir, "author.eta"), "<pre><%= JSON.stringify([it.author, it.count]) %></pre>");
    const withTemplates = { ...options, templatesDir };
    writeFileSync(join(options.contentDir, "site.yaml"), "perPage: 2\n");
    for (let n = 1; n <= 4; n++) writeDay(`2025-02-1${n}`, {}, [paper(`2502.0050${n}`, `Paper ${n}`)]);
    await build(withTemplates);
    const older = join(options.outDir, "authors", "ada-kim", "page", "1", "index.html");
    const keptSince = statSync(older).mtimeMs;
    writeDay("2025-02-15", {}, [paper("2502.00505", "Paper 5")]);
    await build(withTemplates);
    expect(statSync(older).mtimeMs).toBe(keptSince);
    expect(readFileSync(join(options.outDir, "authors", "ada-kim", "index.html"), "utf8")).toContain("논문 5편");
    // The older page received the count of four before, and kept it once there were five.
    await expectSameAsCleanBuild(withTemplates);
  });
  it("splits the authors index past its limit and joins it again, as a clean build does", async () => {
    const { options, content } = project("author-sections");
    // One more author than one index page lists, each named by two papers, under three initials.
    const names = Array.from({ length: AUTHOR_INDEX_MAX + 1 }, (_, n) => `${"ABC"[n % 3]}da Kim${n}`);
    const writeDay = (date: string, list: readonly string[]) =>
      writeFileSync(
        join(content, `${date}.md`),
        `## Daily Papers (${date})\n\n### [Many](https://arxiv.org/abs/2502.005${date.slice(-2)})\n\nVote: 3\n\nAuthors: ${list.join(", ")}\n\n- **What's New**: 요약.\n`,
      );
    const sections = () => readdirSync(join(options.outDir, "authors", "_")).sort();
    writeDay("2025-02-10", names);
    writeDay("2025-02-11", names);
    await build(options);
    expect(sections()).toEqual(["A", "B", "C"]);
    await expectSameAsCleanBuild(options);
    // One author fewer with two papers: one page again, and the sections are gone.
    writeDay("2025-02-11", names.slice(1));
    await build(options);
    expect(existsSync(join(options.outDir, "authors", "_"))).toBe(false);
    expect(readFileSync(join(options.outDir, "authors", "index.html"), "utf8")).toContain('class="author-list"');
    await expectSameAsCleanBuild(options);
    // And split again once that author is named twice again.
    writeDay("2025-02-11", [...names.slice(1), names[0] as string]);
    await build(options);
    expect(sections()).toEqual(["A", "B", "C"]);
    await expectSameAsCleanBuild(options);
  });
  it("pages an author's papers as their count crosses twice perPage either way, as a clean build does", async () => {
    const { options, content, writeDay } = project("author-paging");
    writeFileSync(join(content, "site.yaml"), "perPage: 2\n");
    const dayOf = (n: number) => `2025-03-1${n}`;
    const pages = () => {
      const folder = join(options.outDir, "authors", "ada-kim", "page");
      return existsSync(folder) ? readdirSync(folder).sort() : [];
    };
    for (let n = 0; n < 4; n++) writeDay(dayOf(n), {}, [paper(`2503.0000${n}`, `Paper ${n}`)]);
    await build(options);
    expect(pages()).toEqual(["1"]);
    await expectSameAsCleanBuild(options);
    // Six papers: a second older page, and the first one's link to newer papers moves to it.
    for (let n = 4; n < 6; n++) writeDay(dayOf(n), {}, [paper(`2503.0000${n}`, `Paper ${n}`)]);
    await build(options);
    expect(pages()).toEqual(["1", "2"]);
    await expectSameAsCleanBuild(options);
    // Back to three: one page, the older ones gone.
    for (let n = 3; n < 6; n++) rmSync(join(content, `${dayOf(n)}.md`));
    await build(options);
    expect(pages()).toEqual([]);
    await expectSameAsCleanBuild(options);
  });
  it("gives each year of the archive a page as years come and go, as a clean build does", async () => {
    const { options, content, writeDay } = project("archive-years");
    const years = () => readdirSync(join(options.outDir, "archive")).filter((name) => name !== "index.html");
    writeDay("2024-12-30", {}, [paper("2412.00001", "Old")]);
    writeDay("2025-01-02", {}, [paper("2501.00002", "New")]);
    await build(options);
    expect(years()).toEqual(["2024", "2025"]);
    const older = join(options.outDir, "archive", "2024", "index.html");
    const before = statSync(older).mtimeMs;
    // A day of the newest year leaves an older year's page alone.
    writeDay("2025-01-03", {}, [paper("2501.00003", "Newer")]);
    await build(options);
    expect(statSync(older).mtimeMs).toBe(before);
    await expectSameAsCleanBuild(options);
    // A new year gets its page; the first page moves to it; the others keep their addresses.
    writeDay("2026-01-01", {}, [paper("2601.00004", "Newest")]);
    await build(options);
    expect(years()).toEqual(["2024", "2025", "2026"]);
    expect(readFileSync(join(options.outDir, "archive", "index.html"), "utf8")).toContain("/days/2026-01-01/");
    await expectSameAsCleanBuild(options);
    // The newest years gone, their pages go too.
    for (const date of ["2026-01-01", "2025-01-02", "2025-01-03"]) rmSync(join(content, `${date}.md`));
    await build(options);
    expect(years()).toEqual(["2024"]);
    await expectSameAsCleanBuild(options);
  });
  it("re-renders a day whose notes come from a file without its papers", async () => {
    const { options, content, writeDay } = project("day-notes");
    const notes = join(content, "2025-02-10-notes.md");
    const page = join(options.outDir, "days", "2025-02-10", "index.html");
    writeDay("2025-02-10", {}, [paper("2502.00300", "Same")]);
    writeFileSync(notes, "## Daily Papers (2025-02-10)\n\n첫 메모.\n");
    await build(options);
    expect(readFileSync(page, "utf8")).toContain("첫 메모.");
    writeFileSync(notes, "## Daily Papers (2025-02-10)\n\n새 메모.\n");
    const rebuilt = await build(options);
    expect(rebuilt.cacheHits.pages).toBeGreaterThan(0);
    expect(readFileSync(page, "utf8")).toContain("새 메모.");
    await expectSameAsCleanBuild(options);
  });

  it("matches topics again when the taxonomy changes", async () => {
    const { options, content, writeDay } = project("taxonomy");
    const settings = (terms: string, min = 1) => `topics:\n  - { name: Graphs, terms: [${terms}], min: ${min} }\n`;
    writeFileSync(join(content, "site.yaml"), settings("graph"));
    writeDay("2025-02-10", {}, [
      paper("2502.00500", "Graph Transformers"),
      paper("2502.00501", "Sparse Mixtures"),
      paper("2502.00502", "Plain Study"),
    ]);
    await build(options);
    const page = (id: string) => readFileSync(join(options.outDir, "papers", id, "index.html"), "utf8");
    expect(page("2502.00500")).toContain(">Graphs<");
    expect(page("2502.00501")).not.toContain(">Graphs<");
    // Kept topic hits are of the old taxonomy: a new term must reach the old file's papers.
    writeFileSync(join(content, "site.yaml"), settings("graph, sparse"));
    await build(options);
    expect(page("2502.00501")).toContain(">Graphs<");
    await expectSameAsCleanBuild(options);
    // Every summary says 요약 once: enough under `min: 1`, not under `min: 2`, which the
    // kept hits (of the same terms) must still be held to.
    writeFileSync(join(content, "site.yaml"), settings("graph, sparse, 요약"));
    await build(options);
    expect(page("2502.00502")).toContain(">Graphs<");
    writeFileSync(join(content, "site.yaml"), settings("graph, sparse, 요약", 2));
    await build(options);
    expect(page("2502.00502")).not.toContain(">Graphs<");
    expect(page("2502.00500")).toContain(">Graphs<");
    await expectSameAsCleanBuild(options);
  });

  it("rewrites only the new day's year of the JSON API", async () => {
    const { options, writeDay } = project("api-years");
    writeDay("2024-12-31", {}, [paper("2412.00400", "Last")]);
    writeDay("2025-01-01", {}, [paper("2501.00400", "First")]);
    await build(options);
    const year = (y: string) => join(options.outDir, "api", "papers", `${y}.json`);
    const [before2024, before2025] = [statSync(year("2024")).mtimeMs, readFileSync(year("2025"), "utf8")];
    writeDay("2025-01-02", {}, [paper("2501.00401", "Second")]);
    await build(options);
    expect(statSync(year("2024")).mtimeMs).toBe(before2024);
    expect(readFileSync(year("2025"), "utf8")).not.toBe(before2025);
    expect(readFileSync(year("2025"), "utf8")).toContain("2501.00401");
    await expectSameAsCleanBuild(options);
  });
});

// Issue #5: a rebuild with nothing changed stops before parsing, but only when that is safe.
describe("rebuild with nothing changed", () => {
  const options = projectOptions(root, "same");
  const content = options.contentDir;

  it("puts back an output file that was deleted", async () => {
    await synthesizeArchive(content, 3, 2);
    const first = await build(options);
    const day = join(options.outDir, "days", first.content?.site.days[0]?.date ?? "missing", "index.html");
    const bytes = readFileSync(day, "utf8");
    rmSync(day);
    const again = await build(options);
    expect(again.content).not.toBeNull();
    expect(readFileSync(day, "utf8")).toBe(bytes);
    expect((await build(options)).content).toBeNull();
  });

  it("writes the whole site again when the output folder was deleted", async () => {
    await synthesizeArchive(content, 3, 2);
    await build(options);
    const before = fileTree(options.outDir);
    rmSync(options.outDir, { recursive: true, force: true });
    const again = await build(options);
    // The cache still names every page, but none of them is there to keep.
    expect([again.written, again.unchanged]).toEqual([again.pages, 0]);
    expect(fileTree(options.outDir)).toEqual(before);
  });

  it("does not pass for a build with other settings", async () => {
    await build(options);
    const based = await build({ ...options, overrides: { basePath: "/sub/" } });
    expect(based.content).not.toBeNull();
    expect(based.written).toBeGreaterThan(0);
    expect((await build({ ...options, overrides: { basePath: "/sub/" } })).content).toBeNull();
  });

  it("fails under --strict when the content it stands for had errors", async () => {
    writeFileSync(join(content, "broken.md"), "## Daily Papers (2023-13-45)\n\n### [No link]\n");
    const lenient = await build(options);
    const errors = lenient.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    expect((await build(options)).content).toBeNull();
    await expect(build({ ...options, strict: true })).rejects.toThrow(/--strict/);
  });
});
