import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../src/build.ts";

/** The installed command's entry point. */
export const CLI = join(PACKAGE_ROOT, "bin", "paper-digest.js");

/** Runs the command (or another copy's `bin`) to the end with this Node. */
export function runCli(args: readonly string[], cwd: string, bin = CLI) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
