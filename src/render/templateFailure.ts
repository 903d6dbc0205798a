import { readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import { Script } from "node:vm";
import { Eta } from "eta";
import { shownPath } from "../errors.ts";
import { listFilesSync } from "../io/listFiles.ts";
import { escapeRegExp } from "../regexp.ts";

// Eta renders fast because it tracks no template lines, so its errors name no file: a
// JavaScript syntax error inside `<% %>` came with the whole compiled function (a hundred
// lines of generated code) and a runtime error with only its message. A build that fails
// on a template is rare and stops anyway, so it can afford to find out where.

/** The Eta options pages render with; a failure is looked into with the same ones. */
export const ETA_OPTIONS = { cache: true, autoEscape: true, autoTrim: false } as const;

/** Eta's default tags, which the shipped templates use. */
const TAG = /<%[\s\S]*?%>/g;

/** Where the code Eta appends to a compiled template (applying a layout) starts. */
const EPILOGUE = "\nif (__eta.layout)";

/** What V8 says of code that is only cut short. */
const CUT_SHORT = /Unexpected end of input|Missing catch or finally after try/;

/**
 * Says where rendering `template` failed and why, as `file:line:column: message` (paths
 * relative to the working folder) or Eta's trace of template files and lines.
 * @param templatesDir the folder of Eta templates
 * @param data what the template was rendering
 * @param error what rendering threw
 */
export function explainTemplateFailure(templatesDir: string, template: string, data: object, error: unknown): string {
  try {
    return diagnose(templatesDir, template, data, error);
  } catch {
    // Looking into it failed too (a template folder gone meanwhile): say what Eta said.
    return error instanceof Error ? firstParagraph(error.message) : String(error);
  }
}

function diagnose(templatesDir: string, template: string, data: object, error: unknown): string {
  if (error instanceof Error && error.name === "EtaParser Error") {
    const broken = templateFiles(templatesDir)
      .map((file) => syntaxProblem(file, readFileSync(file, "utf8")))
      .find((problem) => problem !== null);
    if (broken) return `${shownPath(broken.file)}:${broken.line}:${broken.column}: ${broken.message}`;
    return firstParagraph(error.message);
  }
  // Rendering again in Eta's debug mode, which tracks lines, gives a trace through the
  // templates and partials to the failing line.
  const views = resolve(templatesDir);
  const debugEta = new Eta({ ...ETA_OPTIONS, views, debug: true });
  try {
    debugEta.render(template, data);
  } catch (traced) {
    // Eta names each template by its full path; show it from here, with `/` on every system.
    const inViews = new RegExp(`${escapeRegExp(views + sep)}([^:\n]*)`, "g");
    const named = (_: string, file: string) => `${shownPath(views)}/${file.split(sep).join("/")}`;
    if (traced instanceof Error) return traced.message.replace(inViews, named);
  }
  return error instanceof Error ? error.message : String(error);
}

interface SyntaxProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * The first syntax error of one template: where Eta's parser stopped (an unclosed tag),
 * or the tag whose JavaScript cannot compile. Each tag is found by compiling the template's
 * code up to it inside a function left open: code that is only cut short fails with
 * "Unexpected end of input", so the first tag where it fails otherwise, or does not fail
 * (a stray `}` closed the function), is the one.
 */
export function syntaxProblem(file: string, text: string): SyntaxProblem | null {
  const eta = new Eta(ETA_OPTIONS);
  const errorOf = (compile: () => unknown): string | null => {
    try {
      compile();
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
  const whole = errorOf(() => eta.compile(text));
  if (whole === null) return null;
  const parserStop = / at line (\d+) col (\d+):/.exec(whole);
  if (parserStop) {
    const message = firstParagraph(whole.slice(0, parserStop.index));
    return { file, line: Number(parserStop[1]), column: Number(parserStop[2]), message };
  }
  for (const tag of text.matchAll(TAG)) {
    // A tag left open runs on to the next tag's `%>`, and the error was found there, lines
    // later: a `<%` inside a tag is the next tag, so this one is the tag not closed.
    if (tag[0].indexOf("<%", 2) !== -1) {
      const message = "Bad template syntax: this tag is not closed with `%>` before the next tag";
      return { file, ...positionAt(text, tag.index), message };
    }
    let code = "";
    // A prefix Eta cannot parse ends inside a string or comment that holds `%>`: not a tag's end.
    if (errorOf(() => (code = eta.compileToString(text.slice(0, tag.index + tag[0].length)))) !== null) continue;
    // Without the code Eta appends to every template, an expression or block cut short
    // at the tag fails only for ending early.
    const epilogue = code.lastIndexOf(EPILOGUE);
    const body = epilogue === -1 ? code : code.slice(0, epilogue);
    // Left open, the function ends early only where a `}` closed more than was opened.
    const error = errorOf(() => new Script(`function template(it, options) {\n${body}`));
    if (error !== null && CUT_SHORT.test(error)) continue;
    const what = error ?? "a `}` closes more than was opened";
    return {
      file,
      ...positionAt(text, tag.index),
      message: `Bad template syntax: ${what}, in the JavaScript of this tag`,
    };
  }
  // Every prefix only ended early: something opened in a tag is never closed.
  const message = `${syntaxMessage(whole)}: a \`{\` or \`(\` opened in a tag is not closed`;
  return { file, ...positionAt(text, text.length), message };
}

/** The 1-based line and column of offset `index` of `text`. */
function positionAt(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: (before.at(-1) ?? "").length + 1 };
}

/** Eta's "Bad template syntax" without the compiled function it appends. */
function syntaxMessage(message: string): string {
  const [title, reason] = message.split("\n\n");
  return reason === undefined ? (title ?? message) : `${title}: ${reason.split("\n")[0]}`;
}

function firstParagraph(message: string): string {
  return message.split("\n\n")[0]?.trim() ?? message;
}

/** Every `.eta` file under `dir`, in a stable order, linked ones too (as the templates' hash counts them). */
function templateFiles(dir: string): string[] {
  return listFilesSync(dir).filter((file) => file.endsWith(".eta"));
}
