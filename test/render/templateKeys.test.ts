import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Eta } from "eta";
import { afterAll, describe, expect, it } from "vitest";
import { hashFiles } from "../../src/cache/index.ts";
import { templateKeys } from "../../src/render/templateKeys.ts";

const root = mkdtempSync(join(tmpdir(), "digest-template-keys-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes `files` into a template folder of their own. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** The keys as a build would work them out now, from the files as they are. */
function keysNow(dir: string): (name: string) => string {
  return templateKeys(new Eta({ views: dir }), dir);
}

function edit(dir: string, file: string, text = "<p>edited</p>"): void {
  writeFileSync(join(dir, file), `${readFileSync(join(dir, file), "utf8")}${text}`);
}

/** Which of the templates `names` got another key after `change`. */
function changedBy(dir: string, names: readonly string[], change: () => void): string[] {
  const before = keysNow(dir);
  const keys = names.map((name) => before(name));
  change();
  const after = keysNow(dir);
  return names.filter((name, index) => after(name) !== keys[index]);
}

// Issue #5: a template change re-renders what uses it, and nothing else.
describe("templateKeys", () => {
  const files = {
    "layout.eta": "<html><%~ it.body %></html>",
    "list.eta": '<% layout("layout") %><%~ include("partials/row", { n: 1 }) %>',
    "plain.eta": "<% layout('layout') %>plain",
    "partials/row.eta": '<li><%~ include("./cell") %></li>',
    "partials/cell.eta": "<td></td>",
    "dynamic.eta": "<%~ include(it.which) %>",
    "lonely.eta": "<p>alone</p>",
  };
  const names = ["list", "plain", "dynamic", "lonely"];

  it("changes with the template, its layout and its partials, relative ones too, and no others", () => {
    const dir = folder("a", files);
    expect(changedBy(dir, names, () => edit(dir, "partials/cell.eta"))).toEqual(["list", "dynamic"]);
    expect(changedBy(dir, names, () => edit(dir, "layout.eta"))).toEqual(["list", "plain", "dynamic"]);
    expect(changedBy(dir, names, () => edit(dir, "plain.eta"))).toEqual(["plain", "dynamic"]);
    expect(changedBy(dir, names, () => edit(dir, "lonely.eta"))).toEqual(["dynamic", "lonely"]);
  });

  it("gives a template that may reach another file any other way the whole set's key", () => {
    const dir = folder("b", {
      ...files,
      "aliased.eta": '<% const use = include %><%~ use("partials/cell") %>',
      "instance.eta": '<%~ this.render("partials/cell", it) %>',
      "joined.eta": '<%~ include("partials/" + "cell", {}) %>',
      "evaluated.eta": '<%~ eval("incl" + "ude")("partials/cell") %>',
    });
    for (const name of ["dynamic", "aliased", "instance", "joined", "evaluated"])
      expect(keysNow(dir)(name)).toBe(hashFiles(dir));
    expect(keysNow(dir)("list")).not.toBe(hashFiles(dir));
    expect(changedBy(dir, ["dynamic"], () => writeFileSync(join(dir, "assets.css"), "p {}"))).toEqual(["dynamic"]);
    // An editor's backup or swap file beside a template is no change to the site.
    expect(changedBy(dir, ["dynamic"], () => writeFileSync(join(dir, "assets.css~"), "p {}"))).toEqual([]);
    expect(changedBy(dir, ["dynamic"], () => writeFileSync(join(dir, ".dynamic.eta.swp"), "x"))).toEqual([]);
  });

  it("changes when a partial it names appears, and falls back to the whole set for a name Eta refuses", () => {
    const dir = folder("c", {
      "page.eta": '<%~ include("partials/later") %>',
      "outside.eta": '<%~ include("../../elsewhere") %>',
    });
    expect(changedBy(dir, ["page"], () => folder("c", { "partials/later.eta": "<b></b>" }))).toEqual(["page"]);
    expect(keysNow(dir)("outside")).toBe(hashFiles(dir));
  });

  it("is the same for the same files", () => {
    const dir = folder("d", files);
    expect(names.map(keysNow(dir))).toEqual(names.map(keysNow(dir)));
  });
});
