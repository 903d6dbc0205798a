// Vitest's global setup: the tests' temporary folders (projects, outputs, the build's own
// scratch folders, Chromium's profiles) all go under one folder of this run's, removed when
// the run ends. Made with `tmpdir()`, they were left behind: some 6,700 folders and 49 GB in
// /tmp after a few hundred runs.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), "paper-digest-tests-"));
  // Open as /tmp is: the permission tests' builds run as nobody, and make folders here too.
  chmodSync(root, 0o1777);
  // The test files run in processes started after this, which inherit it.
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    try {
      rmSync(root, { recursive: true, force: true });
    } catch (error) {
      // A folder a test left without permissions, when the tests do not run as root.
      process.stderr.write(`The tests' temporary folder ${root} could not be removed: ${(error as Error).message}\n`);
    }
  };
}
