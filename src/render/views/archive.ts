import type { Site } from "../../model/index.ts";
import { paths } from "../paths.ts";
import type { Linker } from "./rows.ts";

// The archive's calendar.

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

export interface ArchiveView {
  readonly years: readonly {
    readonly year: string;
    readonly topHref: string;
    readonly total: number;
    readonly months: readonly MonthView[];
  }[];
}

export function toArchiveView(site: Site, link: Linker): ArchiveView {
  const counts = new Map(site.days.map((day) => [day.date, day.entries.length]));
  const monthKeys = [...new Set(site.days.map((day) => day.date.slice(0, 7)))].sort().reverse();
  const months: MonthView[] = monthKeys.map((key) => {
    const [year, month] = key.split("-").map(Number) as [number, number];
    const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const offset = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7;
    const cells: MonthView["weeks"][number][number][] = Array.from({ length: offset }, () => null);
    let total = 0;
    for (let day = 1; day <= length; day++) {
      const date = `${key}-${String(day).padStart(2, "0")}`;
      const count = counts.get(date) ?? 0;
      total += count;
      cells.push({ day, date, count, href: counts.has(date) ? link.href(paths.day(date)) : null });
    }
    while (cells.length % 7 !== 0) cells.push(null);
    const weeks = Array.from({ length: cells.length / 7 }, (_, index) => cells.slice(index * 7, index * 7 + 7));
    return { key, label: `${year}년 ${month}월`, topHref: link.href(paths.topPeriod(key)), total, weeks };
  });
  const years = [...new Set(monthKeys.map((key) => key.slice(0, 4)))].map((year) => {
    const own = months.filter((month) => month.key.startsWith(year));
    return {
      year,
      topHref: link.href(paths.topPeriod(year)),
      total: own.reduce((sum, month) => sum + month.total, 0),
      months: own,
    };
  });
  return { years };
}
