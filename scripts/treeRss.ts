import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";

/** A running `sampleTreeRss`. */
export interface TreeRssSampler {
  /** Stops sampling; resolves to the peak in megabytes of 10^6 bytes, or null where there is no /proc. */
  stop(): Promise<number | null>;
}

/**
 * The sampler, as plain CommonJS run with `eval`, so that it needs no file of its own. Each
 * tick it reads every process's parent from /proc, sums the resident memory of `pid` and
 * all its descendants, and keeps the largest sum; on "stop" it replies with that, in kB.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { readFileSync, readdirSync } = require("node:fs");
const { pid, intervalMs } = workerData;
function rssKb(id) {
  try {
    const match = /VmRSS:\\s+(\\d+) kB/.exec(readFileSync("/proc/" + id + "/status", "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // Gone since the folder was listed.
  }
}
function treeKb() {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\\d+$/.test(name)) continue;
    try {
      const stat = readFileSync("/proc/" + name + "/stat", "utf8");
      // "pid (command) state ppid …": the command may hold spaces and parentheses.
      const parent = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(name);
    } catch {}
  }
  let sum = 0;
  for (const queue = [String(pid)]; queue.length > 0; ) {
    const id = queue.pop();
    sum += rssKb(id);
    queue.push(...(children.get(id) ?? []));
  }
  return sum;
}
let peak = treeKb();
const timer = setInterval(() => { peak = Math.max(peak, treeKb()); }, intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  parentPort.postMessage(Math.max(peak, treeKb()));
});
`;

/**
 * Samples the resident memory of this process and of every process it starts, summed, on a
 * thread of its own every `intervalMs`. A build's own peak (`process.resourceUsage().maxRSS`)
 * leaves out the Pagefind processes, which hold a shard's index in memory while they build
 * it, so the bench reports both (issue #5). Shared pages count once per process, as in `ps`;
 * a peak shorter than the interval can be missed; the sampler's thread adds a few MB itself.
 * @param intervalMs time between samples
 */
export function sampleTreeRss(intervalMs = 100): TreeRssSampler {
  if (!existsSync("/proc/self/stat")) return { stop: async () => null };
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { pid: process.pid, intervalMs } });
  return {
    stop: async () => {
      const peakKb = await new Promise<number>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.postMessage("stop");
      });
      await worker.terminate();
      // /proc counts in kB of 1,024 bytes.
      return (peakKb * 1024) / 1e6;
    },
  };
}
