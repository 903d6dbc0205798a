import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sampleTreeRss } from "../../scripts/treeRss.ts";

const HAVE_PROC = existsSync("/proc/self/stat");
if (!HAVE_PROC) console.warn("No /proc here: the tree RSS sampler reports null, and its test is skipped");

describe.skipIf(!HAVE_PROC)("sampleTreeRss", () => {
  it("counts the memory of the processes this one starts", async () => {
    const sampler = sampleTreeRss(20);
    const alone = process.memoryUsage.rss() / 1e6;
    // A child that fills 300 MB and holds it for a while, as a Pagefind process holds its index.
    const child = spawn(process.execPath, ["-e", "const b = Buffer.alloc(300e6, 1); setTimeout(() => b.length, 800)"]);
    await new Promise((resolve) => child.once("exit", resolve));
    const peak = await sampler.stop();
    expect(peak).not.toBeNull();
    expect(peak as number).toBeGreaterThan(alone + 300);
  });
});
