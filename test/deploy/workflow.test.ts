import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS, defaultCacheDir, PACKAGE_ROOT, TOOL_KEY_INPUTS } from "../../src/build.ts";

interface Step {
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string>;
}

/** The deploy workflow's build job, parsed (gray-matter reads YAML between `---` lines). */
function buildSteps(): Step[] {
  const text = readFileSync(join(PACKAGE_ROOT, ".github/workflows/pages.yml"), "utf8");
  const workflow = matter(`---\n${text}\n---\n`).data as { jobs: { build: { steps: Step[] } } };
  return workflow.jobs.build.steps;
}

describe("the GitHub Pages workflow", () => {
  const steps = buildSteps();
  const buildStep = steps.findIndex((step) => step.run?.startsWith("npm run build") === true);
  const cacheStep = steps.findIndex((step) => step.uses?.startsWith("actions/cache@") === true);
  const cached = () => (steps[cacheStep]?.with?.path ?? "").split("\n").filter((line) => line.trim() !== "");

  it("builds into the default output folder, with the cache on, and uploads that folder", () => {
    const command = steps[buildStep]?.run ?? "";
    expect(command).not.toMatch(/--out\b|--no-cache\b/);
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-pages-artifact@"));
    expect(upload?.with?.path).toBe(DEFAULT_OPTIONS.outDir);
  });

  it("restores the previous output and the build cache before building, so a deploy rebuilds only what changed", () => {
    expect(cacheStep).toBeGreaterThanOrEqual(0);
    expect(cacheStep).toBeLessThan(buildStep);
    const outDir = resolve(PACKAGE_ROOT, DEFAULT_OPTIONS.outDir);
    const expected = [DEFAULT_OPTIONS.outDir, relative(PACKAGE_ROOT, defaultCacheDir(outDir))];
    expect(cached().sort()).toEqual(expected.sort());
  });

  it("keys the saved cache by every input, so a push that changes any of them saves a new one", () => {
    const key = steps[cacheStep]?.with?.key ?? "";
    // Every input of the build's tool key too: a change to one empties the build cache, and a
    // key without it would match exactly, so the rebuilt cache would never be saved.
    const toolInputs = TOOL_KEY_INPUTS.map((name) => (name === "src" ? "src/**" : name));
    for (const input of ["content/**", "templates/**", ...toolInputs]) {
      expect(key).toContain(`'${input}'`);
    }
    // The tool key holds the Node version too (setup-node's output).
    const setupNode = steps.find((step) => step.uses?.startsWith("actions/setup-node"));
    expect(setupNode?.id).toBeTruthy();
    expect(key).toContain(`steps.${setupNode?.id}.outputs.node-version`);
    // A key that always matched exactly would never be saved again after the first deploy.
    expect(key).toContain("hashFiles(");
    expect(steps[cacheStep]?.with?.["restore-keys"]).toBeTruthy();
  });
});
