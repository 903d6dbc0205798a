import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HAVE_CHROMIUM, launchChromium, warnIfNoChromium } from "../helpers/browser.ts";
import { type StaticServer, serveStatic } from "../helpers/staticServer.ts";
import { onePagePerKind } from "./pageKinds.ts";
import { BASE, buildSampleSite } from "./sampleSite.ts";

warnIfNoChromium("the phone layout test");

/** Phone widths in CSS pixels: a small Android phone, the common ones, an iPhone. */
const WIDTHS = [320, 360, 390];

describe.skipIf(!HAVE_CHROMIUM)("pages on a phone, in headless Chromium", () => {
  let browser: Browser;
  let server: StaticServer;
  let pages: Record<string, string> = {};

  beforeAll(async () => {
    const dist = await buildSampleSite();
    pages = onePagePerKind(dist);
    server = await serveStatic(dist, BASE);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("never breaks a date or an ISO week across two lines", async () => {
    const broken: string[] = [];
    const context = await browser.newContext();
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    const page = await context.newPage();
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      for (const [kind, file] of Object.entries(pages)) {
        await page.goto(`${server.origin}${BASE}${file.replace(/index\.html$/, "")}`, { waitUntil: "load" });
        const found = await page.evaluate(() => {
          const out: string[] = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
            const text = node.textContent ?? "";
            for (const match of text.matchAll(/\d{4}-(?:\d{2}-\d{2}|W\d{2})/g)) {
              const range = document.createRange();
              range.setStart(node, match.index);
              range.setEnd(node, match.index + match[0].length);
              // A run split over two lines has boxes at two heights; a hidden one has none.
              const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
              if (lines.size > 1) out.push(match[0]);
            }
          }
          return out;
        });
        for (const date of found) broken.push(`${kind} at ${width}px: ${date}`);
      }
    }
    await context.close();
    expect(broken).toEqual([]);
  }, 120_000);
});
