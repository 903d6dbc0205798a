import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";

/** The id of a process that has ended: nothing runs under it (until ids come round again). */
export function goneProcessId(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid as number;
}

/** A process that runs for 20 s unless killed first; the caller kills it. */
export function runningProcess(): ChildProcess {
  return spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"]);
}

/**
 * Writes a shell script with `body` to `path` that may be run: a stand-in for a program
 * (Pagefind's binary, `setpriv`).
 * @returns `path`
 */
export async function writeShellScript(path: string, body: string): Promise<string> {
  await writeFile(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}
