import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** `../shared/corpus-sample` beside the repo: real files we may read but never commit. */
export const CORPUS_DIR = join(import.meta.dirname, "..", "..", "..", "shared", "corpus-sample");
export const HAVE_CORPUS = existsSync(CORPUS_DIR);
export const NO_CORPUS_MESSAGE = `skipped: ${CORPUS_DIR} is absent (the real corpus sample lives in ../shared/corpus-sample beside the repo)`;

/** Every corpus file as [relative path, text], in path order. */
export function readCorpus(): [string, string][] {
  if (!HAVE_CORPUS) return [];
  const files = readdirSync(CORPUS_DIR, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".md"))
    .sort();
  return files.map((name) => [
    relative(CORPUS_DIR, join(CORPUS_DIR, name)),
    readFileSync(join(CORPUS_DIR, name), "utf8"),
  ]);
}
