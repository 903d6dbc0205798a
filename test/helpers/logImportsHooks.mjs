import { appendFileSync } from "node:fs";

/** Module loader hook (runs on Node's loader thread): logs each module's URL, then loads it as usual. */
export async function load(url, context, nextLoad) {
  if (process.env.PD_IMPORT_LOG) appendFileSync(process.env.PD_IMPORT_LOG, `${url}\n`);
  return nextLoad(url, context);
}
