import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { HAVE_CORPUS } from "../helpers/corpus.ts";
import { onePagePerKind } from "./pageKinds.ts";
import { BASE, buildSampleSite } from "./sampleSite.ts";
import { xmlProblems } from "./xml.ts";

let dist = "";
let files: string[] = [];

beforeAll(async () => {
  dist = await buildSampleSite();
  files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dist, join(entry.parentPath, entry.name)).split("\\").join("/"));
});

/** The output file an internal URL points at, or `null` for external URLs. */
function targetOf(url: string): string | null {
  if (/^(?:[a-z]+:|\/\/|#)/i.test(url)) return null;
  const path = decodeURIComponent(url.replace(/[?#].*$/, ""));
  expect(path.startsWith(BASE), `internal link ${url} must start with the base path ${BASE}`).toBe(true);
  const inside = path.slice(BASE.length);
  return inside === "" || inside.endsWith("/") ? `${inside}index.html` : inside;
}

describe("the built sample site under /digest/", () => {
  it("has every page kind the issue lists", () => {
    const has = (pattern: RegExp) => files.some((file) => pattern.test(file));
    const kinds: [string, RegExp][] = [
      ["home", /^index\.html$/],
      ["day", /^days\/\d{4}-\d{2}-\d{2}\/index\.html$/],
      ["paper", /^papers\/[^/]+\/index\.html$/],
      ["tag index", /^tags\/index\.html$/],
      ["tag", /^tags\/[^/]+\/index\.html$/],
      ["tag by votes", /^tags\/[^/]+\/top\/index\.html$/],
      ["tag feed", /^tags\/[^/]+\/feed\.xml$/],
      ["all-time ranking", /^top\/index\.html$/],
      ["yearly ranking", /^top\/\d{4}\/index\.html$/],
      ["monthly ranking", /^top\/\d{4}-\d{2}\/index\.html$/],
      ["weekly ranking", /^top\/weeks\/\d{4}-W\d{2}\/index\.html$/],
      ["archive", /^archive\/index\.html$/],
      ["author index", /^authors\/index\.html$/],
      ["author", /^authors\/[^/]+\/index\.html$/],
      ["atom feed", /^feed\.xml$/],
      ["json feed", /^feed\.json$/],
      ["sitemap", /^sitemap\.xml$/],
      ["robots", /^robots\.txt$/],
      ["404", /^404\.html$/],
      ["nojekyll", /^\.nojekyll$/],
      ["api index", /^api\/index\.json$/],
      ["year api", /^api\/papers\/\d{4}\.json$/],
      ["day api", /^api\/days\/\d{4}-\d{2}-\d{2}\.json$/],
    ];
    expect(kinds.filter(([, pattern]) => !has(pattern)).map(([name]) => name)).toEqual([]);
    if (HAVE_CORPUS) expect(files.some((file) => /^tags\/[^/]+\/page\/1\/index\.html$/.test(file))).toBe(true);
    // The older topic page the validator, axe and phone layout tests take links its years,
    // so they see that markup too (the corpus gives a topic papers of 2023 to 2025).
    const tagOlder = onePagePerKind(dist).tagOlder;
    if (HAVE_CORPUS && tagOlder)
      expect(readFileSync(join(dist, tagOlder), "utf8")).toContain('aria-label="연도별 이동"');
  });

  it("has no broken internal link or asset on any page", () => {
    const broken: string[] = [];
    const pages = files.filter((file) => file.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(50);
    for (const page of pages) {
      const html = readFileSync(join(dist, page), "utf8");
      for (const match of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const url = (match[1] ?? "").replace(/&amp;/g, "&");
        const target = targetOf(url);
        if (target !== null && !existsSync(join(dist, target))) broken.push(`${page} → ${url}`);
      }
    }
    expect(broken.slice(0, 20)).toEqual([]);
  });

  it("marks every HTML page Korean, titled, described and canonical", () => {
    for (const page of files.filter((file) => file.endsWith(".html") && !file.startsWith("pagefind/"))) {
      const html = readFileSync(join(dist, page), "utf8");
      expect(html, page).toMatch(/<html lang="ko">/);
      expect(html, page).toMatch(/<title>[^<]+<\/title>/);
      expect(html, page).toMatch(/<meta name="description" content="[^"]+">/);
      expect(html, page).toMatch(/<link rel="canonical" href="https:\/\/example\.github\.io\/digest\//);
      expect(html, page).toMatch(/<meta property="og:title"/);
    }
  });

  // Without an icon of its own a browser asks for /favicon.ico at the origin's root: on a
  // project site of GitHub Pages another site's, a 404 in every tab.
  it("gives every page a tab icon under the base path", () => {
    expect(readFileSync(join(dist, "assets", "icon.svg"), "utf8")).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
    );
    for (const page of files.filter((file) => file.endsWith(".html") && !file.startsWith("pagefind/")))
      expect(readFileSync(join(dist, page), "utf8"), page).toContain(
        '<link rel="icon" href="/digest/assets/icon.svg" type="image/svg+xml">',
      );
  });

  it("writes well-formed feeds and sitemap, and JSON that parses", () => {
    const xml = files.filter((file) => file.endsWith(".xml"));
    expect(xml.length).toBeGreaterThan(3);
    for (const file of xml) expect(xmlProblems(readFileSync(join(dist, file), "utf8")), file).toEqual([]);
    for (const file of files.filter((f) => f.endsWith(".json") && !f.startsWith("pagefind/")))
      expect(() => JSON.parse(readFileSync(join(dist, file), "utf8")), file).not.toThrow();
    const feed = JSON.parse(readFileSync(join(dist, "feed.json"), "utf8"));
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items.length).toBeGreaterThan(0);
    const sitemap = readFileSync(join(dist, "sitemap.xml"), "utf8");
    expect(sitemap).toContain("<loc>https://example.github.io/digest/papers/");
    expect(sitemap).not.toContain("404.html");
  });

  it("puts JSON-LD on paper pages", () => {
    const paper = files.find((file) => /^papers\/[^/]+\/index\.html$/.test(file)) as string;
    const html = readFileSync(join(dist, paper), "utf8");
    const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(JSON.parse(json)["@type"]).toBe("ScholarlyArticle");
  });
});
