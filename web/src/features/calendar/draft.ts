// The event form's state and its translation to the API: defaults for a new event, the
// fields of an existing one, the times as instants with the chosen zone's offset, and the
// change set of an edit (only what changed).
import type { T } from "../../i18n";
import { KINDS, type CalEvent, type EventIn, type EventPatch, type Kind } from "./api";
import { addDays, dayIn, daysBetween, formatTime, isDay, isoInZone, minutesOfDay, parseTime, toWall, zonedToUtc, type Day } from "./dates";

export type Scope = EventIn["scope"];
export type Times = Pick<EventIn, "all_day" | "starts_at" | "ends_at" | "start_date" | "end_date">;

export interface Draft {
  title: string;
  kind: Kind;
  scope: Scope | "";
  placeId: string;
  allDay: boolean;
  startDay: Day;
  startTime: string;
  endDay: Day;
  endTime: string;
  zone: string;
  place: string;
  online: boolean;
  /** An online meeting in Parta planned with the event: a group call or a lesson. */
  meeting: "" | "group" | "lesson";
  guests: boolean;
  /** The chat the call appears in ("" = the event's own, chosen by the server). */
  meetingChat: string;
  signUp: boolean;
  capacity: string;
  reminders: number[];
  description: string;
}

export type Errors = Partial<Record<"title" | "scope" | "start" | "end" | "capacity" | "place" | "reminders" | "description", string>>;

export function defaultDraft(tz: string, day: Day, scope: Scope | "", placeId: string, now = Date.now()): Draft {
  const today = dayIn(now, tz);
  const start = day === today ? Math.min(23 * 60, (Math.floor(minutesOfDay(now, tz) / 60) + 1) * 60) : 9 * 60;
  return {
    title: "",
    kind: "other",
    scope,
    placeId,
    allDay: false,
    startDay: day,
    startTime: formatTime(start),
    endDay: start >= 23 * 60 ? addDays(day, 1) : day,
    endTime: formatTime((start + 60) % 1440),
    zone: tz,
    place: "",
    online: false,
    meeting: "",
    guests: false,
    meetingChat: "",
    signUp: false,
    capacity: "",
    reminders: [1440, 60],
    description: "",
  };
}

export function fromEvent(ev: CalEvent, tz: string): Draft {
  const start = toWall(Date.parse(ev.starts_at), tz);
  const end = toWall(Date.parse(ev.ends_at), tz);
  return {
    title: ev.title,
    kind: (KINDS as readonly string[]).includes(ev.kind) ? (ev.kind as Kind) : "other",
    scope: ev.scope,
    placeId: ev.class_id ?? ev.group_id ?? ev.chat_id ?? "",
    allDay: ev.all_day,
    startDay: ev.all_day && ev.start_date ? ev.start_date : start.day,
    startTime: start.time,
    endDay: ev.all_day && ev.end_date ? ev.end_date : end.day,
    endTime: end.time,
    zone: tz,
    place: ev.place,
    online: ev.online,
    meeting: ev.call_plan ? (ev.call_plan.mode === "lesson" ? "lesson" : "group") : "",
    guests: Boolean(ev.call_plan?.guests),
    meetingChat: ev.call_plan?.chat_id ?? "",
    signUp: ev.capacity !== null,
    capacity: ev.capacity !== null ? String(ev.capacity) : "",
    reminders: [...ev.reminders],
    description: ev.description,
  };
}

/** The times as the API takes them, or the fields that are wrong. */
export function timesOf(d: Draft, t: T): { ok: true; value: Times } | { ok: false; errors: Errors } {
  if (!isDay(d.startDay)) return { ok: false, errors: { start: t("cal.form.needDate") } };
  if (d.allDay) {
    const last = isDay(d.endDay) ? d.endDay : d.startDay;
    if (daysBetween(d.startDay, last) < 0) return { ok: false, errors: { end: t("cal.form.endBeforeStart") } };
    return { ok: true, value: { all_day: true, start_date: d.startDay, end_date: last } };
  }
  if (!isDay(d.endDay)) return { ok: false, errors: { end: t("cal.form.needDate") } };
  const s = parseTime(d.startTime);
  const e = parseTime(d.endTime);
  if (s === null || e === null) return { ok: false, errors: { [s === null ? "start" : "end"]: t("cal.form.badTime") } };
  const start = zonedToUtc(d.startDay, s, d.zone);
  const end = zonedToUtc(d.endDay, e, d.zone);
  if (end <= start) return { ok: false, errors: { end: t("cal.form.endBeforeStart") } };
  return { ok: true, value: { all_day: false, starts_at: isoInZone(start, d.zone), ends_at: isoInZone(end, d.zone) } };
}

export const FIELD_OF: Record<string, keyof Errors> = {
  title: "title",
  class_id: "scope",
  group_id: "scope",
  chat_id: "scope",
  starts_at: "start",
  start_date: "start",
  ends_at: "end",
  end_date: "end",
  capacity: "capacity",
  place: "place",
  reminders: "reminders",
  description: "description",
};

/** The draft after its start moved: a timed event keeps its length; an all-day event's end
 * is never before its start. */
export function moveStart(cur: Draft, next: Draft): Draft {
  if (cur.allDay) {
    if (isDay(next.startDay) && daysBetween(next.startDay, cur.endDay) < 0) return { ...next, endDay: next.startDay };
    return next;
  }
  const s0 = parseTime(cur.startTime);
  const e0 = parseTime(cur.endTime);
  const s1 = parseTime(next.startTime);
  if (s0 === null || e0 === null || s1 === null || !isDay(cur.startDay) || !isDay(cur.endDay) || !isDay(next.startDay)) return next;
  const length = daysBetween(cur.startDay, cur.endDay) * 1440 + e0 - s0;
  if (length <= 0) return next;
  const end = s1 + length;
  return { ...next, endDay: addDays(next.startDay, Math.floor(end / 1440)), endTime: formatTime(end % 1440) };
}

/** The online meeting planned with the event, as the API takes it (null: none). */
export function planOf(d: Draft): NonNullable<EventIn["call"]> | null {
  if (!d.meeting) return null;
  return {
    mode: d.meeting,
    media: "video",
    waiting_room: true,
    cameras_teacher_only: false,
    guests: d.guests,
    chat_id: d.meetingChat || null,
  };
}

/** Only what changed, so the server e-mails the invited about real changes only. */
export function changes(ev: CalEvent, d: Draft, times: Times): EventPatch {
  // Absent fields stay as they are; `clear_*` are sent only when true (the server treats any
  // field sent as a change worth an e-mail).
  const p: Partial<EventPatch> = {};
  if (d.title.trim() !== ev.title) p.title = d.title.trim();
  if (d.kind !== ev.kind) p.kind = d.kind;
  if (d.description !== ev.description) p.description = d.description;
  if (d.place.trim() !== ev.place) p.place = d.place.trim();
  if (d.online !== ev.online) p.online = d.online;
  const plan = planOf(d);
  const had = ev.call_plan;
  if (!plan && had) p.clear_call = true;
  else if (plan && (!had || had.mode !== plan.mode || Boolean(had.guests) !== plan.guests || (plan.chat_id && plan.chat_id !== had.chat_id))) {
    p.call = { ...plan, chat_id: plan.chat_id ?? had?.chat_id ?? null };
  }
  if (JSON.stringify(d.reminders) !== JSON.stringify(ev.reminders)) p.reminders = d.reminders;
  const capacity = d.signUp ? Number(d.capacity) : null;
  if (capacity !== ev.capacity) {
    if (capacity === null) p.clear_capacity = true;
    else p.capacity = capacity;
  }
  if (times.all_day) {
    if (!ev.all_day) p.all_day = true;
    if (!ev.all_day || times.start_date !== ev.start_date || times.end_date !== ev.end_date) {
      p.start_date = times.start_date ?? null;
      p.end_date = times.end_date ?? null;
    }
  } else {
    if (ev.all_day) p.all_day = false;
    const moved = (a: string | null | undefined, b: string) => a == null || Date.parse(a) !== Date.parse(b);
    if (ev.all_day || moved(times.starts_at, ev.starts_at) || moved(times.ends_at, ev.ends_at)) {
      p.starts_at = times.starts_at ?? null;
      p.ends_at = times.ends_at ?? null;
    }
  }
  return p as EventPatch;
}
