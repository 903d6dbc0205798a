import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { synthesizeFiles } from "../scripts/synth.ts";
import { type BuildProgress, build, DEFAULT_OPTIONS } from "../src/build.ts";
import { progressLine, showsProgress } from "../src/progress.ts";

const root = mkdtempSync(join(tmpdir(), "digest-progress-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("build progress on a terminal", () => {
  it("shows on a terminal outside CI, where CI=false and CI=0 say it is not", () => {
    expect(showsProgress(true, undefined)).toBe(true);
    for (const ci of ["", "0", "false", "FALSE"]) expect(showsProgress(true, ci)).toBe(true);
    for (const ci of ["true", "1", "github"]) expect(showsProgress(true, ci)).toBe(false);
    expect(showsProgress(false, undefined)).toBe(false);
    expect(showsProgress(undefined, undefined)).toBe(false);
  });

  it("ends its open line before any other line, so an error never follows a count on one line", () => {
    let out = "";
    const line = progressLine((text) => {
      out += text;
    });
    line.show({ phase: "write", done: 6500 });
    line.say("Error: Template `author` failed");
    expect(out).toBe("\r6500 output files done\u001b[K\nError: Template `author` failed\n");
    out = "";
    // A phase that reached its total ended the line itself.
    line.show({ phase: "parse", done: 366, total: 366 });
    line.say("next");
    line.end();
    expect(out).toBe("\r366/366 content files read\u001b[K\nnext\n");
  });

  it("counts every content file read, cached or skipped, up to its total", async () => {
    const content = join(root, "content");
    mkdirSync(content, { recursive: true });
    for (const file of synthesizeFiles(3, 5, 2))
      writeFileSync(join(content, file.file.replaceAll("/", "-")), file.text);
    // A file the build skips (not UTF-8) is read too.
    writeFileSync(join(content, "2023-06-30.md"), Buffer.from([0xff, 0xfe, 0x00]));
    const events: BuildProgress[] = [];
    const options = {
      ...DEFAULT_OPTIONS,
      contentDir: content,
      outDir: join(root, "dist"),
      search: false,
      onProgress: (event: BuildProgress) => events.push(event),
    };
    const [first] = synthesizeFiles(1, 5, 2);
    for (const run of ["cold", "rebuilt from the cache but one file"]) {
      events.length = 0;
      if (run !== "cold" && first)
        writeFileSync(join(content, first.file.replaceAll("/", "-")), `${first.text}\nMore.\n`);
      await build(options);
      const parse = events.filter((event) => event.phase === "parse");
      expect(parse.at(-1), run).toEqual({ phase: "parse", done: 4, total: 4 });
      const write = events.filter((event) => event.phase === "write").at(-1);
      expect(write?.done, run).toBe(write?.total);
    }
  });
});
