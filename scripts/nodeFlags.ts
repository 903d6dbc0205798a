import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The Node flags `npm run build` passes (package.json), so that the benchmark and the
 * comparison time a build the way a site owner runs it.
 */
export function buildNodeFlags(root: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const words = (scripts.build ?? "").split(/\s+/);
  const script = words.indexOf("bin/paper-digest.js");
  if (words[0] !== "node" || script < 0) throw new Error(`package.json: unexpected build script \`${scripts.build}\`.`);
  return words.slice(1, script);
}
