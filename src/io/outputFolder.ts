import { lstat, readdir } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { WriteError } from "../errors.ts";

/**
 * Written at the top of every built site, so a later build can tell that a folder
 * is its own output and may be replaced.
 */
export const OUTPUT_MARKER = ".paper-digest";
export const OUTPUT_MARKER_TEXT = "Built by paper-digest-site. This folder is replaced on every build.\n";

/**
 * Refuses an output folder whose replacement would destroy something: the current
 * folder or one above it, a folder holding the content, the templates or the tool, a
 * symlink, or an existing non-empty folder that an earlier build did not make (no
 * `.paper-digest` marker). A build replaces its output folder whole (issue #6). Also
 * refuses a folder inside one whose every file a build copies (the templates, whose
 * assets are published): each build would copy the last one's output into itself.
 * @param outDir the output folder as given
 * @param keep folders that must never be inside or equal to the output (content, templates, tool)
 * @param copied folders the output must not be inside (templates)
 * @throws WriteError saying which rule the folder breaks and what to do
 */
export async function checkOutputFolder(
  outDir: string,
  keep: readonly string[],
  copied: readonly string[] = [],
): Promise<void> {
  const target = resolve(outDir);
  const refuse = (why: string) => {
    throw new WriteError(`Refusing to write the site to \`${outDir}\`: ${why}. Choose another --out (default: dist).`);
  };
  for (const folder of [process.cwd(), ...keep]) {
    const kept = resolve(folder);
    if (kept === target || kept.startsWith(`${target}${sep}`)) {
      refuse(`it is or contains \`${folder}\`, which the build would replace`);
    }
  }
  for (const folder of copied) {
    if (target.startsWith(`${resolve(folder)}${sep}`)) {
      refuse(
        `it is inside \`${folder}\`, which every build reads, so each build would publish the last one's output again`,
      );
    }
  }
  const info = await lstat(target).catch(() => null);
  if (info === null) return;
  if (info.isSymbolicLink()) refuse("it is a symlink, and the build would replace the link with a folder");
  if (!info.isDirectory()) refuse("it is a file, not a folder");
  const names = await readdir(target);
  if (names.length > 0 && !names.includes(OUTPUT_MARKER)) {
    // The marker is all that tells: a folder whose marker was deleted looks like anyone's.
    throw new WriteError(
      `Refusing to write the site to \`${outDir}\`: it holds files but no ${OUTPUT_MARKER} marker, which every build writes, so they may not be a build's. If the folder is an earlier build's output, delete it and build again; otherwise choose another --out (default: dist).`,
    );
  }
}
