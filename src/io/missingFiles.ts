import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/** Below this many paths a stat each on this thread is quicker than starting a thread. */
const THREAD_FROM = 256;

/** From this many files asked for in one folder, the folder is listed once instead of a stat per file. */
const LIST_FOLDER_FROM = 8;

/**
 * The check, as plain CommonJS so that it needs no module of its own in the compiled CLI
 * (like the write pool's), which is also why it groups the paths by folder itself instead
 * of with the model's `groupBy`: grouping 160,000 paths on the calling thread took 35 to
 * 75 ms of a 10x rebuild's main thread. It lists a folder asked for
 * `LIST_FOLDER_FROM` files or more (a search shard's thousands of files sit in a few
 * folders, and listing one is much cheaper than a stat per file), stats the others, and
 * replies with the paths that are not files.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { root, paths } = workerData;
const byFolder = new Map();
for (const path of paths) {
  const folder = path.slice(0, Math.max(path.lastIndexOf("/"), 0));
  const inFolder = byFolder.get(folder);
  if (inFolder === undefined) byFolder.set(folder, [path]);
  else inFolder.push(path);
}
const missing = [];
for (const [folder, inFolder] of byFolder) {
  if (inFolder.length < ${LIST_FOLDER_FROM}) {
    for (const path of inFolder)
      if (statSync(join(root, path), { throwIfNoEntry: false })?.isFile() !== true) missing.push(path);
    continue;
  }
  let files;
  try {
    files = new Set(readdirSync(join(root, folder), { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name));
  } catch {
    files = new Set();
  }
  for (const path of inFolder) if (!files.has(path.slice(path.lastIndexOf("/") + 1))) missing.push(path);
}
parentPort.postMessage(missing);
`;

/**
 * Which of `paths` (relative, `/`-separated) are not files under `root` (following links).
 * A rebuild asks this of every file the previous build wrote before it keeps any of them
 * (issue #5: 13,000 at 1x, 160,000 at 10x, where a stat each took a second). From
 * `THREAD_FROM` paths on, the check runs on a worker thread, so a build can start it
 * early and parse and model meanwhile.
 * @throws Error when the checking thread fails
 */
export async function missingFiles(
  root: string,
  paths: readonly string[],
  options: MissingFilesOptions = {},
): Promise<ReadonlySet<string>> {
  if (paths.length < THREAD_FROM) return new Set(paths.filter((path) => !isFile(join(root, path))));
  // No more threads than cores, and none for fewer paths than are worth a thread.
  const wanted = Math.min(options.threads ?? 1, availableParallelism(), Math.floor(paths.length / THREAD_FROM));
  const threads = Math.max(1, wanted);
  const share = Math.ceil(paths.length / threads);
  const parts = Array.from({ length: threads }, (_, index) => paths.slice(index * share, (index + 1) * share));
  const missing = await Promise.all(parts.map((part) => missingOnThread(root, part)));
  return new Set(missing.flat());
}

/** How `missingFiles` runs. */
export interface MissingFilesOptions {
  /**
   * Threads that share the paths, at most one per core: more when the caller only waits
   * for the answer, as the kernel's work then runs on several cores. Default: one.
   */
  readonly threads?: number;
}

async function missingOnThread(root: string, paths: readonly string[]): Promise<string[]> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root, paths } });
  try {
    return await new Promise<string[]>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`The thread checking output files stopped (exit code ${code}).`)));
    });
  } finally {
    await worker.terminate();
  }
}

/** Whether `path` is a file (following links); false when it is missing. */
function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}
