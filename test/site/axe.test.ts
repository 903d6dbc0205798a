import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HAVE_CHROMIUM, launchChromium, warnIfNoChromium } from "../helpers/browser.ts";
import { type StaticServer, serveStatic } from "../helpers/staticServer.ts";
import { onePagePerKind } from "./pageKinds.ts";
import { BASE, buildSampleSite } from "./sampleSite.ts";

warnIfNoChromium("the axe-core test");
const AXE = readFileSync(join(import.meta.dirname, "../../node_modules/axe-core/axe.min.js"), "utf8");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

describe.skipIf(!HAVE_CHROMIUM)("axe-core in headless Chromium", () => {
  let browser: Browser;
  let server: StaticServer;
  let origin = "";
  let pages: Record<string, string> = {};

  beforeAll(async () => {
    const dist = await buildSampleSite();
    pages = onePagePerKind(dist);
    server = await serveStatic(dist, BASE);
    origin = server.origin;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const scheme of ["light", "dark"] as const) {
    it(`reports no serious or critical violation on any page kind (${scheme})`, async () => {
      const context = await browser.newContext({ colorScheme: scheme, javaScriptEnabled: true });
      // Third-party media would need the network; the test is about our markup and colours.
      await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
      const found: string[] = [];
      for (const [kind, file] of Object.entries(pages)) {
        const page = await context.newPage();
        await page.goto(`${origin}${BASE}${file.replace(/index\.html$/, "")}`, { waitUntil: "load" });
        await page.addScriptTag({ content: AXE });
        const violations = (await page.evaluate(async () => {
          const axe = (globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: unknown[] }> } })
            .axe;
          return (await axe.run({ resultTypes: ["violations"] })).violations;
        })) as Violation[];
        for (const v of violations)
          if (v.impact === "serious" || v.impact === "critical")
            found.push(`${kind}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(v.nodes[0]?.target)}`);
        await page.close();
      }
      await context.close();
      expect(found).toEqual([]);
      // About 10 s a scheme on a 2-core machine.
    }, 180_000);
  }

  it("parses the feeds and sitemap with the browser's XML parser", async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}${BASE}`);
    for (const file of ["feed.xml", "sitemap.xml"]) {
      const error = await page.evaluate(async (url) => {
        const text = await (await fetch(url)).text();
        const doc = new DOMParser().parseFromString(text, "application/xml");
        return doc.querySelector("parsererror")?.textContent ?? null;
      }, `${BASE}${file}`);
      expect(error, file).toBeNull();
    }
    await page.close();
  });
});
