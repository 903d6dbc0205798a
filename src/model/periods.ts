import type { DayKey } from "../types.ts";

/**
 * The ISO 8601 week of a day, e.g. `2025-W07`. Weeks start on Monday and belong
 * to the year of their Thursday, so 2024-12-30 is in `2025-W01`.
 * @param date a `YYYY-MM-DD` day
 */
export function isoWeek(date: DayKey): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7;
  const thursday = new Date(day.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000;
  const week = Math.floor((thursday.getTime() - firstMonday) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The Monday and Sunday of an ISO week key, as day keys. */
export function weekRange(week: string): { start: DayKey; end: DayKey } {
  const [yearText, weekText] = week.split("-W");
  const year = Number(yearText);
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000;
  const start = firstMonday + (Number(weekText) - 1) * 7 * 86_400_000;
  const key = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { start: key(start), end: key(start + 6 * 86_400_000) };
}

/** Days from `date` going back, `count` days long, oldest first: the window that ends on `date`. */
export function daysBefore(date: DayKey, count: number): DayKey {
  const ms = new Date(`${date}T00:00:00Z`).getTime() - (count - 1) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
