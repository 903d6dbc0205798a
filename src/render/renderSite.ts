import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Eta } from "eta";
import type { SiteConfig } from "../config.ts";
import { TemplateError } from "../errors.ts";
import type { Site } from "../model/index.ts";
import type { PaperEntry } from "../types.ts";
import { outputFile, paths } from "./paths.ts";
import { type Linker, makeLinker, recentDays, toDayView, toPaperView } from "./view.ts";

/** Output file path (relative to the output folder) to its bytes or text. */
export type RenderedSite = Map<string, string | Uint8Array>;

/** Data every template receives next to its page-specific fields. */
export interface PageMeta {
  readonly title: string;
  readonly description: string;
  /** Site-relative path of the page, e.g. `days/2025-02-11/`. */
  readonly path: string;
}

/**
 * Renders every page of the site.
 * @param site the site model
 * @param config resolved settings (base path, title, site URL)
 * @param templatesDir folder holding the Eta templates and `assets/`
 * @returns a map from output path to content; nothing is written
 */
export function renderSite(site: Site, config: SiteConfig, templatesDir: string): RenderedSite {
  const eta = new Eta({ views: templatesDir, cache: true, autoEscape: true, autoTrim: false });
  const link = makeLinker(config);
  const out: RenderedSite = new Map();

  const page = (template: string, meta: PageMeta, data: object) => {
    let html: string;
    try {
      html = eta.render(template, { ...data, meta, site: config, link, paths });
    } catch (error) {
      throw new TemplateError(`Template \`${template}\` failed for page /${meta.path}`, { cause: error });
    }
    out.set(outputFile(meta.path), html);
  };

  const latest = site.days[0];
  page(
    "home",
    { title: config.title, description: config.description, path: paths.home() },
    { day: latest ? toDayView(site, 0, link) : null, recent: recentDays(site, 14, link) },
  );
  site.days.forEach((day, index) => {
    page(
      "day",
      {
        title: `${day.date} Daily Papers · ${config.title}`,
        description: `${day.date}의 Hugging Face Daily Papers ${day.entries.length}편 한국어 요약`,
        path: paths.day(day.date),
      },
      { day: toDayView(site, index, link) },
    );
  });
  for (const paper of site.papers.values()) {
    const view = toPaperView(paper, link);
    page(
      "paper",
      {
        title: `${paper.latest.title} · ${config.title}`,
        description: describePaper(paper.latest),
        path: paths.paper(paper.id),
      },
      { paper: view },
    );
  }
  out.set(
    paths.papersJson(),
    `${JSON.stringify(
      site.entries.map((entry) => toApiEntry(entry, site)),
      null,
      1,
    )}\n`,
  );
  for (const [path, bytes] of readAssets(join(templatesDir, "assets"))) out.set(`assets/${path}`, bytes);
  return out;
}

/** The public JSON shape of one appearance, with the paper's full tag list. */
export function toApiEntry(entry: PaperEntry, site: Site): PaperEntry {
  return { ...entry, tags: site.papers.get(entry.id)?.tags ?? entry.tags };
}

function describePaper(entry: PaperEntry): string {
  const text = entry.whatsNew ?? entry.bullets[0] ?? entry.technicalDetails ?? entry.title;
  const plain = text
    .replace(/[*_`#>[\]]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > 160 ? `${plain.slice(0, 157)}…` : plain;
}

function readAssets(dir: string): [string, Uint8Array][] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .map((file) => [relative(dir, file).split("\\").join("/"), readFileSync(file)]);
}

export type { Linker };
