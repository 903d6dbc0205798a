// An audit of the incremental build (issue #5): two builds writing one output folder at
// once left a site that was neither's, and every later build kept it; an output folder
// inside the templates copied the last build's output into itself on every build.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, DEFAULT_OPTIONS } from "../../src/build.ts";
import { WriteError } from "../../src/errors.ts";
import { smallProject } from "./helpers.ts";

async function project(prefix: string) {
  const { root, content, out } = await smallProject(prefix, 2);
  return { root, out, options: { ...DEFAULT_OPTIONS, contentDir: content, outDir: out, search: false } };
}

describe("one output folder, one build at a time", () => {
  it("refuses a second build while the first runs, and builds again once it is done", async () => {
    const { root, out, options } = await project("pd-claim-");
    let second: Promise<unknown> | undefined;
    const first = build({
      ...options,
      // The first build holds the folder from before it reads the cache; started from here, the second overlaps it.
      onStart: () => {
        second = build({ ...options, overrides: { siteUrl: "https://other.example" } });
        // Asserted below, once the first is done.
        second.catch(() => undefined);
      },
    });
    await expect(first).resolves.toMatchObject({ papers: 2 });
    await expect(second).rejects.toThrow(
      new RegExp(`^Another build \\(process ${process.pid}\\) is writing \`${out}\`; wait until it ends`),
    );
    await expect(second).rejects.toBeInstanceOf(WriteError);
    expect(readdirSync(root).filter((name) => name.endsWith(".lock"))).toEqual([]);
    await expect(build(options)).resolves.toMatchObject({ papers: 2 });
  });

  it("takes over the claim of a build that is gone", async () => {
    const { root, options } = await project("pd-claim-stale-");
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    expect(gone).toBeGreaterThan(0);
    writeFileSync(join(root, ".dist.lock"), String(gone));
    await expect(build(options)).resolves.toMatchObject({ papers: 2 });
    expect(existsSync(join(root, ".dist.lock"))).toBe(false);
  });
});

describe("an output folder inside the templates", () => {
  it("is refused before anything is written there", async () => {
    const { root, options } = await project("pd-out-templates-");
    const templatesDir = join(root, "templates");
    cpSync(DEFAULT_OPTIONS.templatesDir, templatesDir, { recursive: true });
    const before = readdirSync(join(templatesDir, "assets"));
    await expect(build({ ...options, templatesDir, outDir: join(templatesDir, "assets", "out") })).rejects.toThrow(
      /^Refusing to write the site to `.*assets\/out`: it is inside `.*templates`, which every build reads/,
    );
    expect(readdirSync(join(templatesDir, "assets"))).toEqual(before);
  });
});
