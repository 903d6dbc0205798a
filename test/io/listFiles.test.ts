import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashFiles } from "../../src/cache/index.ts";
import { readAssets } from "../../src/io/index.ts";
import { listFilesSync } from "../../src/io/listFiles.ts";

const root = mkdtempSync(join(tmpdir(), "digest-list-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A templates folder whose partial and asset folder are links to files kept elsewhere. */
function linkedTemplates(name: string) {
  const elsewhere = join(root, `${name}-elsewhere`);
  const templates = join(root, name);
  mkdirSync(join(elsewhere, "scripts", ".private"), { recursive: true });
  mkdirSync(join(templates, "partials"), { recursive: true });
  mkdirSync(join(templates, "assets", ".drafts"), { recursive: true });
  writeFileSync(join(elsewhere, "row.eta"), "<li><%= it.row.title %></li>");
  writeFileSync(join(elsewhere, "scripts", "extra.js"), "console.log(1)");
  writeFileSync(join(elsewhere, "scripts", ".private", "key.js"), "secret");
  writeFileSync(join(templates, "layout.eta"), "<%~ it.body %>");
  writeFileSync(join(templates, "assets", "style.css"), "body{}");
  writeFileSync(join(templates, "assets", ".drafts", "draft.css"), "draft");
  symlinkSync(join(elsewhere, "row.eta"), join(templates, "partials", "paperRow.eta"));
  symlinkSync(join(elsewhere, "scripts"), join(templates, "assets", "scripts"));
  symlinkSync(join(root, "nowhere"), join(templates, "broken.eta"));
  // Links that lead nowhere: to themselves, and through a file.
  symlinkSync("self.eta", join(templates, "self.eta"));
  symlinkSync(join(templates, "layout.eta", "x"), join(templates, "through-file.eta"));
  // A loop: the folder links back to the templates themselves.
  symlinkSync(templates, join(templates, "partials", "loop"));
  // The same folder under a second name.
  mkdirSync(join(templates, "assets", "img"));
  writeFileSync(join(templates, "assets", "img", "logo.png"), "png");
  symlinkSync(join(templates, "assets", "img"), join(templates, "assets", "a-img"));
  return { elsewhere, templates };
}

describe("files under a templates folder", () => {
  it("follow links to files and folders, each real folder once, and skip broken links", () => {
    const { templates } = linkedTemplates("listed");
    expect(listFilesSync(templates).map((file) => file.slice(templates.length + 1))).toEqual([
      "assets/.drafts/draft.css",
      "assets/a-img/logo.png",
      "assets/img/logo.png",
      "assets/scripts/.private/key.js",
      "assets/scripts/extra.js",
      "assets/style.css",
      "layout.eta",
      "partials/paperRow.eta",
    ]);
    expect(listFilesSync(join(root, "missing"))).toEqual([]);
  });

  it("hash with a linked partial, so editing it changes the templates' hash", () => {
    const { elsewhere, templates } = linkedTemplates("hashed");
    const before = hashFiles(templates);
    writeFileSync(join(elsewhere, "row.eta"), '<li class="edited"><%= it.row.title %></li>');
    const edited = hashFiles(templates);
    expect(edited).not.toBe(before);
    // Links that lead nowhere never hide the other files (an ELOOP made it hash as empty).
    writeFileSync(join(templates, "layout.eta"), "<main><%~ it.body %></main>");
    expect(hashFiles(templates)).not.toBe(edited);
  });

  it("copy linked assets, and nothing in a dot-folder", async () => {
    const { templates } = linkedTemplates("assets");
    const assets = await readAssets(join(templates, "assets"));
    expect([...assets.keys()]).toEqual([
      "assets/a-img/logo.png",
      "assets/img/logo.png",
      "assets/scripts/extra.js",
      "assets/style.css",
    ]);
    expect(new TextDecoder().decode(assets.get("assets/scripts/extra.js"))).toBe("console.log(1)");
  });
});
