import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseSiteConfig, resolveConfig, type SiteConfig } from "./config.ts";
import { ContentError } from "./errors.ts";
import { readContent } from "./io/index.ts";
import { writeSite } from "./io/writeSite.ts";
import { buildSite, type Site } from "./model/index.ts";
import { parseDayFile } from "./parse/index.ts";
import { renderSite } from "./render/index.ts";
import type { Diagnostic, ParsedFile } from "./types.ts";

/** Options shared by `build` and `check`. */
export interface BuildOptions {
  /** Folder of daily markdown files. Default: `content`. */
  readonly contentDir: string;
  /** Output folder. Default: `dist`. */
  readonly outDir: string;
  /** Folder of Eta templates and assets. Default: this package's `templates/`. */
  readonly templatesDir: string;
  /** Settings given on the command line; they win over `site.yaml`. */
  readonly overrides: Partial<SiteConfig>;
  /** Fail instead of skipping unusable content. Default: false. */
  readonly strict: boolean;
}

export const PACKAGE_ROOT = join(import.meta.dirname, "..");

export const DEFAULT_OPTIONS: BuildOptions = {
  contentDir: "content",
  outDir: "dist",
  templatesDir: join(PACKAGE_ROOT, "templates"),
  overrides: {},
  strict: false,
};

export interface LoadedContent {
  readonly config: SiteConfig;
  readonly files: readonly ParsedFile[];
  readonly site: Site;
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads, parses and models the content folder; writes nothing. */
export async function loadContent(options: BuildOptions): Promise<LoadedContent> {
  const configDiagnostics: Diagnostic[] = [];
  const configPath = join(options.contentDir, "site.yaml");
  const configText = await readFile(configPath, "utf8").catch(() => null);
  const { settings, problems } = configText === null ? { settings: {}, problems: [] } : parseSiteConfig(configText);
  for (const message of problems) {
    configDiagnostics.push({ file: "site.yaml", line: 1, column: 1, severity: "error", code: "config", message });
  }
  const config = resolveConfig(settings, options.overrides);
  const contentFiles = await readContent(options.contentDir);
  const files: ParsedFile[] = [];
  const readDiagnostics: Diagnostic[] = [];
  for (const content of contentFiles) {
    readDiagnostics.push(...content.diagnostics);
    if (content.text !== null) files.push(parseDayFile(content.text, content.file));
  }
  const site = buildSite(files);
  return { config, files, site, diagnostics: [...configDiagnostics, ...readDiagnostics, ...site.diagnostics] };
}

export interface BuildResult extends LoadedContent {
  readonly pages: number;
  readonly written: number;
  readonly unchanged: number;
}

/**
 * The one place that wires the stages: content → records → site → pages → output.
 * Under `strict`, any error diagnostic fails the build before anything is written.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const loaded = await loadContent(options);
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (options.strict && errors.length > 0) {
    throw new ContentError(`${errors.length} content error(s); nothing was written (--strict)`, loaded.diagnostics);
  }
  const rendered = renderSite(loaded.site, loaded.config, options.templatesDir);
  rendered.set(".nojekyll", "");
  const { written, unchanged } = await writeSite(rendered, options.outDir);
  return { ...loaded, pages: rendered.size, written, unchanged };
}
