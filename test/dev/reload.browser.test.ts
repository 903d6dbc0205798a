// Live reload in a real browser: pages under a base path, many tabs, and a page that
// was loading when the last change was announced.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { synthesizeFiles } from "../../scripts/synth.ts";
import { DEFAULT_OPTIONS } from "../../src/build.ts";
import { type DevServer, startDevServer } from "../../src/dev/index.ts";
import { HAVE_CHROMIUM, launchChromium, warnIfNoChromium } from "../helpers/browser.ts";
import { eventually } from "../helpers/eventually.ts";

warnIfNoChromium("the dev server's reload tests");

describe.skipIf(!HAVE_CHROMIUM)("dev server: reloading pages in the browser", () => {
  let root: string;
  let browser: Browser;
  let server: DevServer;
  let context: BrowserContext;
  let day: string;
  let title = 0;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "digest-dev-browser-"));
    mkdirSync(join(root, "content"));
    day = join(root, "content", "2023-05-01.md");
    writeFileSync(day, (synthesizeFiles(1, 2)[0] as { text: string }).text);
    server = await startDevServer({
      // Under a base path: the worker and the event stream are the origin's.
      build: {
        ...DEFAULT_OPTIONS,
        contentDir: join(root, "content"),
        outDir: join(root, "dist"),
        overrides: { basePath: "/repo/" },
      },
      port: 0,
      log: () => {},
      debounceMs: 20,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  // A context of its own per test: the shared worker lives as long as one of its pages.
  const freshContext = async () => {
    await context?.close();
    context = await browser.newContext();
    return context;
  };

  /** Renames the day's first paper and returns the new title, once the server has built it. */
  async function renamePaper(): Promise<string> {
    title += 1;
    const renamed = `Renamed Paper ${title}`;
    writeFileSync(day, readFileSync(day, "utf8").replace(/^### \[[^\]]*\]/m, `### [${renamed}]`));
    await eventually(async () => (await (await fetch(server.url)).text()).includes(renamed));
    await server.settled();
    return renamed;
  }

  it("loads an eighth tab and reloads them all (an event stream per tab held Chromium's 6 connections)", async () => {
    const tabs = await freshContext();
    const pages: Page[] = [];
    for (let i = 0; i < 8; i += 1) {
      const page = await tabs.newPage();
      // A tab left waiting for a connection never loads; a slow machine's still does.
      await page.goto(server.url, { timeout: 30_000 });
      pages.push(page);
    }
    const renamed = await renamePaper();
    for (const page of pages) await eventually(() => shows(page, renamed));
  });

  it("reloads a page that was served before the last change once it connects (its reload was missed)", async () => {
    const page = await (await freshContext()).newPage();
    const stale = await (await fetch(server.url)).text();
    const renamed = await renamePaper();
    // The page as it was read before the change, arriving after the change was announced.
    await page.route(server.url, (route) => route.fulfill({ body: stale, contentType: "text/html" }), { times: 1 });
    await page.goto(server.url);
    await eventually(() => shows(page, renamed));
  });

  it("reloads over an event stream of its own where there is no SharedWorker", async () => {
    const tabs = await freshContext();
    await tabs.addInitScript(() => {
      delete (globalThis as { SharedWorker?: unknown }).SharedWorker;
    });
    const page = await tabs.newPage();
    await page.goto(server.url);
    expect(await page.evaluate(() => typeof SharedWorker)).toBe("undefined");
    const renamed = await renamePaper();
    await eventually(() => shows(page, renamed));
  });
});

/** Whether the page shows `text`; false while it is between two documents. */
async function shows(page: Page, text: string): Promise<boolean> {
  return ((await page.textContent("body").catch(() => null)) ?? "").includes(text);
}
