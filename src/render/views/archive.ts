import { getOrMake } from "../../getOrMake.ts";
import type { Site } from "../../model/index.ts";
import { paths } from "../paths.ts";
import { type PartLink, partLinks } from "./paging.ts";
import type { Linker } from "./rows.ts";

// The archive: each year's months as calendars.

/** A calendar month of the archive: Monday-first weeks, each day with its paper count. */
export interface MonthView {
  readonly key: string;
  readonly label: string;
  readonly topHref: string;
  readonly total: number;
  readonly weeks: readonly (readonly ({
    readonly day: number;
    readonly date: string;
    readonly count: number;
    readonly href: string | null;
  } | null)[])[];
}

/** One year of the archive: its months, newest first, as calendars. */
export interface YearView {
  readonly year: string;
  readonly topHref: string;
  readonly total: number;
  readonly months: readonly MonthView[];
}

/** A link to a year of the archive; its count is the year's papers. */
export interface YearLink extends PartLink {
  readonly year: string;
}

/**
 * The archive's first page (`/archive/`: the newest year, or none for a site without
 * days) or a year's own page (`/archive/YYYY/`).
 */
export type ArchiveView =
  | { readonly first: true; readonly years: readonly YearLink[]; readonly year: YearView | null }
  | { readonly first: false; readonly years: readonly YearLink[]; readonly year: YearView };

export interface ArchivePage {
  readonly path: string;
  readonly view: ArchiveView;
}

/**
 * The archive: every year has a page of its own (`/archive/YYYY/`), its months as
 * calendars, and `/archive/` shows the newest year's with every year's count. At ten years
 * the one page of every month was 645 KB for a reader to load, and rendered again whenever
 * a day was added (issue #5). A year's page keeps its address as years are added, and
 * changes only when one of its days does or a year comes or goes.
 */
export function toArchivePages(site: Site, link: Linker): ArchivePage[] {
  const counts = new Map(site.days.map((day) => [day.date, day.entries.length]));
  // Each paper once per month and per year (a paper shown on two days is one of its papers).
  const papersIn = new Map<string, Set<string>>();
  for (const day of site.days)
    for (const period of [day.date.slice(0, 7), day.date.slice(0, 4)]) {
      const papers = getOrMake(papersIn, period, () => new Set<string>());
      for (const entry of day.entries) papers.add(entry.id);
    }
  const monthKeys = [...new Set(site.days.map((day) => day.date.slice(0, 7)))].sort().reverse();
  const months: MonthView[] = monthKeys.map((key) => {
    const [year, month] = key.split("-").map(Number) as [number, number];
    const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const offset = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
    const cells: MonthView["weeks"][number][number][] = Array.from({ length: offset }, () => null);
    for (let day = 1; day <= length; day++) {
      const date = `${key}-${String(day).padStart(2, "0")}`;
      cells.push({
        day,
        date,
        count: counts.get(date) ?? 0,
        href: counts.has(date) ? link.href(paths.day(date)) : null,
      });
    }
    const total = papersIn.get(key)?.size ?? 0;
    while (cells.length % 7 !== 0) cells.push(null);
    const weeks = Array.from({ length: cells.length / 7 }, (_, index) => cells.slice(index * 7, index * 7 + 7));
    return { key, label: `${year}년 ${month}월`, topHref: link.href(paths.topPeriod(key)), total, weeks };
  });
  const years: YearView[] = [...new Set(monthKeys.map((key) => key.slice(0, 4)))].map((year) => {
    const own = months.filter((month) => month.key.startsWith(year));
    return {
      year,
      topHref: link.href(paths.topPeriod(year)),
      total: papersIn.get(year)?.size ?? 0,
      months: own,
    };
  });
  const parts = years.map(({ year, total }) => ({
    key: year,
    year,
    name: `${year}년`,
    href: link.href(paths.archiveYear(year)),
    count: total,
  }));
  return [
    { path: paths.archive(), view: { first: true, years: partLinks(parts, null), year: years[0] ?? null } },
    ...years.map((year) => ({
      path: paths.archiveYear(year.year),
      view: { first: false as const, years: partLinks(parts, year.year), year },
    })),
  ];
}
