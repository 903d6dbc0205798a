#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point. Runs the CLI compiled to JavaScript in lib/<hash of the sources>/, which
// starts about 0.3 s sooner than compiling the TypeScript sources on every run (issue #5:
// a rebuild with nothing changed is mostly start-up). The compiled CLI is split into
// chunks, so the parser, renderer and search indexer load only when a build needs them,
// and holds its dependencies too: loading remark, micromark's many small packages and
// Eta from node_modules took 0.15 s of a rebuild after adding a day, bundled 0.05 s.
// When the sources or the installed packages differ (an edit, a pull, an npm install)
// it is compiled again with esbuild first.
// Where it cannot be written (a read-only install), the sources run through tsx instead.
// The shebang's flag (also in package.json's scripts, which the benchmark reads) gives
// V8 a 64 MB young generation instead of 16 MB (issue #5): parsing makes short-lived
// micromark tokens faster than a small one can let them die, and on a ten-year archive
// the scavenges it saved took 5 of the 26 s that `check` took while micromark read
// every file (before src/parse/simpleBlocks.ts). 32 MB did not help reliably; 64 MB
// costs up to 144 MB. How far the old generation grows is set per build at run time
// (src/heap.ts).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..");
const sources = join(root, "src");
const compiledRoot = join(root, "lib");

/** What npm records of the packages installed, which the compiled CLI holds copies of. */
const INSTALLED_PACKAGES = [join(root, "package-lock.json"), join(root, "node_modules", ".package-lock.json")];

/** Hash of every source file's name and bytes, and of the installed packages' lockfiles. */
function hashSources() {
  const hash = createHash("sha1");
  const files = readdirSync(sources, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(`${relative(sources, file)}\0`).update(readFileSync(file));
  for (const file of INSTALLED_PACKAGES)
    hash.update(`${relative(root, file)}\0`).update(existsSync(file) ? readFileSync(file) : "");
  return hash.digest("hex");
}

/** Compiles the sources into the folder `version` of lib/, and removes versions long unused. */
async function compile(version) {
  const { build } = await import("esbuild");
  const target = join(compiledRoot, version);
  mkdirSync(compiledRoot, { recursive: true });
  // A temporary folder, so that a CLI started meanwhile never imports half a version.
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await build({
      entryPoints: [join(sources, "cli.ts")],
      outdir: temporary,
      bundle: true,
      splitting: true,
      // Pagefind finds its own binary next to its package, and the dev server's file
      // watcher has an optional native part: both stay in node_modules.
      external: ["pagefind", "chokidar"],
      // Bundled CommonJS packages (gray-matter) call require(), which ES modules lack.
      banner: {
        js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
      },
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "silent",
    });
    try {
      renameSync(temporary, target);
    } catch (error) {
      // Another CLI compiled the same sources first.
      if (!existsSync(join(target, "cli.js"))) throw error;
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  try {
    removeOldVersions(version);
  } catch {
    // Best effort: the new version is ready whether or not the old ones could go.
  }
}

/**
 * Versions kept besides the one just compiled, the most recently started first. A CLI
 * loads its parser, renderer and search indexer only when a build needs them, so one
 * still running (a dev server started before a pull) imports from its version's folder
 * long after it started; removing every older version at once broke such a process's
 * next build ("Cannot find module").
 */
const KEPT_VERSIONS = 3;

/** How long a compile killed midway may leave its temporary folder before another CLI removes it. */
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

/** Removes all but the `KEPT_VERSIONS` most recently started versions besides `current`. */
function removeOldVersions(current) {
  const others = readdirSync(compiledRoot)
    .filter((name) => name !== current)
    .flatMap((name) => {
      // Another CLI may be removing it right now.
      const stats = statSync(join(compiledRoot, name), { throwIfNoEntry: false });
      return stats === undefined ? [] : [{ name, startedAt: stats.mtimeMs }];
    });
  const versions = others.filter(({ name }) => !name.endsWith(".tmp")).sort((a, b) => b.startedAt - a.startedAt);
  const staleTemporaries = others.filter(
    ({ name, startedAt }) => name.endsWith(".tmp") && Date.now() - startedAt > STALE_TEMPORARY_MS,
  );
  for (const { name } of [...versions.slice(KEPT_VERSIONS), ...staleTemporaries])
    rmSync(join(compiledRoot, name), { recursive: true, force: true });
}

/** Marks a version as just started, so that `removeOldVersions` keeps it a while longer. */
function touch(folder) {
  try {
    const now = new Date();
    utimesSync(folder, now, now);
  } catch {
    // A read-only install: no other CLI can remove its versions either.
  }
}

async function loadCli() {
  try {
    const version = hashSources();
    const entry = join(compiledRoot, version, "cli.js");
    if (existsSync(entry)) touch(join(compiledRoot, version));
    else await compile(version);
    return await import(pathToFileURL(entry).href);
  } catch {
    const { register } = await import("tsx/esm/api");
    register();
    return import("../src/cli.ts");
  }
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
