import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { WriteError } from "../errors.ts";
import { isRunning } from "./processes.ts";

/** Claims this process holds: a build stopped by a signal ends the process with `process.exit`, not at its `finally`. */
const held = new Set<string>();
process.on("exit", () => {
  for (const lock of held) rmSync(lock, { force: true });
});

/**
 * Claims the output folder for one build until the returned function is called. Two
 * builds writing one folder at once left a site that was neither's: one kept pages by
 * the cache it had read before the other rewrote them, then saved a cache vouching for
 * them, so every later build kept them too. The claim is a file beside the folder
 * holding the build's process id; one left by a process that is gone (a build killed)
 * is taken over.
 * @param outDir the output folder
 * @throws WriteError when a running build holds the folder
 */
export function claimOutputFolder(outDir: string): () => void {
  const target = resolve(outDir);
  const lock = join(dirname(target), `.${basename(target)}.lock`);
  mkdirSync(dirname(target), { recursive: true });
  // Written whole first and then linked into place, so a claim is never seen without its id.
  const mine = `${lock}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        linkSync(mine, lock);
        held.add(lock);
        return () => {
          held.delete(lock);
          rmSync(lock, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
      }
      const holder = Number(readFileSync(lock, "utf8"));
      // Anything but a process id (an edited or damaged file) holds nothing; 0 would be this process group.
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder))
        throw new WriteError(
          `Another build (process ${holder}) is writing \`${outDir}\`; wait until it ends, or stop it, and build again. If no build is running, delete \`${lock}\`.`,
        );
      rmSync(lock, { force: true });
    }
  } finally {
    rmSync(mine, { force: true });
  }
}
