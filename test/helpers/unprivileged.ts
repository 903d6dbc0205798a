import { spawnSync } from "node:child_process";
import { chmodSync } from "node:fs";
import { CLI } from "./cli.ts";

/** `nobody` on Debian: a user whose permissions `chmod` can take away. */
const NOBODY = 65534;

/** Root may read and write whatever a mode says, so permission tests run their builds as `nobody` then. */
const asRoot = process.getuid?.() === 0;
const user = asRoot ? { uid: NOBODY, gid: NOBODY } : {};

/**
 * Why permission tests cannot run here, or null when they can: as root they need `nobody`
 * to be able to run Node and this package's command.
 */
export function permissionTestsUnavailable(): string | null {
  if (process.platform === "win32") return "file modes do not restrict access on Windows";
  const probe = spawnSync(process.execPath, [CLI, "--help"], { ...user, encoding: "utf8" });
  return probe.status === 0
    ? null
    : `user ${NOBODY} (nobody) cannot run ${CLI}: ${probe.error?.message ?? probe.stderr.slice(0, 200)}`;
}

/** Runs the command as a user that file modes apply to (this one, or `nobody` under root). */
export function runCliUnprivileged(args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", ...user });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Lets that user create, read and remove anything in `folders` (made by this one). */
export function openTo(...folders: string[]): void {
  for (const folder of folders) chmodSync(folder, 0o777);
}
