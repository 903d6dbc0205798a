// A broken template fails the build with the template file and line to fix, not Eta's
// compiled function (a hundred lines of generated code) or a message that names no file.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterAll, describe, expect, it } from "vitest";
import { synthesizeArchive } from "../../scripts/synth.ts";
import { build } from "../../src/build.ts";
import { formatError, TemplateError } from "../../src/errors.ts";
import { syntaxProblem } from "../../src/render/templateFailure.ts";
import { projectOptions } from "../helpers/project.ts";

/** Lines of a valid template: text, output tags, and blocks opened and closed within the line or over lines. */
const validLines = fc.array(
  fc.oneof(
    fc.constant(["<p>plain text, 한국어</p>"]),
    fc.constant(["<h1><%= it.title %></h1>"]),
    fc.constant(["<% if (it.flag) { %><b>yes</b><% } else { %>no<% } %>"]),
    fc.constant(["<ul>", "<% for (const row of it.rows) { %>", "  <li><%= row.name %></li>", "<% } %>", "</ul>"]),
    fc.constant(["<%~ include('partials/row', { x: 1 }) %>"]),
  ),
  { maxLength: 12 },
);

const BROKEN_TAGS = ["<% if (it.tag { %>", "<%= it.row.title + %>", "<% const = 3 %>", "<%= it.a it.b %>"];

describe("syntaxProblem", () => {
  test.prop([validLines, validLines, fc.constantFrom(...BROKEN_TAGS)])(
    "finds the line and column of a tag whose JavaScript cannot compile",
    (before, after, broken) => {
      const head = before.flat();
      const text = [...head, `  <div>${broken}</div>`, ...after.flat()].join("\n");
      expect(syntaxProblem("t.eta", [...head, ...after.flat()].join("\n"))).toBeNull();
      const problem = syntaxProblem("t.eta", text);
      expect(problem).toMatchObject({ file: "t.eta", line: head.length + 1, column: 8 });
      expect(problem?.message).toMatch(/^Bad template syntax: .+, in the JavaScript of this tag$/);
    },
  );

  it("points a block never closed at the end of the file", () => {
    const problem = syntaxProblem("t.eta", "<h1>x</h1>\n<% if (it.open) { %>\n<p>never closed</p>\n");
    expect(problem).toMatchObject({ line: 4, column: 1 });
    expect(problem?.message).toContain("opened in a tag is not closed");
  });

  it("reads past a `%>` inside a string or comment, which does not end a tag", () => {
    for (const first of ['<p><%= "50%>" %></p>', "<% /* a %> b */ %>", "<%= `x %> y` %>"]) {
      expect(syntaxProblem("t.eta", `${first}\n<%= it.a it.b %>\n`)).toMatchObject({ line: 2, column: 1 });
      expect(syntaxProblem("t.eta", `${first}\n`)).toBeNull();
    }
  });

  it("finds a `}` that closes more than was opened", () => {
    const problem = syntaxProblem("t.eta", "<p>x</p>\n<% } %>\n<p>y</p>\n");
    expect(problem).toMatchObject({ line: 2, column: 1 });
    expect(problem?.message).toContain("closes more than was opened");
  });

  it("reads a block or an expression that goes on in a later tag as cut short, not broken", () => {
    const text = "<% try { %>a<% } %><% catch (e) { %>b<% } %>\n<% const o = {\n  a: 1 } %>\n<%= it.a it.b %>\n";
    expect(syntaxProblem("t.eta", text)).toMatchObject({ line: 4, column: 1 });
  });

  it("points a tag left open before the next tag at itself, not where the next one ends", () => {
    const text = '<head>\n<title><%= it.title </title>\n<meta name="a" content="x">\n<p><%= it.b %></p>\n';
    expect(syntaxProblem("t.eta", text)).toEqual({
      file: "t.eta",
      line: 2,
      column: 8,
      message: "Bad template syntax: this tag is not closed with `%>` before the next tag",
    });
  });

  it("gives where Eta's parser stopped at an unclosed tag", () => {
    expect(syntaxProblem("t.eta", "<h1>x</h1>\n<p><%= it.title </p>\n")).toEqual({
      file: "t.eta",
      line: 2,
      column: 4,
      message: "unclosed tag",
    });
  });
});

describe("a build whose template fails", () => {
  const root = mkdtempSync(join(tmpdir(), "digest-template-failure-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const failureOf = async (edit: (templatesDir: string) => void): Promise<string> => {
    const options = projectOptions(root, "content");
    await synthesizeArchive(options.contentDir, 2, 3);
    const templatesDir = join(root, "templates");
    rmSync(templatesDir, { recursive: true, force: true });
    cpSync(options.templatesDir, templatesDir, { recursive: true });
    edit(templatesDir);
    const error = await build({ ...options, templatesDir }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(TemplateError);
    const message = formatError(error);
    expect(message).not.toContain("__eta");
    return message;
  };
  const appendTo = (file: string, text: string) => (templatesDir: string) =>
    writeFileSync(join(templatesDir, file), readFileSync(join(templatesDir, file), "utf8") + text);

  it("names the partial and line of a syntax error", async () => {
    const partial = readFileSync(join(projectOptions(root, "x").templatesDir, "partials", "paperRow.eta"), "utf8");
    const line = partial.split("\n").length;
    const message = await failureOf(appendTo("partials/paperRow.eta", "<%= it.row.title + %>\n"));
    expect(message).toMatch(new RegExp(`Reason: .*templates/partials/paperRow\\.eta:${line}:1: Bad template syntax`));
  });

  it("traces a runtime error through the page's template to the partial's line", async () => {
    const message = await failureOf(appendTo("partials/paperRow.eta", "<p><%= it.missing.deeper %></p>\n"));
    expect(message).toMatch(/templates\/partials\/paperRow\.eta:\d+\n/);
    expect(message).toContain(">> ");
    expect(message).toContain("it.missing.deeper");
    expect(message).toContain("Cannot read properties of undefined (reading 'deeper')");
  });

  it("refuses a partial the build would not see change: a dot-file", async () => {
    // Rendered, but left out of the templates' hash and the dev server's watch, an edit to
    // it left every page as it was (an audit of incremental builds).
    const message = await failureOf((templatesDir) => {
      writeFileSync(join(templatesDir, "partials", ".extra.eta"), "<p>extra</p>\n");
      appendTo("day.eta", '<%~ include("partials/.extra") %>\n')(templatesDir);
    });
    expect(message).toMatch(/Template `partials\/\.extra` is .*partials\/\.extra\.eta: a name that starts with `\.`/);
    expect(message).toContain("Rename it.");
  });
});
