import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { Eta } from "eta";
import { hashAll, hashFiles } from "../cache/index.ts";
import { getOrMake } from "../getOrMake.ts";

/**
 * A use of another template by Eta's `include`, `includeAsync` or `layout` whose first
 * argument is one quoted name, as the shipped templates do (not `"partials/" + name`).
 */
const NAMED_USE = /\b(?:include|includeAsync|layout)\s*\(\s*(?:"([^"\\]*)"|'([^'\\]*)'|`([^`\\$]*)`)\s*(?=[,)])/g;
/**
 * Any other way a template could reach another file, once its named uses are taken out:
 * those functions under another name or with a computed name, or the Eta instance itself
 * (`this.render`, `this.readFile`), or code made at run time. Plain text that holds such
 * a word counts too (a comment saying "layout"), which only costs that template its own key.
 */
const OTHER_USE = /\b(?:include|includeAsync|layout|this|render\w*|readFile|resolvePath|eval|Function|__eta)\b/;

/** What `templateKeys` needs to find the files a template uses. */
export interface TemplateFiles {
  /** The templates folder: keys name files relative to it. */
  readonly root: string;
  /**
   * Eta's path for a template `name`, as used from the template file `from` (a relative
   * name is resolved from it), or as a page's own template when `from` is undefined.
   * @throws when Eta would not render it (outside the folder)
   */
  resolve(name: string, from?: string): string;
  /** A file's text, or null when it cannot be read. */
  read(path: string): string | null;
  /** The key of the whole template set, for a template that could use any file. */
  readonly wholeSet: string;
}

/**
 * Per template name, a key of every file a page rendered from it is made of: the
 * template, the layouts and partials it names, and theirs in turn, found by reading them
 * and resolved as Eta resolves them. Pages keep their output while their template's key
 * is unchanged, so editing one template or partial re-renders only the pages that use it
 * (issue #5), where any template change used to re-render every page.
 * A template that may reach another file any other way (a computed name, the function
 * under another name, the Eta instance) may use any file, so its key is the whole set's;
 * so is the key of one that names a template Eta would not resolve (rendering then
 * reports it).
 * @returns the key of a page template, by name (e.g. `tag`); worked out once per name
 */
export function templateKeys(files: TemplateFiles): (name: string) => string {
  const texts = new Map<string, string>();
  const textOf = (path: string): string => getOrMake(texts, path, () => files.read(path) ?? "\0missing");
  const keys = new Map<string, string>();
  const keyOf = (name: string): string => {
    const used = new Set<string>();
    try {
      for (const pending = [files.resolve(name)]; pending.length > 0; ) {
        const file = pending.pop() as string;
        if (used.has(file)) continue;
        used.add(file);
        const text = textOf(file);
        if (OTHER_USE.test(text.replace(NAMED_USE, ""))) return files.wholeSet;
        for (const [, double, single, backtick] of text.matchAll(NAMED_USE))
          pending.push(files.resolve(double ?? single ?? backtick ?? "", file));
      }
    } catch {
      return files.wholeSet;
    }
    return hashAll([...used].sort().flatMap((file) => [relative(files.root, file), textOf(file)]));
  };
  return (name) => getOrMake(keys, name, () => keyOf(name));
}

/**
 * `templateKeys` for the templates `eta` renders from its views folder: names resolved by
 * `eta` (so by the same rules as rendering), files read from disk.
 * @param templatesDir the folder `eta` was made with (its `views`)
 */
export function templateKeysOf(eta: Eta, templatesDir: string): (name: string) => string {
  return templateKeys({
    root: templatesDir,
    resolve: (name, from) => eta.resolvePath(name, from === undefined ? undefined : { filepath: from }),
    read: (path) => {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return null;
      }
    },
    wholeSet: hashFiles(templatesDir),
  });
}
