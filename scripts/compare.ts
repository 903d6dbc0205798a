/**
 * Hugo / Eleventy comparison (issue #5); not part of the tests. Writes an
 * equivalent set of pages (one page per paper and per day, same markdown) for
 * each tool under the system temp folder, times a cold build of each when the
 * tool is installed (`hugo` on PATH; Eleventy via `npm install --prefix
 * /tmp/eleventy @11ty/eleventy`), and prints the ratio to our cold build.
 * Neither tool has search of its own: a Hugo or Eleventy site gets it by running the
 * Pagefind CLI over its output, so each is also timed with Pagefind indexing its paper
 * pages, against our build with search. Without search, against ours with `--no-search`.
 *
 * Usage: node --import tsx scripts/compare.ts [--days 365]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parseDayFile } from "../src/parse/index.ts";
import { buildNodeFlags } from "./nodeFlags.ts";
import { synthesizeArchive, synthesizeFiles } from "./synth.ts";

const { values } = parseArgs({ options: { days: { type: "string" } } });
const days = Number(values.days ?? 365);
const base = join(tmpdir(), "paper-digest-compare");
rmSync(base, { recursive: true, force: true });
await synthesizeArchive(join(base, "content"), days);

function timed(label: string, run: () => void): number | null {
  const started = performance.now();
  try {
    run();
  } catch (error) {
    process.stdout.write(`${label}: not run (${(error as Error).message.split("\n")[0]})\n`);
    return null;
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${label}: ${seconds.toFixed(2)} s\n`);
  return seconds;
}

// Equivalent pages: one markdown page per paper and one per day.
const pages = (dir: string, frontMatter: (title: string) => string) => {
  for (const file of synthesizeFiles(days)) {
    const parsed = parseDayFile(file.text, file.file);
    const dayDir = join(dir, "days");
    mkdirSync(dayDir, { recursive: true });
    writeFileSync(join(dayDir, `${file.file.replaceAll("/", "-")}`), `${frontMatter(file.file)}${file.text}`);
    for (const entry of parsed.entries) {
      const paperDir = join(dir, "papers");
      mkdirSync(paperDir, { recursive: true });
      const body = [entry.whatsNew, entry.technicalDetails, entry.performanceHighlights, ...entry.bullets]
        .filter((text) => text !== null)
        .map((text) => `- ${text}`)
        .join("\n");
      writeFileSync(join(paperDir, `${entry.id}.md`), `${frontMatter(entry.title)}# ${entry.title}\n\n${body}\n`);
    }
  }
};

const buildOurs = (out: string, extra: string[]) => () => {
  execFileSync(
    process.execPath,
    [
      ...buildNodeFlags(join(import.meta.dirname, "..")),
      "bin/paper-digest.js",
      "build",
      "--no-cache",
      "--content",
      join(base, "content"),
      "--out",
      join(base, out),
      ...extra,
    ],
    { stdio: "ignore" },
  );
};
/**
 * The Pagefind CLI (the version we index with) over a site's paper pages, one record per
 * paper as ours has, in Korean as ours is.
 */
function indexPapers(site: string): () => void {
  // Found as the build finds the package (src/search/buildSearchIndex.ts), wherever npm put it.
  const cli = fileURLToPath(new URL("./runner/bin.cjs", import.meta.resolve("pagefind")));
  return () =>
    execFileSync(
      process.execPath,
      [cli, "--site", site, "--glob", "papers/**/*.html", "--force-language", "ko", "--silent"],
      {
        stdio: "ignore",
      },
    );
}

const ours = timed("paper-digest (cold, --no-cache, with search)", buildOurs("ours", []));
const oursNoSearch = timed("paper-digest (cold, --no-cache, --no-search)", buildOurs("ours-nosearch", ["--no-search"]));

const hugoSite = join(base, "hugo");
pages(join(hugoSite, "content"), (title) => `---\ntitle: ${JSON.stringify(title)}\n---\n`);
mkdirSync(join(hugoSite, "layouts/_default"), { recursive: true });
writeFileSync(join(hugoSite, "hugo.toml"), 'baseURL = "/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n');
writeFileSync(
  join(hugoSite, "layouts/_default/single.html"),
  '<!doctype html><html lang="ko"><title>{{ .Title }}</title><body>{{ .Content }}</body></html>',
);
writeFileSync(join(hugoSite, "layouts/_default/list.html"), "<!doctype html><title>{{ .Title }}</title>");
const hugo = timed("hugo", () => execFileSync("hugo", ["--source", hugoSite, "--quiet"], { stdio: "ignore" }));
const hugoPagefind =
  hugo === null ? null : timed("pagefind over hugo's paper pages", indexPapers(join(hugoSite, "public")));

const elevSite = join(base, "eleventy");
pages(elevSite, (title) => `---\ntitle: ${JSON.stringify(title)}\nlayout: page.liquid\n---\n`);
// The same page shell as Hugo's: Pagefind indexes only pages with an <html> element.
mkdirSync(join(elevSite, "_includes"), { recursive: true });
writeFileSync(
  join(elevSite, "_includes/page.liquid"),
  '<!doctype html><html lang="ko"><title>{{ title }}</title><body>{{ content }}</body></html>',
);
const elevBin = "/tmp/eleventy/node_modules/.bin/eleventy";
const eleventy = existsSync(elevBin)
  ? timed("eleventy", () =>
      execFileSync(elevBin, ["--input", elevSite, "--output", join(base, "elev-out"), "--quiet"], { stdio: "ignore" }),
    )
  : null;
const eleventyPagefind =
  eleventy === null ? null : timed("pagefind over eleventy's paper pages", indexPapers(join(base, "elev-out")));

/** How many files a build wrote: the tools do not build the same number of pages. */
function fileCount(dir: string): number {
  return existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length
    : 0;
}
process.stdout.write(
  `files written: paper-digest ${fileCount(join(base, "ours"))} (${fileCount(join(base, "ours-nosearch"))} without search), ` +
    `hugo ${fileCount(join(hugoSite, "public"))}, eleventy ${fileCount(join(base, "elev-out"))}\n`,
);
const sum = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
for (const [name, withoutSearch, withSearch] of [
  ["hugo", hugo, sum(hugo, hugoPagefind)],
  ["eleventy", eleventy, sum(eleventy, eleventyPagefind)],
] as const) {
  if (withSearch !== null && ours !== null)
    process.stdout.write(`${name} + pagefind / paper-digest: ${(withSearch / ours).toFixed(2)}\n`);
  if (withoutSearch !== null && oursNoSearch !== null)
    process.stdout.write(`${name} / paper-digest --no-search: ${(withoutSearch / oursNoSearch).toFixed(2)}\n`);
}
