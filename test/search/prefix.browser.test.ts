// A query word finds every paper with a word it starts, however Pagefind's index is split
// into chunks (templates/assets/search.js loads the chunk where the word's last extension
// would sit: without it, 모델 listed 1,197 of the 1,434 papers of this archive that have it).
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthesizeFiles } from "../../scripts/synth.ts";
import { build, DEFAULT_OPTIONS, loadContent } from "../../src/build.ts";
import { HIDDEN_TOKENS_MARK, toSearchDocument } from "../../src/search/searchDocument.ts";
import { HAVE_CHROMIUM, launchChromium, warnIfNoChromium } from "../helpers/browser.ts";
import { type StaticServer, serveStatic } from "../helpers/staticServer.ts";

warnIfNoChromium("the search prefix tests");

/** Common words of the synthetic summaries, each the start of many others (모델의, 모델이, 모델을…). */
const PREFIXES = ["모델", "제안", "평가", "학습", "방법"];

describe.skipIf(!HAVE_CHROMIUM)("search for a word that starts many others", () => {
  let root: string;
  let content: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "digest-prefix-"));
    content = join(root, "content");
    // Four months: enough papers (1,777) for each shard's index to be split into dozens of chunks.
    for (const file of synthesizeFiles(120)) {
      await mkdir(dirname(join(content, file.file)), { recursive: true });
      await writeFile(join(content, file.file), file.text);
    }
    const outDir = join(root, "site");
    await build({ ...DEFAULT_OPTIONS, contentDir: content, outDir, cache: false, cacheDir: join(root, "cache") });
    server = await serveStatic(outDir, "/");
    browser = await launchChromium();
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** Papers whose search record has a word starting with `prefix`, split as Pagefind splits words. */
  async function papersWithWordStarting(prefix: string): Promise<number> {
    const { site } = await loadContent({ ...DEFAULT_OPTIONS, contentDir: content });
    return [...site.papers.values()].filter((paper) =>
      toSearchDocument(paper)
        .html.replace(HIDDEN_TOKENS_MARK, " ")
        .replace(/<[^>]+>/g, " ")
        .split(/[\s,.()·:;"'!?[\]]+/)
        .some((word) => word.startsWith(prefix)),
    ).length;
  }

  it.for(PREFIXES)("%s lists every paper with a word it starts", async (prefix) => {
    const expected = await papersWithWordStarting(prefix);
    expect(expected).toBeGreaterThan(100);
    // A fresh page each time: chunks another query loaded would hide a chunk this one missed.
    await page.goto("about:blank");
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent(prefix)}`);
    await page.waitForSelector('#search-page[data-state="done"]', { timeout: 30_000 });
    const status = await page.textContent("#search-page [role=status]");
    expect(status).toContain(`검색 결과 ${expected}편`);
  });
});
