import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  byDay,
  dayIn,
  dayStart,
  eventDays,
  isDay,
  isoInZone,
  layoutDay,
  monthGrid,
  parseTime,
  segmentOn,
  startOfWeek,
  step,
  toWall,
  viewRange,
  weekDays,
  weekday,
  zonedToUtc,
  type Timed,
} from "./dates";

const H = 3_600_000;
const utc = (s: string) => Date.parse(s);

function timed(starts_at: string, ends_at: string): Timed {
  return { starts_at, ends_at, all_day: false, start_date: null, end_date: null };
}

describe("days", () => {
  it("adds days and months across month, year and leap-day edges", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("2026-02-28")).toBe(true);
    expect(isDay("26-2-28")).toBe(false);
  });

  it("starts weeks on Monday", () => {
    expect(weekday("2026-11-30")).toBe(0); // a Monday
    expect(weekday("2026-12-06")).toBe(6); // a Sunday
    expect(startOfWeek("2026-12-06")).toBe("2026-11-30");
    expect(startOfWeek("2026-11-30")).toBe("2026-11-30");
    expect(weekDays("2027-01-01")).toEqual([
      "2026-12-28",
      "2026-12-29",
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
      "2027-01-03",
    ]);
  });

  it("lays a month out in whole weeks, Monday first", () => {
    // December 2026 starts on a Tuesday and ends on a Thursday: 5 weeks.
    const dec = monthGrid("2026-12-17");
    expect(dec).toHaveLength(5);
    expect(dec[0]?.[0]).toBe("2026-11-30");
    expect(dec[0]?.[1]).toBe("2026-12-01");
    expect(dec[4]?.[6]).toBe("2027-01-03");
    expect(dec.every((w) => w.length === 7 && weekday(w[0] ?? "") === 0)).toBe(true);
    // February 2027 starts on a Monday and has 28 days: exactly 4 weeks.
    const feb = monthGrid("2027-02-01");
    expect(feb).toHaveLength(4);
    expect(feb[0]?.[0]).toBe("2027-02-01");
    expect(feb[3]?.[6]).toBe("2027-02-28");
    // August 2027 starts on a Sunday and has 31 days: 6 weeks.
    const aug = monthGrid("2027-08-10");
    expect(aug).toHaveLength(6);
    expect(aug[0]?.[6]).toBe("2027-08-01");
  });

  it("steps by month, week or the agenda's span", () => {
    expect(step("month", "2026-12-17", 1, "2026-12-17")).toBe("2027-01-01");
    expect(step("month", "2027-01-01", -1, "2026-12-17")).toBe("2026-12-17");
    expect(step("week", "2026-12-17", -1, "2026-12-17")).toBe("2026-12-10");
    expect(step("agenda", "2026-12-01", 1, "2026-12-17")).toBe("2026-12-31");
  });
});

describe("time zones", () => {
  it("finds when a day starts in the zone", () => {
    expect(dayStart("2026-12-05", "Europe/Moscow")).toBe(utc("2026-12-04T21:00:00Z"));
    expect(dayStart("2026-12-05", "UTC")).toBe(utc("2026-12-05T00:00:00Z"));
    expect(dayStart("2026-12-05", "Asia/Kolkata")).toBe(utc("2026-12-04T18:30:00Z"));
    expect(dayIn(utc("2026-12-04T21:30:00Z"), "Europe/Moscow")).toBe("2026-12-05");
    expect(dayIn(utc("2026-12-04T21:30:00Z"), "UTC")).toBe("2026-12-04");
  });

  it("handles the spring-forward day (23 hours) and the week around it", () => {
    const tz = "Europe/Berlin"; // summer time from 29 March 2026, 02:00 → 03:00
    const start = dayStart("2026-03-29", tz);
    const next = dayStart("2026-03-30", tz);
    expect(start).toBe(utc("2026-03-28T23:00:00Z"));
    expect(next).toBe(utc("2026-03-29T22:00:00Z"));
    expect(next - start).toBe(23 * H);
    const week = viewRange("week", "2026-03-29", tz);
    expect(week.first).toBe("2026-03-23");
    expect(week.last).toBe("2026-03-29");
    expect(week.from).toBe("2026-03-22T23:00:00.000Z");
    expect(week.to).toBe("2026-03-29T22:00:00.000Z");
    expect(utc(week.to) - utc(week.from)).toBe(167 * H);
    // 02:30 does not exist that night: it is read as 03:30 summer time.
    expect(zonedToUtc("2026-03-29", 150, tz)).toBe(utc("2026-03-29T01:30:00Z"));
    expect(isoInZone(zonedToUtc("2026-03-29", 150, tz), tz)).toBe("2026-03-29T03:30:00+02:00");
    expect(zonedToUtc("2026-03-29", 180, tz)).toBe(utc("2026-03-29T01:00:00Z"));
  });

  it("handles the fall-back day (25 hours): a repeated time is its first occurrence", () => {
    const tz = "Europe/Berlin"; // back to winter time on 25 October 2026, 03:00 → 02:00
    expect(dayStart("2026-10-26", tz) - dayStart("2026-10-25", tz)).toBe(25 * H);
    expect(zonedToUtc("2026-10-25", 150, tz)).toBe(utc("2026-10-25T00:30:00Z"));
    expect(isoInZone(utc("2026-10-25T01:30:00Z"), tz)).toBe("2026-10-25T02:30:00+01:00");
    // A 3-hour event over the change: 00:30 → 02:30 (winter) on the wall clock.
    const ev = timed("2026-10-24T22:30:00Z", "2026-10-25T01:30:00Z");
    expect(segmentOn(ev, "2026-10-25", tz)).toEqual({ start: 30, end: 150 });
  });

  it("writes instants with the zone's offset for the API and reads them back", () => {
    const ms = zonedToUtc("2026-12-05", 18 * 60, "Europe/Moscow");
    expect(isoInZone(ms, "Europe/Moscow")).toBe("2026-12-05T18:00:00+03:00");
    expect(isoInZone(ms, "America/New_York")).toBe("2026-12-05T10:00:00-05:00");
    expect(toWall(ms, "Asia/Yekaterinburg")).toEqual({ day: "2026-12-05", time: "20:00" });
    expect(parseTime("9:05")).toBe(545);
    expect(parseTime("24:00")).toBeNull();
    expect(parseTime("ab")).toBeNull();
  });

  it("asks for the whole month grid in the person's zone", () => {
    const r = viewRange("month", "2026-12-17", "Europe/Moscow");
    expect(r.first).toBe("2026-11-30");
    expect(r.last).toBe("2027-01-03");
    expect(r.from).toBe("2026-11-29T21:00:00.000Z");
    expect(r.to).toBe("2027-01-03T21:00:00.000Z");
    const a = viewRange("agenda", "2026-12-01", "UTC", 7);
    expect([a.first, a.last]).toEqual(["2026-12-01", "2026-12-07"]);
  });
});

describe("events on days", () => {
  it("places timed events on the zone's days, without spilling over midnight", () => {
    const ev = timed("2026-12-05T15:00:00Z", "2026-12-05T21:00:00Z"); // 18:00–24:00 in Moscow
    expect(eventDays(ev, "Europe/Moscow")).toEqual(["2026-12-05"]);
    expect(eventDays(ev, "Asia/Vladivostok")).toEqual(["2026-12-06"]);
    const overnight = timed("2026-12-05T19:00:00Z", "2026-12-06T07:00:00Z");
    expect(eventDays(overnight, "Europe/Moscow")).toEqual(["2026-12-05", "2026-12-06"]);
    expect(segmentOn(overnight, "2026-12-05", "Europe/Moscow")).toEqual({ start: 22 * 60, end: 24 * 60 });
    expect(segmentOn(overnight, "2026-12-06", "Europe/Moscow")).toEqual({ start: 0, end: 10 * 60 });
    expect(segmentOn(overnight, "2026-12-07", "Europe/Moscow")).toBeNull();
  });

  it("keeps all-day events on their own dates in any zone", () => {
    const trip: Timed = {
      starts_at: "2026-12-06T21:00:00Z",
      ends_at: "2026-12-08T21:00:00Z",
      all_day: true,
      start_date: "2026-12-07",
      end_date: "2026-12-08",
    };
    expect(eventDays(trip, "America/Los_Angeles")).toEqual(["2026-12-07", "2026-12-08"]);
    const days = byDay([timed("2026-12-07T08:00:00Z", "2026-12-07T09:00:00Z"), trip], "UTC");
    expect(days.get("2026-12-07")?.map((e) => e.all_day)).toEqual([true, false]);
    expect(days.get("2026-12-08")).toHaveLength(1);
  });

  it("puts overlapping blocks side by side", () => {
    const placed = layoutDay([
      { item: "a", start: 540, end: 600 },
      { item: "b", start: 570, end: 660 },
      { item: "c", start: 600, end: 630 },
      { item: "d", start: 700, end: 720 },
    ]);
    const by = Object.fromEntries(placed.map((p) => [p.item, [p.col, p.cols]]));
    expect(by).toEqual({ a: [0, 2], b: [1, 2], c: [0, 2], d: [0, 1] });
  });
});
