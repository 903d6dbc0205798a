import { describe, expect, it } from "vitest";
import { isoWeek, weekRange } from "../../src/model/periods.ts";

describe("isoWeek", () => {
  it.each([
    ["2025-02-11", "2025-W07"],
    ["2024-12-30", "2025-W01"],
    ["2021-01-03", "2020-W53"],
    ["2023-11-20", "2023-W47"],
  ])("%s is in %s", (date, week) => {
    expect(isoWeek(date)).toBe(week);
  });
  it("gives Monday to Sunday ranges that contain the day", () => {
    expect(weekRange("2025-W07")).toEqual({ start: "2025-02-10", end: "2025-02-16" });
    expect(weekRange("2025-W01")).toEqual({ start: "2024-12-30", end: "2025-01-05" });
  });
});
