import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Debian's `chromium` package; `.ci/run` installs it. */
export const CHROMIUM = "/usr/bin/chromium";
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** Says once per test file why its browser tests are skipped. */
export function warnIfNoChromium(what: string): void {
  if (!HAVE_CHROMIUM) console.warn(`Chromium not found at ${CHROMIUM}: apt-get install chromium (skipping ${what})`);
}

/** Headless Chromium with the flags the project's machines need. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}
