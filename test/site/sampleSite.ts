import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, DEFAULT_OPTIONS } from "../../src/build.ts";

export const CORPUS_SAMPLE = join(import.meta.dirname, "../../../shared/corpus-sample");
export const SEEDS = join(import.meta.dirname, "../../content");
export const BASE = "/digest/";
export const SITE_URL = "https://example.github.io";
export const HAS_CORPUS = existsSync(CORPUS_SAMPLE);
export const SKIP_MESSAGE = `corpus sample not found at ${CORPUS_SAMPLE}; building the seeds in content/ only`;

/**
 * Builds the seeds plus the shared corpus sample (when present) under `/digest/`
 * into a fresh temporary folder; nothing is written inside the repository.
 * @returns the output folder
 */
export async function buildSampleSite(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), "digest-site-"));
  const content = join(root, "content");
  cpSync(SEEDS, content, { recursive: true });
  if (HAS_CORPUS) cpSync(CORPUS_SAMPLE, content, { recursive: true });
  else console.warn(SKIP_MESSAGE);
  const outDir = join(root, "dist");
  await build({ ...DEFAULT_OPTIONS, contentDir: content, outDir, overrides: { basePath: BASE, siteUrl: SITE_URL } });
  return outDir;
}
