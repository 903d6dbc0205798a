import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildOptions, type BuildResult, build, DEFAULT_OPTIONS } from "../../src/build.ts";
import type { PaperEntry } from "../../src/types.ts";

const repo = join(import.meta.dirname, "..", "..");

/** A fresh folder holding a content folder with `files` (name to text), for a build of its own. */
async function contentFolder(
  prefix: string,
  files: Record<string, string>,
): Promise<{ root: string; content: string }> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const content = join(root, "content");
  await mkdir(content);
  for (const [name, text] of Object.entries(files)) await writeFile(join(content, name), text);
  return { root, content };
}
let out: string;
let result: BuildResult;
/** The parsed files and site model of `result` (a first build always parses). */
let built: NonNullable<BuildResult["content"]>;

beforeAll(async () => {
  out = join(await mkdtemp(join(tmpdir(), "digest-build-")), "dist");
  result = await build({
    ...DEFAULT_OPTIONS,
    contentDir: join(repo, "content"),
    outDir: out,
    overrides: { basePath: "/digest/" },
  });
  if (result.content === null) throw new Error("a first build parses its content");
  built = result.content;
});
afterAll(async () => {
  await rm(join(out, ".."), { recursive: true, force: true });
});

describe("building the seed content", () => {
  it("reads both seed days without errors", () => {
    expect(built.site.days.map((day) => [day.date, day.entries.length])).toEqual([
      ["2025-02-13", 23],
      ["2025-02-11", 27],
    ]);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("says that siteUrl is not set at the line of site.yaml that leaves it empty", async () => {
    const line = (await readFile(join(repo, "content", "site.yaml"), "utf8")).split("\n").indexOf('siteUrl: ""') + 1;
    expect(line).toBeGreaterThan(1);
    expect(result.diagnostics.filter((d) => d.code === "site-url-missing")).toEqual([
      expect.objectContaining({ file: "site.yaml", line, column: 1, severity: "warning" }),
    ]);
  });

  it("reports a bad setting on a rebuild that changed nothing else, and stops once it is fixed", async () => {
    // A bad value falls back to its default, so the settings stay as they were: the
    // build must not take the last build's (clean) diagnostics for its own.
    const { root, content } = await contentFolder("digest-setting-", {
      "2025-01-06.md":
        "## Daily Papers (2025-01-06)\n\n### [A](https://arxiv.org/abs/2501.00001)\n\n- **What's New**: 요약\n",
    });
    const settingErrors = async (yaml: string) => {
      await writeFile(join(content, "site.yaml"), yaml);
      const built = await build({
        ...DEFAULT_OPTIONS,
        contentDir: content,
        outDir: join(root, "dist"),
        cacheDir: join(root, "cache"),
      });
      return built.diagnostics.filter((d) => d.code === "config").map((d) => `${d.line}: ${d.message}`);
    };
    try {
      expect(await settingErrors("credit:\n")).toEqual([]);
      expect(await settingErrors("credit: 5\n")).toEqual(["1: `credit` in site.yaml must be text."]);
      expect(await settingErrors("# moved\ncredit: 5\n")).toEqual(["2: `credit` in site.yaml must be text."]);
      expect(await settingErrors("credit:\n")).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("closes a bidi control site.yaml's title leaves open, on every page, with a warning at its line", async () => {
    const { root, content } = await contentFolder("digest-bidi-title-", {
      "site.yaml": 'perPage: 10\ntitle: "내\u202E요약"\n',
    });
    const built = await build({ ...DEFAULT_OPTIONS, contentDir: content, outDir: join(root, "dist"), cache: false });
    expect(built.diagnostics.filter((d) => d.code === "bidi-unclosed")).toEqual([
      expect.objectContaining({ file: "site.yaml", line: 2, column: 1, severity: "warning" }),
    ]);
    const home = await readFile(join(root, "dist", "index.html"), "utf8");
    expect(home).toContain("<title>내\u202E요약\u202C</title>");
    await rm(root, { recursive: true, force: true });
  });

  it("finds a quoted siteUrl key too, and points at 1:1 when the command line leaves it empty", async () => {
    const { root, content } = await contentFolder("digest-siteurl-", {
      "site.yaml": 'title: "a\u2028siteUrl: b"\r\n# siteUrl: x\r\n"siteUrl": ""\r\n',
    });
    const warningAt = async (overrides: BuildOptions["overrides"]) => {
      const built = await build({
        ...DEFAULT_OPTIONS,
        contentDir: content,
        outDir: join(root, "dist"),
        overrides,
        cache: false,
      });
      return built.diagnostics.filter((d) => d.code === "site-url-missing").map((d) => d.line);
    };
    expect(await warningAt({})).toEqual([3]);
    expect(await warningAt({ siteUrl: "" })).toEqual([1]);
    await rm(root, { recursive: true, force: true });
  });

  it("publishes every appearance in api/papers/<year>.json with the documented fields", async () => {
    const papers = JSON.parse(await readFile(join(out, "api", "papers", "2025.json"), "utf8")) as PaperEntry[];
    expect(papers).toHaveLength(50);
    const fino = papers.find((p) => p.id === "2502.08127");
    expect(fino).toMatchObject({
      date: "2025-02-13",
      title: "Fino1: On the Transferability of Reasoning Enhanced LLMs to Finance",
      url: "https://arxiv.org/abs/2502.08127",
      votes: 38,
      media: { kind: "image", url: "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2502.08127.png" },
      otherSections: [],
      bullets: [],
      source: { file: "2025-02-13.md", line: 3 },
    });
    expect(fino?.authors.slice(0, 2)).toEqual(["Qianqian Xie", "Jimin Huang"]);
    expect(fino?.whatsNew).toMatch(/^Fino1은 금융 분야의/);
    expect(fino?.technicalDetails).toMatch(/^Fino1은 Llama3.1-8B-Instruct/);
    expect(fino?.performanceHighlights).toMatch(/^간단한 금융 데이터셋으로/);
    for (const paper of papers) {
      expect(Object.keys(paper)).toEqual(
        expect.arrayContaining(["id", "date", "title", "url", "votes", "authors", "whatsNew", "technicalDetails"]),
      );
      expect(Array.isArray(paper.tags)).toBe(true);
    }
  });

  it("writes a home page, a page per day and a page per paper, linked under the base path", async () => {
    const home = await readFile(join(out, "index.html"), "utf8");
    expect(home).toContain('<html lang="ko">');
    expect(home).toContain('href="/digest/days/2025-02-13/"');
    const day = await readFile(join(out, "days", "2025-02-13", "index.html"), "utf8");
    expect(day).toContain('href="/digest/papers/2502.08127/"');
    expect(day).toContain('href="https://arxiv.org/abs/2502.08127"');
    expect(day).toContain('href="/digest/days/2025-02-11/"');
    const paper = await readFile(join(out, "papers", "2502.08127", "index.html"), "utf8");
    expect(paper).toContain("Fino1: On the Transferability of Reasoning Enhanced LLMs to Finance");
    // Its day, at the paper: a reader going back lands where the paper is on that day's page.
    expect(paper).toContain('href="/digest/days/2025-02-13/#paper-2502.08127"');
    expect(day).toContain('id="paper-2502.08127"');
    expect((await stat(join(out, ".nojekyll"))).isFile()).toBe(true);
  });

  it("orders a day's papers by votes", () => {
    const votes = built.site.days[0]?.entries.map((e) => e.votes ?? -1) ?? [];
    expect(votes.length).toBeGreaterThan(1);
    expect(votes).toEqual([...votes].sort((a, b) => b - a));
  });
});

describe("--no-search", () => {
  it("leaves the search bundle out, and a later build with search is not fooled by the cache", async () => {
    const root = await mkdtemp(join(tmpdir(), "digest-nosearch-"));
    const options = { ...DEFAULT_OPTIONS, contentDir: join(repo, "content"), outDir: join(root, "dist") };
    try {
      await build({ ...options, search: false });
      await expect(stat(join(root, "dist", "pagefind"))).rejects.toThrow();
      const second = await build(options);
      expect((await stat(join(root, "dist", "pagefind", "pagefind.js"))).isFile()).toBe(true);
      expect(second.written).toBeGreaterThan(0);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
