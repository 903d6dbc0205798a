// A query word finds every paper with a word it starts, however Pagefind's index is split
// into chunks: templates/assets/search.js also loads the chunk where the word's last
// extension would sit (without it, 모델 listed 1,197 of the 1,434 papers of this archive
// that have such a word).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthesizeArchive } from "../../scripts/synth.ts";
import { build, DEFAULT_OPTIONS, loadContent } from "../../src/build.ts";
import type { Site } from "../../src/model/index.ts";
import { HIDDEN_TOKENS_MARK, toSearchDocument } from "../../src/search/searchDocument.ts";
import { HAVE_CHROMIUM, launchChromium, warnIfNoChromium } from "../helpers/browser.ts";
import { type StaticServer, serveStatic } from "../helpers/staticServer.ts";

warnIfNoChromium("the search prefix tests");

/** Common words of the synthetic summaries, each the start of many others (모델의, 모델이, 모델을…). */
const PREFIXES = ["모델", "제안", "평가", "학습", "방법"];

describe.skipIf(!HAVE_CHROMIUM)("search for a word that starts many others", () => {
  let root: string;
  let site: Site;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "digest-prefix-"));
    const content = join(root, "content");
    // Four months: enough papers (1,777) for each shard's index to be split into dozens of chunks.
    await synthesizeArchive(content, 120);
    const outDir = join(root, "site");
    await build({ ...DEFAULT_OPTIONS, contentDir: content, outDir, cache: false, cacheDir: join(root, "cache") });
    ({ site } = await loadContent({ ...DEFAULT_OPTIONS, contentDir: content }));
    server = await serveStatic(outDir, "/");
    browser = await launchChromium();
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Papers whose search record has a word starting with `prefix`, its words split at anything but letters and digits. */
  function papersWithWordStarting(prefix: string): number {
    return [...site.papers.values()].filter((paper) =>
      decodeEntities(
        toSearchDocument(paper)
          .html.replace(HIDDEN_TOKENS_MARK, " ")
          .replace(/<[^>]+>/g, " "),
      )
        .split(/[^\p{L}\p{N}]+/u)
        .some((word) => word.startsWith(prefix)),
    ).length;
  }

  /** How many papers Pagefind lists for `query` on a fresh page, searched plainly (without the page's preload). */
  async function countListedPlainly(query: string): Promise<number> {
    // A fresh page each time: chunks another query loaded would hide a chunk this one missed.
    await page.goto("about:blank");
    await page.goto(`${server.origin}/search/`);
    // As text: vitest rewrites an `import()` in a function's source, which the page cannot run.
    // The index opened as the page opens it (its own module), then searched without `preloadQuery`.
    const count: number = await page.evaluate(`(async () => {
      const root = document.getElementById("search-page");
      const { openIndex } = await import("/assets/search-query.js");
      const pagefind = await openIndex(await import(root.dataset.bundle), root.dataset.shards, { baseUrl: "/" });
      return (await pagefind.search(${JSON.stringify(query)})).results.length;
    })()`);
    return count;
  }

  // Were Pagefind to load every chunk a word's extensions fill, this would fail: then the
  // search page's preload (and this file) can go.
  it("misses papers when searched plainly (what the search page works around)", async () => {
    const short = [];
    for (const prefix of PREFIXES)
      if ((await countListedPlainly(prefix)) < papersWithWordStarting(prefix)) short.push(prefix);
    expect(short).not.toEqual([]);
  });

  it.for(PREFIXES)("%s lists every paper with a word it starts", async (prefix) => {
    const expected = papersWithWordStarting(prefix);
    expect(expected).toBeGreaterThan(100);
    await page.goto("about:blank");
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent(prefix)}`);
    await page.waitForSelector('#search-page[data-state="done"]', { timeout: 30_000 });
    const status = await page.textContent("#search-page [role=status]");
    expect(status).toContain(`검색 결과 ${expected}편`);
  });
});

/** The text of HTML with its character references decoded, as Pagefind reads it. */
function decodeEntities(html: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return html.replace(/&(?:#(\d+)|#x([\da-f]+)|(\w+));/gi, (whole, decimal, hex, name) =>
    decimal !== undefined
      ? String.fromCodePoint(Number(decimal))
      : hex !== undefined
        ? String.fromCodePoint(Number.parseInt(hex, 16))
        : (named[name.toLowerCase()] ?? whole),
  );
}
