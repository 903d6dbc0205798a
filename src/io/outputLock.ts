import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { WriteError } from "../errors.ts";
import { isThisProcess, mayStillRunIn, pidNamespace } from "./processes.ts";

/** Another build that is still running holds the output folder. */
export class OutputClaimedError extends WriteError {}

/** Claims this process holds: a build stopped by a signal ends the process with `process.exit`, not at its `finally`. */
const held = new Set<string>();
process.on("exit", () => {
  for (const lock of held) releaseIfMine(lock);
});

/** How long a claim may be seen empty before it counts as abandoned: its id is written right after it is made. */
const UNWRITTEN_GRACE_MS = 5_000;
/**
 * After this long a breaker (see `breakStaleClaim`) of another pid namespace counts as a
 * killed build's: it is held for microseconds, unless its build is stalled (stopped, swapped
 * out). Judged as a claim is, it blocked the takeover of every stale claim for a day. One
 * of this namespace is judged by its process, as a claim is.
 */
const FOREIGN_BREAKER_MS = 60_000;
/** Tries before giving up on a claim that keeps changing hands. */
const ATTEMPTS = 200;

/**
 * Claims the output folder for one build until the returned function is called. Two
 * builds writing one folder at once left a site that was neither's: one kept pages by
 * the cache it had read before the other rewrote them, then saved a cache vouching for
 * them, so every later build kept them too. The claim is a file beside the folder
 * holding the build's process id and pid namespace (`12345 4026531836`). One left by a
 * build that is gone (killed) is taken over (see `mayStillRunIn`): at once in this
 * namespace, after a day in another, whose process ids mean nothing here (a container and
 * the host sharing the folder; a build in one took over the other's running build's claim).
 * @param outDir the output folder
 * @throws OutputClaimedError when a running build holds the folder
 */
export function claimOutputFolder(outDir: string): () => void {
  const target = resolve(outDir);
  const lock = join(dirname(target), `.${basename(target)}.lock`);
  mkdirSync(dirname(target), { recursive: true });
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (createClaim(lock)) {
      held.add(lock);
      return () => {
        held.delete(lock);
        releaseIfMine(lock);
      };
    }
    const claim = readClaim(lock);
    // Released since: try again.
    if (claim === null) continue;
    if (claim.live)
      throw new OutputClaimedError(
        `Another build (process ${claim.pid || "starting"}${claim.namespace === pidNamespace() ? "" : " of another pid namespace: a container, or the host"}) is writing \`${outDir}\`; wait until it ends, or stop it, and build again. If no build is running, delete \`${lock}\`.`,
      );
    breakStaleClaim(lock, claim);
  }
  throw new WriteError(
    `Could not claim \`${outDir}\` for this build; if no build is running, delete \`${lock}\` (and \`${lock}.break\`, if there is one).`,
  );
}

/** Makes the claim at `path`, holding this process's id and pid namespace; false when there is one. */
function createClaim(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid} ${pidNamespace()}`);
  } finally {
    closeSync(fd);
  }
  return true;
}

interface Claim {
  readonly pid: number;
  /** The pid namespace it names; this one's for a claim of an earlier version, which named none. */
  readonly namespace: string;
  readonly madeAt: number;
  /** Whether its build may still be running. */
  readonly live: boolean;
}

/**
 * The claim at `lock`, or null when there is none.
 * @param foreignForMs how long one of another pid namespace counts as running (`mayStillRunIn`)
 */
function readClaim(lock: string, foreignForMs?: number): Claim | null {
  let text: string;
  let madeAt: number;
  try {
    madeAt = statSync(lock).mtimeMs;
    text = readFileSync(lock, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  // Made, its id not yet written; or left so by a process killed in between.
  if (text === "") return { pid: 0, namespace: pidNamespace(), madeAt, live: Date.now() - madeAt < UNWRITTEN_GRACE_MS };
  // What follows the namespace is left for a later version to add: this version reads past
  // it (earlier ones, which read a pid alone, take any two-number claim for a damaged one).
  const [, id = "", namespace = pidNamespace()] = /^\s*(\d+)(?:\s+(\d+))?/.exec(text) ?? [];
  const pid = Number(id);
  return { pid, namespace, madeAt, live: mayStillHold(lock, pid, namespace, madeAt, foreignForMs) };
}

/** Whether process `pid` of `namespace`, named by the claim `lock` made at `madeAt`, may still be running the build that made it. */
function mayStillHold(lock: string, pid: number, namespace: string, madeAt: number, foreignForMs?: number): boolean {
  // Anything but a process id (an edited or damaged file) holds nothing; 0 would be this process group.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // This process holds the claims it made; another with its id is a killed build's.
  if (isThisProcess(pid, namespace)) return held.has(lock);
  return mayStillRunIn(namespace, pid, madeAt, foreignForMs);
}

/**
 * Removes a stale claim. Two builds that both found it stale must not both remove
 * something: the second would remove the claim the first made meanwhile. So a claim is
 * removed only under a second claim, and only if it is still the stale one.
 */
function breakStaleClaim(lock: string, stale: Claim): void {
  const breaker = `${lock}.break`;
  if (!createClaim(breaker)) {
    const other = readClaim(breaker, FOREIGN_BREAKER_MS);
    // One left by a build killed while breaking would stop every build after it.
    if (other !== null && !other.live) rmSync(breaker, { force: true });
    else pause(10);
    return;
  }
  try {
    const now = readClaim(lock);
    if (now !== null && now.pid === stale.pid && now.namespace === stale.namespace && now.madeAt === stale.madeAt)
      rmSync(lock, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

/** Removes the claim at `lock` if it is this process's: never another build's that took over a claim thought stale. */
function releaseIfMine(lock: string): void {
  const claim = readClaim(lock);
  if (claim !== null && isThisProcess(claim.pid, claim.namespace)) rmSync(lock, { force: true });
}

/** Waits `ms` without returning to the event loop: claiming is synchronous, and a wait this short needs no more. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
