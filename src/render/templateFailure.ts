import { readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { Script } from "node:vm";
import { Eta } from "eta";

// Eta renders fast because it tracks no template lines, so its errors name no file: a
// JavaScript syntax error inside `<% %>` came with the whole compiled function (a hundred
// lines of generated code) and a runtime error with only its message. A build that fails
// on a template is rare and stops anyway, so it can afford to find out where.

/** The Eta options pages render with; a failure is looked into with the same ones. */
export const ETA_OPTIONS = { cache: true, autoEscape: true, autoTrim: false } as const;

/** Eta's default tags, which the shipped templates use. */
const TAG = /<%[\s\S]*?%>/g;

/**
 * Says where rendering `template` failed and why, as `file:line:column: message` (paths
 * relative to the working folder) or Eta's trace of template files and lines.
 * @param templatesDir the folder of Eta templates
 * @param data what the template was rendering
 * @param error what rendering threw
 */
export function explainTemplateFailure(templatesDir: string, template: string, data: object, error: unknown): string {
  const shown = (path: string) => {
    const fromHere = relative(process.cwd(), path);
    return fromHere.startsWith("..") || isAbsolute(fromHere) ? path : fromHere.split(sep).join("/");
  };
  if (error instanceof Error && error.name === "EtaParser Error") {
    const broken = templateFiles(templatesDir)
      .map((file) => syntaxProblem(file, readFileSync(file, "utf8")))
      .find((problem) => problem !== null);
    if (broken) return `${shown(broken.file)}:${broken.line}:${broken.column}: ${broken.message}`;
    return firstParagraph(error.message);
  }
  // Rendering again in Eta's debug mode, which tracks lines, gives a trace through the
  // templates and partials to the failing line.
  const views = resolve(templatesDir);
  const debugEta = new Eta({ ...ETA_OPTIONS, views, debug: true });
  try {
    debugEta.render(template, data);
  } catch (traced) {
    if (traced instanceof Error) return traced.message.split(views + sep).join(`${shown(views)}/`);
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
 * code up to it, left open: code that is only cut short fails with "Unexpected end of
 * input", so the first other error is at that tag.
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
    const code = eta.compileToString(text.slice(0, tag.index + tag[0].length));
    const error = errorOf(() => new Script(`(function (it, options) {\n${code}`));
    if (error === null || error.includes("Unexpected end of input")) continue;
    const before = text.slice(0, tag.index).split("\n");
    const at = { line: before.length, column: (before.at(-1) ?? "").length + 1 };
    return { file, ...at, message: `Bad template syntax: ${error}, in the JavaScript of this tag` };
  }
  // Every prefix only ended early: something opened in a tag is never closed.
  const lines = text.split("\n");
  const last = { line: lines.length, column: (lines.at(-1) ?? "").length + 1 };
  return { file, ...last, message: `${syntaxMessage(whole)}: a \`{\` or \`(\` opened in a tag is not closed` };
}

/** Eta's "Bad template syntax" without the compiled function it appends. */
function syntaxMessage(message: string): string {
  const [title, reason] = message.split("\n\n");
  return reason === undefined ? (title ?? message) : `${title}: ${reason.split("\n")[0]}`;
}

function firstParagraph(message: string): string {
  return message.split("\n\n")[0]?.trim() ?? message;
}

/** Every `.eta` file under `dir`, in a stable order. */
function templateFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".eta"))
    .sort()
    .map((name) => join(dir, name));
}
