// Calendar arithmetic without a date library: plain days ("2026-12-05") for the grid, and
// instants (ms since the epoch) read in an IANA time zone through Intl. Days are counted with
// Date.UTC, so adding one never skips or repeats because of summer time; only the moments a
// day starts and ends depend on the zone (a spring-forward day lasts 23 hours).

/** A calendar day, "YYYY-MM-DD". */
export type Day = string;

export type View = "month" | "week" | "agenda";

const MS_DAY = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

export function makeDay(y: number, m: number, d: number): Day {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

export function isDay(s: string | null | undefined): s is Day {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = partsOf(s);
  return makeDay(y, m, d) === s;
}

/** [year, month 1–12, day]. */
export function partsOf(day: Day): [number, number, number] {
  const [y = "1970", m = "1", d = "1"] = day.split("-");
  return [Number(y), Number(m), Number(d)];
}

function utcOf(day: Day): number {
  const [y, m, d] = partsOf(day);
  return Date.UTC(y, m - 1, d);
}

export function addDays(day: Day, n: number): Day {
  const t = new Date(utcOf(day) + n * MS_DAY);
  return makeDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The same day of another month, clamped to its length (31 January + 1 month = 28/29 February). */
export function addMonths(day: Day, n: number): Day {
  const [y, m, d] = partsOf(day);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return makeDay(first.getUTCFullYear(), first.getUTCMonth() + 1, Math.min(d, last));
}

export function daysBetween(a: Day, b: Day): number {
  return Math.round((utcOf(b) - utcOf(a)) / MS_DAY);
}

/** 0 = Monday … 6 = Sunday (the week starts on Monday, as in Russian calendars and ISO 8601). */
export function weekday(day: Day): number {
  return (new Date(utcOf(day)).getUTCDay() + 6) % 7;
}

export function startOfWeek(day: Day): Day {
  return addDays(day, -weekday(day));
}

export function startOfMonth(day: Day): Day {
  const [y, m] = partsOf(day);
  return makeDay(y, m, 1);
}

export function sameMonth(a: Day, b: Day): boolean {
  return a.slice(0, 7) === b.slice(0, 7);
}

/** The seven days of the week that holds `day`, Monday first. */
export function weekDays(day: Day): Day[] {
  const first = startOfWeek(day);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** The month as whole weeks, Monday first: 4 to 6 rows of 7 days, with the days of the
 * neighbouring months that complete the first and last weeks. */
export function monthGrid(day: Day): Day[][] {
  const first = startOfMonth(day);
  const last = addDays(addMonths(first, 1), -1);
  const weeks: Day[][] = [];
  for (let start = startOfWeek(first); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, i) => addDays(start, i)));
  }
  return weeks;
}

// --- instants in a time zone ---------------------------------------------------------------

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(tz: string): Intl.DateTimeFormat {
  let f = partsFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partsFormats.set(tz, f);
  }
  return f;
}

export interface WallTime {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

/** The wall-clock reading of an instant in a zone. */
export function wallTime(ms: number, tz: string): WallTime {
  const out: Record<string, number> = {};
  for (const p of partsFormat(tz).formatToParts(new Date(ms))) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return {
    y: out.year ?? 1970,
    m: out.month ?? 1,
    d: out.day ?? 1,
    h: (out.hour ?? 0) % 24,
    mi: out.minute ?? 0,
    s: out.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in ms (Moscow: +3 h). */
export function offsetAt(ms: number, tz: string): number {
  const w = wallTime(ms, tz);
  const whole = Math.floor(ms / 1000) * 1000;
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - whole;
}

/** The instant a wall-clock time happens in a zone. A time skipped by a spring-forward
 * change is read with the offset before it (02:30 becomes 03:30 summer time); a time that
 * happens twice in the autumn is its first occurrence. */
export function zonedToUtc(day: Day, minutes: number, tz: string): number {
  const [y, m, d] = partsOf(day);
  const wall = Date.UTC(y, m - 1, d) + minutes * 60_000;
  const before = offsetAt(wall - MS_DAY, tz);
  const after = offsetAt(wall + MS_DAY, tz);
  const candidates = [wall - before, wall - after].filter((t) => offsetAt(t, tz) === wall - t);
  if (candidates.length) return Math.min(...candidates);
  return wall - before;
}

/** The day an instant falls on in a zone. */
export function dayIn(ms: number, tz: string): Day {
  const w = wallTime(ms, tz);
  return makeDay(w.y, w.m, w.d);
}

/** The moment a day begins in a zone. */
export function dayStart(day: Day, tz: string): number {
  return zonedToUtc(day, 0, tz);
}

/** Minutes since midnight on the wall clock. */
export function minutesOfDay(ms: number, tz: string): number {
  const w = wallTime(ms, tz);
  return w.h * 60 + w.mi;
}

/** The browser's own zone (the person's), UTC when unknown. */
export function localZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function isZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// --- what a view shows -----------------------------------------------------------------------

export const AGENDA_DAYS = 30;

/** The days a view shows around `day`: the month's grid, the week, or the agenda's 30 days. */
export function viewDays(view: View, day: Day, agendaDays = AGENDA_DAYS): Day[] {
  if (view === "month") return monthGrid(day).flat();
  if (view === "week") return weekDays(day);
  return Array.from({ length: agendaDays }, (_, i) => addDays(day, i));
}

export interface Range {
  /** ISO instants for GET /events?from=&to= (the end is exclusive). */
  from: string;
  to: string;
  first: Day;
  /** The last day shown (inclusive). */
  last: Day;
}

/** The instants to ask the server for: from the start of the first day shown to the start of
 * the day after the last, in the person's zone. */
export function viewRange(view: View, day: Day, tz: string, agendaDays = AGENDA_DAYS): Range {
  const days = viewDays(view, day, agendaDays);
  const first = days[0] ?? day;
  const last = days[days.length - 1] ?? day;
  return {
    from: new Date(dayStart(first, tz)).toISOString(),
    to: new Date(dayStart(addDays(last, 1), tz)).toISOString(),
    first,
    last,
  };
}

/** Where "previous"/"next" go from `day`: the first of the next month (today when that is
 * the month of `today`), the same weekday a week on, or the agenda's next span. */
export function step(view: View, day: Day, dir: 1 | -1, today: Day, agendaDays = AGENDA_DAYS): Day {
  if (view === "month") {
    const first = startOfMonth(addMonths(day, dir));
    return sameMonth(first, today) ? today : first;
  }
  if (view === "week") return addDays(day, 7 * dir);
  return addDays(day, agendaDays * dir);
}

// --- events on days --------------------------------------------------------------------------

export interface Timed {
  starts_at: string;
  ends_at: string;
  all_day: boolean;
  start_date: string | null;
  end_date: string | null;
}

const MAX_SPAN_DAYS = 370;

/** The days an event covers in a zone. All-day events keep their own dates (the school's
 * days, wherever the person is); a timed event that ends at midnight does not spill over. */
export function eventDays(ev: Timed, tz: string): Day[] {
  let first: Day;
  let last: Day;
  if (ev.all_day && ev.start_date) {
    first = ev.start_date;
    last = ev.end_date ?? ev.start_date;
  } else {
    const start = Date.parse(ev.starts_at);
    const end = Math.max(start, Date.parse(ev.ends_at) - 1);
    first = dayIn(start, tz);
    last = dayIn(end, tz);
  }
  const n = Math.min(Math.max(0, daysBetween(first, last)), MAX_SPAN_DAYS);
  return Array.from({ length: n + 1 }, (_, i) => addDays(first, i));
}

/** Events by the days they cover, each day's list in the given order (all-day ones first). */
export function byDay<E extends Timed>(events: readonly E[], tz: string): Map<Day, E[]> {
  const map = new Map<Day, E[]>();
  const sorted = [...events].sort((a, b) => Number(b.all_day) - Number(a.all_day) || Date.parse(a.starts_at) - Date.parse(b.starts_at));
  for (const ev of sorted) {
    for (const d of eventDays(ev, tz)) {
      const list = map.get(d);
      if (list) list.push(ev);
      else map.set(d, [ev]);
    }
  }
  return map;
}

/** A timed event's part within one day, in wall-clock minutes [start, end) of that day. */
export function segmentOn(ev: Timed, day: Day, tz: string): { start: number; end: number } | null {
  if (ev.all_day) return null;
  const s = Date.parse(ev.starts_at);
  const e = Date.parse(ev.ends_at);
  const from = dayStart(day, tz);
  const to = dayStart(addDays(day, 1), tz);
  if (e <= from || s >= to) return null;
  const start = s <= from ? 0 : minutesOfDay(s, tz);
  const end = e >= to ? 24 * 60 : minutesOfDay(e, tz);
  // A wall clock that jumps back (autumn) can read earlier at the end: keep a visible block.
  return { start, end: Math.max(end, start + 15) };
}

export interface Placed<T> {
  item: T;
  start: number;
  end: number;
  /** Column among the overlapping events, and how many columns their cluster needs. */
  col: number;
  cols: number;
}

/** Side-by-side columns for overlapping blocks of a day (the week view): each block takes the
 * first free column; every block of a cluster of overlaps shares its column count. */
export function layoutDay<T>(blocks: readonly { item: T; start: number; end: number }[]): Placed<T>[] {
  const sorted = [...blocks].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Placed<T>[] = [];
  let cluster: Placed<T>[] = [];
  let clusterEnd = -1;
  let colEnds: number[] = [];
  const close = () => {
    const cols = colEnds.length;
    for (const p of cluster) p.cols = cols;
    cluster = [];
    colEnds = [];
  };
  for (const b of sorted) {
    if (b.start >= clusterEnd) close();
    let col = colEnds.findIndex((end) => end <= b.start);
    if (col < 0) {
      col = colEnds.length;
      colEnds.push(b.end);
    } else {
      colEnds[col] = b.end;
    }
    const placed = { ...b, col, cols: 1 };
    cluster.push(placed);
    out.push(placed);
    clusterEnd = Math.max(clusterEnd, b.end);
  }
  close();
  return out;
}

// --- the form: local wall time <-> the API's instants ----------------------------------------

/** "HH:MM" → minutes since midnight, or null. */
export function parseTime(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (h > 23 || mi > 59) return null;
  return h * 60 + mi;
}

export function formatTime(minutes: number): string {
  return `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
}

/** An ISO 8601 instant with the zone's offset at that moment ("2026-12-05T18:00:00+03:00"),
 * as the API wants for timed events. */
export function isoInZone(ms: number, tz: string): string {
  const w = wallTime(ms, tz);
  const off = Math.round(offsetAt(ms, tz) / 60_000);
  const sign = off < 0 ? "-" : "+";
  const abs = Math.abs(off);
  return (
    `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Day and "HH:MM" of an instant in a zone (to fill the form when editing). */
export function toWall(ms: number, tz: string): { day: Day; time: string } {
  return { day: dayIn(ms, tz), time: formatTime(minutesOfDay(ms, tz)) };
}
