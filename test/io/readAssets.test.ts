import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isEditorLeftover } from "../../src/io/ignoredNames.ts";
import { readAssets } from "../../src/io/readAssets.ts";

const root = mkdtempSync(join(tmpdir(), "digest-assets-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("readAssets", () => {
  // `style.css~` was copied to dist/assets and served.
  it("leaves out dot-files and editors' leftovers", async () => {
    const dir = join(root, "assets");
    mkdirSync(join(dir, "fonts"), { recursive: true });
    const names = ["style.css", "style.css~", ".style.css.swp", "4913", ".#style.css", "#style.css#", ".hidden"];
    for (const name of names) writeFileSync(join(dir, name), name);
    writeFileSync(join(dir, "fonts", "a.woff2~"), "");
    writeFileSync(join(dir, "fonts", "a.woff2"), "");
    expect([...(await readAssets(dir)).keys()]).toEqual(["assets/fonts/a.woff2", "assets/style.css"]);
  });
});

describe("isEditorLeftover", () => {
  it.each([
    ["style.css~", true],
    [".style.css.swp", true],
    [".style.css.swo", true],
    [".style.css.swx", true],
    ["4913", true],
    [".#2025-01-02.md", true],
    ["#2025-01-02.md#", true],
    ["style.css", false],
    ["2025-01-02.md", false],
    ["49130", false],
    ["#anchor", false],
    ["site.yaml", false],
  ])("%s: %s", (name, leftover) => {
    expect(isEditorLeftover(name)).toBe(leftover);
  });
});
