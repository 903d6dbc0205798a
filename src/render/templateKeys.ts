import { relative } from "node:path";
import { hashAll } from "../cache/index.ts";
import { getOrMake } from "../getOrMake.ts";

/** Eta's ways for a template to use another: `include`, `includeAsync` and `layout`. */
const ANY_USE = /\b(?:include|includeAsync|layout)\s*\(/g;
/** The same, naming the other template with a quoted string, as every shipped template does. */
const NAMED_USE = /\b(?:include|includeAsync|layout)\s*\(\s*(?:"([^"\\]*)"|'([^'\\]*)'|`([^`\\$]*)`)/g;

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
 * A template that names another by anything but a quoted string (a variable, an
 * expression) may use any file, so its key is the whole set's; so is the key of one
 * that names a template Eta would not resolve (rendering then reports it).
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
        const named = [...text.matchAll(NAMED_USE)];
        if (named.length !== (text.match(ANY_USE)?.length ?? 0)) return files.wholeSet;
        for (const [, double, single, backtick] of named)
          pending.push(files.resolve(double ?? single ?? backtick ?? "", file));
      }
    } catch {
      return files.wholeSet;
    }
    return hashAll([...used].sort().flatMap((file) => [relative(files.root, file), textOf(file)]));
  };
  return (name) => getOrMake(keys, name, () => keyOf(name));
}
