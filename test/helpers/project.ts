import { join } from "node:path";
import { expect } from "vitest";
import { type BuildOptions, build, DEFAULT_OPTIONS } from "../../src/build.ts";
import { fileTree } from "./tree.ts";

/** Options for a project `name` under `root`: content, output and cache folders of its own, no search. */
export function projectOptions(root: string, name: string): BuildOptions & { readonly cacheDir: string } {
  return {
    ...DEFAULT_OPTIONS,
    search: false,
    contentDir: join(root, name),
    outDir: join(root, `${name}-dist`),
    cacheDir: join(root, `${name}-cache`),
  };
}

/**
 * Builds the same content without a cache into `<outDir>-clean` and expects byte-identical
 * output (issue #5: the cache never makes output differ from a clean build). The clean
 * build saves its cache apart, so the next incremental build still finds its own.
 * @returns the clean output folder
 */
export async function expectSameAsCleanBuild(options: BuildOptions): Promise<string> {
  const clean = `${options.outDir}-clean`;
  const cacheDir = options.cacheDir === undefined ? {} : { cacheDir: `${options.cacheDir}-clean` };
  await build({ ...options, outDir: clean, cache: false, ...cacheDir });
  expect(fileTree(options.outDir)).toEqual(fileTree(clean));
  return clean;
}
