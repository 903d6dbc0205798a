#!/usr/bin/env node
// Entry point. Runs the CLI compiled into one JavaScript file, lib/cli.js, which starts
// about 0.3 s sooner than compiling the TypeScript sources on every run (issue #5: a
// rebuild with nothing changed is mostly start-up). The compiled file names the hash of
// the sources it was made from; when the sources differ (an edit, a pull) it is made
// again with esbuild first. Where it cannot be written (a read-only install), the
// sources run through tsx instead.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..");
const sources = join(root, "src");
const compiled = join(root, "lib", "cli.js");

/** Hash of every source file's name and bytes. */
function hashSources() {
  const hash = createHash("sha1");
  const files = readdirSync(sources, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(`${relative(sources, file)}\0`).update(readFileSync(file));
  return hash.digest("hex");
}

function firstLine(file) {
  try {
    return readFileSync(file, "utf8").slice(0, 100).split("\n", 1)[0];
  } catch {
    return "";
  }
}

async function compile(banner) {
  const { build } = await import("esbuild");
  mkdirSync(join(root, "lib"), { recursive: true });
  // A temporary name, so that a CLI started meanwhile never imports half a file.
  const temporary = `${compiled}.${process.pid}.tmp`;
  try {
    await build({
      entryPoints: [join(sources, "cli.ts")],
      outfile: temporary,
      bundle: true,
      // Dependencies stay in node_modules; only our own modules become one file.
      packages: "external",
      platform: "node",
      format: "esm",
      target: "node20",
      banner: { js: banner },
      logLevel: "silent",
    });
    renameSync(temporary, compiled);
  } finally {
    rmSync(temporary, { force: true });
  }
}

async function loadCli() {
  try {
    const banner = `// compiled from src/ ${hashSources()}`;
    if (firstLine(compiled) !== banner) await compile(banner);
    return await import(pathToFileURL(compiled).href);
  } catch {
    const { register } = await import("tsx/esm/api");
    register();
    return import("../src/cli.ts");
  }
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
