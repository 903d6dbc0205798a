/**
 * Builds the seeds (plus ../shared/corpus-sample when present) under /digest/ and
 * saves light/dark, desktop/phone screenshots of the home, day and paper pages
 * to docs/screenshots/. Usage: npx tsx scripts/screenshots.ts
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serveStatic } from "../test/helpers/staticServer.ts";
import { BASE, buildSampleSite } from "../test/site/sampleSite.ts";

const outDir = join(import.meta.dirname, "../docs/screenshots");
mkdirSync(outDir, { recursive: true });
const dist = await buildSampleSite();
const server = await serveStatic(dist, BASE);
const { origin } = server;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const targets = {
  home: "",
  day: "days/2025-02-11/",
  paper: "papers/2502.06703/",
  archive: "archive/",
  tag: "tags/llm/top/",
};
const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
try {
  for (const scheme of ["light", "dark"] as const) {
    for (const [device, viewport] of Object.entries(sizes)) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const [name, path] of Object.entries(targets)) {
        await page.goto(`${origin}${BASE}${path}`, { waitUntil: "networkidle", timeout: 20_000 }).catch(() => {});
        await page.emulateMedia({ colorScheme: scheme });
        const file = join(outDir, `${name}-${device}-${scheme}.png`);
        await page.screenshot({ path: file });
        console.log(file);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
