import { readFileSync, readlinkSync } from "node:fs";

/** Whether the process `pid` is running: this one, or another that a signal could reach (or not ours to signal). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Slack for a start time counted from a boot time in whole seconds, and for a file system
 * that keeps modification times to 2 s (FAT): a file can look up to that much older than it is.
 */
const START_SLACK_MS = 3000;

/**
 * Whether the process `pid`, named by something made at `madeAt` (a claim, a scratch
 * folder), may still be the one that made it: it runs, and did not start after that where
 * that can be told. Ids come round again (containers give out the same low ids run after
 * run), so a running process with the id of a killed build is not that build.
 * @param madeAt milliseconds since the epoch, e.g. the file's `mtimeMs`
 */
export function mayStillRun(pid: number, madeAt: number): boolean {
  if (!isRunning(pid)) return false;
  const stat = procStat(pid);
  // A build killed with SIGKILL whose parent has not reaped it yet is a zombie: it answers
  // signals but will never write again (it held off the next build until it was reaped).
  if (stat !== null && (stat[0] === "Z" || stat[0] === "X")) return false;
  const started = processStartTime(stat);
  return started === null || started <= madeAt + START_SLACK_MS;
}

let namespace: string | undefined;

/**
 * This process's pid namespace on Linux (`4026531836`), else "0": a pid means a process only
 * within its namespace, and a container may share a folder with the host or another container.
 */
export function pidNamespace(): string {
  if (namespace === undefined) {
    try {
      namespace = /\d+/.exec(readlinkSync("/proc/self/ns/pid"))?.[0] ?? "0";
    } catch {
      namespace = "0";
    }
  }
  return namespace;
}

/** Whether `pid` of `namespace` is this process: another namespace's process may have its id. */
export function isThisProcess(pid: number, namespace: string): boolean {
  return pid === process.pid && namespace === pidNamespace();
}

/** After this long, something named by a process of another pid namespace counts as abandoned. */
const FOREIGN_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * `mayStillRun` for something named by a process and its pid namespace (`pidNamespace`):
 * in this namespace the same question; in another, whose pids cannot be looked up from here
 * (to this one that process seems gone), whether it was touched lately.
 * @param foreignForMs how lately: a day unless said otherwise
 */
export function mayStillRunIn(
  processNamespace: string,
  pid: number,
  madeAt: number,
  foreignForMs = FOREIGN_AFTER_MS,
): boolean {
  return processNamespace === pidNamespace() ? mayStillRun(pid, madeAt) : Date.now() - madeAt <= foreignForMs;
}

/** The fields of `/proc/<pid>/stat` from the third (the state) on; null where there is none (not Linux, or no such process). */
function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** Clock ticks per second in `/proc`'s times (USER_HZ, 100 on every Linux kernel Node runs on). */
const CLOCK_TICKS_PER_SECOND = 100;

let bootTime: number | null | undefined;

/**
 * When a process started, in milliseconds since the epoch, to within a second; null where
 * that cannot be told.
 * @param stat its `procStat`
 */
function processStartTime(stat: readonly string[] | null): number | null {
  if (stat === null) return null;
  // The start is field 22.
  const ticks = Number(stat[19]);
  try {
    bootTime ??= Number(/^btime (\d+)$/m.exec(readFileSync("/proc/stat", "utf8"))?.[1]) * 1000 || null;
  } catch {
    bootTime = null;
  }
  return bootTime === null || !Number.isFinite(ticks) ? null : bootTime + (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}
