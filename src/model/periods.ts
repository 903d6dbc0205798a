import type { DayKey } from "../types.ts";

const DAY_MS = 86_400_000;

/**
 * The ISO 8601 week of a day, e.g. `2025-W07`. Weeks start on Monday and belong
 * to the year of their Thursday, so 2024-12-30 is in `2025-W01`.
 * @param date a `YYYY-MM-DD` day
 */
export function isoWeek(date: DayKey): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7;
  const thursday = new Date(day.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - week1Monday(year)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The Monday and Sunday of an ISO week key, as day keys. */
export function weekRange(week: string): { start: DayKey; end: DayKey } {
  const [yearText, weekText] = week.split("-W");
  const start = week1Monday(Number(yearText)) + (Number(weekText) - 1) * 7 * DAY_MS;
  return { start: dayKey(start), end: dayKey(start + 6 * DAY_MS) };
}

/** Days from `date` going back, `count` days long, oldest first: the window that ends on `date`. */
export function daysBefore(date: DayKey, count: number): DayKey {
  return dayKey(new Date(`${date}T00:00:00Z`).getTime() - (count - 1) * DAY_MS);
}

/** Days since 1970-01-01 (UTC) of a `YYYY-MM-DD` day: the difference of two is the days between them. */
export function dayNumber(date: DayKey): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** The Monday of ISO week 1 of `year` (the week holding 4 January), in UTC milliseconds. */
function week1Monday(year: number): number {
  const january4 = new Date(Date.UTC(year, 0, 4));
  return january4.getTime() - ((january4.getUTCDay() + 6) % 7) * DAY_MS;
}

/** The `YYYY-MM-DD` day of a UTC time. */
function dayKey(ms: number): DayKey {
  return new Date(ms).toISOString().slice(0, 10);
}
