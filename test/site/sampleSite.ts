import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, DEFAULT_OPTIONS } from "../../src/build.ts";
import { CORPUS_DIR, HAVE_CORPUS, NO_CORPUS_MESSAGE } from "../helpers/corpus.ts";

export const SEEDS = join(import.meta.dirname, "../../content");
export const BASE = "/digest/";
export const SITE_URL = "https://example.github.io";

/**
 * Builds the seeds plus the shared corpus sample (when present) under `/digest/`
 * into a fresh temporary folder; nothing is written inside the repository.
 * @returns the output folder
 */
export async function buildSampleSite(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "digest-site-"));
  const content = join(root, "content");
  cpSync(SEEDS, content, { recursive: true });
  if (HAVE_CORPUS) cpSync(CORPUS_DIR, content, { recursive: true });
  else console.warn(`${NO_CORPUS_MESSAGE}; building the seeds in content/ only`);
  const outDir = join(root, "dist");
  await build({ ...DEFAULT_OPTIONS, contentDir: content, outDir, overrides: { basePath: BASE, siteUrl: SITE_URL } });
  return outDir;
}
