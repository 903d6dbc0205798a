/**
 * How long search takes in the browser on a built site (issue #5: fast at any archive
 * size, for the reader too). Not part of the tests: it prints figures, as the bench does.
 * Serves DIST at `/` and, in headless Chromium, for each query: loads and merges the index
 * as the search page does, runs a warm-up query for a word found nowhere (a page's first
 * query also starts Pagefind's worker and its wasm, whatever the word), then the query,
 * normalised as the page does, twice (the first fetches and decodes its words' chunk from
 * each shard), then opens `search/?q=…` in a fresh page and waits for the results on screen,
 * counting the bytes it fetched from `pagefind/`.
 *
 * Usage: node --import tsx scripts/searchTiming.ts DIST QUERY...
 * (DIST built without `--base`; needs Debian's chromium, as the browser tests do)
 */
import type { Response } from "playwright-core";
import { HAVE_CHROMIUM, launchChromium } from "../test/helpers/browser.ts";
import { serveStatic } from "../test/helpers/staticServer.ts";

interface Pagefind {
  search(query: string): Promise<{ results: unknown[] }>;
}

/** What the timing keeps on the page's window between two evaluations. */
interface Timed {
  pagefind: Pagefind;
  /** templates/assets/search-query.js, as the page loads it. */
  searchQuery: {
    normalizeQuery(raw: string): string;
    openIndex(bundle: unknown, shards: string | undefined, options: object): Promise<Pagefind>;
    preloadQuery(pagefind: Pagefind, query: string): Promise<void>;
  };
}

const [dist, ...queries] = process.argv.slice(2);
if (dist === undefined || queries.length === 0 || !HAVE_CHROMIUM) {
  console.error("usage: node --import tsx scripts/searchTiming.ts DIST QUERY... (needs /usr/bin/chromium)");
  process.exit(2);
}
const server = await serveStatic(dist, "/");
const browser = await launchChromium();
const done = () => document.getElementById("search-page")?.dataset.state === "done";
for (const query of queries) {
  const page = await browser.newPage();
  await page.goto(`${server.origin}/search/`);
  // The page's own module opens the index and loads what a query needs, as the page does.
  const loadMs = await page.evaluate(async () => {
    const timed = window as unknown as Timed;
    timed.searchQuery = await import(new URL("../assets/search-query.js", location.href).href);
    const start = performance.now();
    const root = document.getElementById("search-page") as HTMLElement;
    const bundle = await import(root.dataset.bundle as string);
    timed.pagefind = await timed.searchQuery.openIndex(bundle, root.dataset.shards, {
      baseUrl: "/",
      excerptLength: 40,
    });
    return performance.now() - start;
  });
  const runs = await page.evaluate(async (raw) => {
    const { pagefind, searchQuery } = window as unknown as Timed;
    const times: { ms: number; results: number }[] = [];
    for (const text of ["qqqqxzvv", searchQuery.normalizeQuery(raw), searchQuery.normalizeQuery(raw)]) {
      const start = performance.now();
      await searchQuery.preloadQuery(pagefind, text);
      const { results } = await pagefind.search(text);
      times.push({ ms: performance.now() - start, results: results.length });
    }
    return times;
  }, query);
  await page.close();
  const fresh = await browser.newPage();
  // What the reader downloads from the index for this first query (bodies as served,
  // uncompressed), read once the time is taken: reading them meanwhile slowed the page.
  const fetched: Response[] = [];
  fresh.on("response", (response) => {
    if (new URL(response.url()).pathname.startsWith("/pagefind/")) fetched.push(response);
  });
  const start = Date.now();
  await fresh.goto(`${server.origin}/search/?q=${encodeURIComponent(query)}`);
  await fresh.waitForFunction(done, null, { timeout: 120_000 });
  const pageMs = Date.now() - start;
  await fresh.waitForLoadState("networkidle");
  const sizes = await Promise.all(fetched.map((response) => response.body().then((body) => body.length)));
  const indexKb = sizes.reduce((sum, bytes) => sum + bytes, 0) / 1000;
  await fresh.close();
  const [warmUp, first, again] = runs;
  console.log(
    `${query}: ${first?.results} results; index loaded in ${loadMs.toFixed(0)} ms, warm-up query ${warmUp?.ms.toFixed(0)} ms, then this query ${first?.ms.toFixed(0)} ms the first time and ${again?.ms.toFixed(0)} ms again; search/?q= to results on screen ${pageMs} ms, fetching ${indexKb.toFixed(0)} KB of pagefind/`,
  );
}
await browser.close();
await server.close();
