import { describe, expect, it } from "vitest";
import { deadlineIso, isClosed, percentages } from "./maths";

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("poll percentages", () => {
  it("single choice: whole numbers that sum to exactly 100", () => {
    expect(percentages([1, 1, 1], 3)).toEqual([34, 33, 33]);
    expect(sum(percentages([1, 1, 1], 3))).toBe(100);
    expect(percentages([2, 1], 3)).toEqual([67, 33]);
    expect(percentages([1, 1, 1, 1, 1, 1, 1], 7).every((p) => p === 14 || p === 15)).toBe(true);
    expect(sum(percentages([1, 1, 1, 1, 1, 1, 1], 7))).toBe(100);
    expect(percentages([5, 0, 0], 5)).toEqual([100, 0, 0]);
    for (const counts of [[3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [17, 4, 4], [1, 0, 2]]) {
      expect(sum(percentages(counts, sum(counts)))).toBe(100);
    }
  });

  it("an option nobody chose never gets a rounding point", () => {
    expect(percentages([1, 0, 2], 3)).toEqual([33, 0, 67]);
  });

  it("multiple choice: each share is of the voters", () => {
    // 4 voters; 3 chose A, 2 chose B, 4 chose C.
    expect(percentages([3, 2, 4], 4)).toEqual([75, 50, 100]);
  });

  it("no voters: all zero", () => {
    expect(percentages([0, 0], 0)).toEqual([0, 0]);
  });

  it("a passed deadline counts as closed", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    expect(isClosed({ closed: false, deadline: "2026-11-28T11:59:00Z" }, now)).toBe(true);
    expect(isClosed({ closed: false, deadline: "2026-11-28T12:01:00Z" }, now)).toBe(false);
    expect(isClosed({ closed: true, deadline: null }, now)).toBe(true);
  });

  it("deadline from a date and a time in local time", () => {
    expect(deadlineIso("", "10:00")).toBeNull();
    const iso = deadlineIso("2026-12-05", "18:30") as string;
    const d = new Date(iso);
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes()]).toEqual([2026, 11, 5, 18, 30]);
  });
});
