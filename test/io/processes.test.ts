import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mayStillRun } from "../../src/io/processes.ts";
import { eventually } from "../helpers/eventually.ts";

const HAVE_PROC = existsSync("/proc/self/stat");
if (!HAVE_PROC) console.warn("Skipping the zombie-process test: it needs Linux's /proc.");

describe("mayStillRun", () => {
  it("counts this process, and not a process id nothing runs under", () => {
    expect(mayStillRun(process.pid, Date.now())).toBe(true);
    expect(mayStillRun(2 ** 22 + 1, Date.now())).toBe(false);
  });

  it.skipIf(!HAVE_PROC)("does not count a killed process its parent has not reaped yet (a zombie)", async () => {
    // `sleep 0` exits at once and the shell, replaced by `sleep 60` (ended below), never waits for it.
    const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 60"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const pid = await new Promise<number>((resolve) => parent.stdout.once("data", (data) => resolve(Number(data))));
      await eventually(() => /\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8")));
      expect(mayStillRun(pid, Date.now())).toBe(false);
    } finally {
      parent.kill();
    }
  });
});
