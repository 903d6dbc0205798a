import { buildSite, type Site } from "../../src/model/index.ts";
import type { PaperEntry } from "../../src/types.ts";

/** A complete PaperEntry for model tests, without writing markdown. */
export function makeEntry(overrides: Partial<PaperEntry> = {}): PaperEntry {
  const id = overrides.id ?? "2501.00001";
  return {
    id,
    date: "2025-01-01",
    title: `Paper ${id}`,
    url: `https://arxiv.org/abs/${id}`,
    votes: 1,
    authors: [],
    whatsNew: "새로운 점",
    technicalDetails: null,
    performanceHighlights: null,
    otherSections: [],
    bullets: [],
    media: null,
    tags: [],
    extra: [],
    source: { file: "test.md", line: 1 },
    ...overrides,
  };
}

/** A site from hand-made entries, one file per day so a paper may appear on several days. */
export function siteOf(entries: readonly PaperEntry[]): Site {
  const byDate = new Map<string, PaperEntry[]>();
  for (const entry of entries) byDate.set(entry.date, [...(byDate.get(entry.date) ?? []), entry]);
  return buildSite(
    [...byDate].map(([date, list]) => ({ file: `${date}.md`, title: null, entries: list, notes: [], diagnostics: [] })),
  );
}
