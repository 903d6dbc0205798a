import type { DayKey, PaperId } from "../types.ts";

/** Site-relative paths of every page kind (no leading slash; directories end with `/`). */
export const paths = {
  home: () => "",
  day: (date: DayKey) => `days/${date}/`,
  paper: (id: PaperId) => `papers/${paperSlug(id)}/`,
  papersJson: () => "api/papers.json",
  stylesheet: () => "assets/style.css",
};

/** Old-style ids contain a slash; keep each paper page one folder deep. */
export function paperSlug(id: PaperId): string {
  return id.replace(/\//g, "_");
}

/** The file a site-relative page path is written to. */
export function outputFile(path: string): string {
  return path === "" || path.endsWith("/") ? `${path}index.html` : path;
}
