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

/**
 * Per template name, a key of every file a page rendered from it is made of: the
 * template, the layouts and partials it names, and theirs in turn, found by reading them
 * and resolved by `eta` as it resolves them when rendering. Pages keep their output while
 * their template's key is unchanged, so editing one template or partial re-renders only
 * the pages that use it (issue #5), where any template change used to re-render every page.
 * A template that may reach another file any other way (a computed name, the function
 * under another name, the Eta instance) may use any file, so its key is the whole
 * folder's; so is the key of one that names a template Eta would not resolve (rendering
 * then reports it).
 * @param eta the renderer, made with `views: templatesDir`
 * @param templatesDir the templates folder: keys name files relative to it
 * @returns the key of a page template, by name (e.g. `tag`); worked out once per name
 */
export function templateKeys(eta: Eta, templatesDir: string): (name: string) => string {
  const texts = new Map<string, string>();
  const textOf = (path: string): string =>
    getOrMake(texts, path, () => {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return "\0missing";
      }
    });
  // Eta resolves a name used from a template relative to that template's file.
  const resolve = (name: string, from?: string) =>
    eta.resolvePath(name, from === undefined ? undefined : { filepath: from });
  let wholeFolder: string | undefined;
  const wholeFolderKey = () => {
    wholeFolder ??= hashFiles(templatesDir);
    return wholeFolder;
  };
  const keys = new Map<string, string>();
  const keyOf = (name: string): string => {
    const used = new Set<string>();
    try {
      for (const pending = [resolve(name)]; pending.length > 0; ) {
        const file = pending.pop() as string;
        if (used.has(file)) continue;
        used.add(file);
        const text = textOf(file);
        if (OTHER_USE.test(text.replace(NAMED_USE, ""))) return wholeFolderKey();
        for (const [, double, single, backtick] of text.matchAll(NAMED_USE))
          pending.push(resolve(double ?? single ?? backtick ?? "", file));
      }
    } catch {
      return wholeFolderKey();
    }
    return hashAll([...used].sort().flatMap((file) => [relative(templatesDir, file), textOf(file)]));
  };
  return (name) => getOrMake(keys, name, () => keyOf(name));
}
