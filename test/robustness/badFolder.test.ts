// Issue #6: every good day in a folder full of bad files is still published in full.
import { mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildResult, build, DEFAULT_OPTIONS } from "../../src/build.ts";
import { SLUG_MAX_BYTES, slugify } from "../../src/model/slug.ts";
import { outputFile, paths } from "../../src/render/paths.ts";
import { goodDay, tempDir } from "./helpers.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/bad");

let root: string;
let result: BuildResult;
/** The parsed files and site model of `result` (a first build always parses). */
let built: NonNullable<BuildResult["content"]>;
const good: { file: string; day: string; ids: string[] }[] = [];
const longNames: string[] = [];

beforeAll(async () => {
  root = await tempDir();
  const content = join(root, "content");
  await mkdir(join(content, "2025", "01"), { recursive: true });
  const add = async (file: string, data: string | Uint8Array) => writeFile(join(content, file), data);

  for (const [file, day] of [
    ["2025/01/03.md", "2025-01-03"],
    ["2025-01-05 요약.md", "2025-01-05"],
    ["2025-01-06 with spaces.md", "2025-01-06"],
  ] as const) {
    const { text, ids } = goodDay(day, 3);
    await add(file, text);
    good.push({ file, day, ids });
  }
  // BOM and CRLF are fine and must parse normally.
  const crlf = goodDay("2025-01-07", 2);
  await add("2025-01-07-bom-crlf.md", `\uFEFF${crlf.text.replace(/\n/g, "\r\n")}`);
  good.push({ file: "2025-01-07-bom-crlf.md", day: "2025-01-07", ids: crlf.ids });

  // A folder name holds at most 255 bytes: a tag or author past that stopped the whole build.
  const longTag = "가".repeat(100);
  const longAuthor = "Verylongname".repeat(22);
  const long = goodDay("2025-01-11", 2);
  await add(
    "2025-01-11-long-names.md",
    `---\ntags: [${longTag}]\n---\n${long.text.replaceAll("Kim Minsu", longAuthor)}`,
  );
  good.push({ file: "2025-01-11-long-names.md", day: "2025-01-11", ids: long.ids });
  longNames.push(longTag, longAuthor);

  await add("binary.md", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
  await add(
    "2025-01-08-latin1.md",
    Buffer.concat([Buffer.from("## Daily Papers (2025-01-08)\n\ncaf"), Buffer.from([0xe9, 0x0a])]),
  );
  await add("2025-01-09-empty.md", "");
  await add("huge-line.md", `## Daily Papers (2025-01-10)\n\n- ${"x".repeat(900_000)}\n`);
  for (const name of await readdir(FIXTURES)) await add(name, await readFile(join(FIXTURES, name)));
  // Symlink loops are made here, never committed.
  await symlink("..", join(content, "2025", "loop"));
  await symlink(".", join(content, "self"));
  await symlink("missing-target.md", join(content, "dangling.md"));
  await symlink("ouroboros.md", join(content, "ouroboros.md"));

  result = await build({
    ...DEFAULT_OPTIONS,
    contentDir: content,
    outDir: join(root, "dist"),
    cacheDir: join(root, ".cache"),
  });
  if (result.content === null) throw new Error("a first build parses its content");
  built = result.content;
});

afterAll(async () => {
  // Temp folders are left for the OS; nothing outside them was written.
});

describe("a content folder full of bad files (issue #6)", () => {
  it("still publishes every paper of every good day", async () => {
    for (const { day, ids } of good) {
      await expect(stat(join(root, "dist", outputFile(paths.day(day))))).resolves.toBeTruthy();
      for (const id of ids) {
        const page = await readFile(join(root, "dist", outputFile(paths.paper(id))), "utf8");
        expect(page).toContain(`${day} 논문`);
      }
      expect(
        built.site.dayByDate
          .get(day)
          ?.entries.map((e) => e.id)
          .sort(),
      ).toEqual([...ids].sort());
    }
  });

  it("reads BOM + CRLF files without any diagnostic", () => {
    expect(result.diagnostics.filter((d) => d.file === "2025-01-07-bom-crlf.md")).toEqual([]);
  });

  it.each([
    ["binary.md", "not-text", 3, 1],
    ["2025-01-08-latin1.md", "not-utf8", 3, 4],
    ["2025-01-09-empty.md", "no-papers", 1, 1],
    ["huge-line.md", "line-too-long", 3, 20_001],
    ["broken-front-matter.md", "front-matter-invalid", null, null],
    ["undated.md", "no-date", 3, 1],
    ["suspicious-links.md", "arxiv-link", 3, 1],
    ["suspicious-links.md", "duplicate-paper", 19, 1],
  ])("%s gets a %s diagnostic with its position", (file, code, line, column) => {
    const found = result.diagnostics.filter((d) => d.file === file && d.code === code);
    expect(found.length, JSON.stringify(result.diagnostics.filter((d) => d.file === file))).toBeGreaterThan(0);
    for (const d of found) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
    if (line !== null) expect(found[0]).toMatchObject({ line, column });
  });

  it("rejects every suspicious link and id, and writes nothing outside the output folder", async () => {
    const links = result.diagnostics.filter((d) => d.file === "suspicious-links.md" && d.code === "arxiv-link");
    expect(links.map((d) => d.line)).toEqual([3, 7, 11]);
    expect(built.site.dayByDate.get("2025-02-02")?.entries.map((e) => e.id)).toEqual(["2502.02001"]);
    expect((await readdir(root)).sort()).toEqual([".cache", "content", "dist"]);
  });

  it("gives a tag and an author of hundreds of bytes a page, in a folder name any disk takes", async () => {
    const [tag, author] = longNames as [string, string];
    for (const [kind, slug] of [
      ["tags", built.site.tags.get(slugify(tag))?.slug],
      ["authors", built.site.authors.get(slugify(author))?.slug],
    ] as const) {
      expect(slug, kind).toBeDefined();
      expect(Buffer.byteLength(slug as string), kind).toBeLessThanOrEqual(SLUG_MAX_BYTES);
      await expect(stat(join(root, "dist", kind, slug as string, "index.html"))).resolves.toBeTruthy();
    }
  });

  it("keeps papers of a file whose front matter is broken", () => {
    expect(built.site.papers.has("2502.01001")).toBe(true);
  });

  it("follows each symlinked folder once and lists every file once", () => {
    const files = built.files.map((f) => f.file);
    expect(new Set(files).size).toBe(files.length);
    expect(files.filter((f) => f.endsWith("2025/01/03.md"))).toHaveLength(1);
  });
});
