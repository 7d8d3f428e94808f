// How the calendar's realtime notifications change the events on screen. They are private
// and unnumbered (not in any chat's log): `event.updated`, `event.reminder` and
// `event.promoted` carry the neutral event (no viewer's answer), `event.mine` my own answer
// from another device, `event.rsvp` the organiser's new counts.
import type { RealtimeEvent } from "../chats/types";
import type { CalEvent } from "./api";

export const EVENT_TYPES = new Set(["event.updated", "event.reminder", "event.promoted", "event.mine", "event.rsvp"]);

/** The event id a notification is about, or null when it is not a calendar one. */
export function eventIdOf(e: RealtimeEvent): string | null {
  if (!EVENT_TYPES.has(e.type)) return null;
  const d = e.data;
  const id = e.type === "event.mine" || e.type === "event.rsvp" ? d.event_id : d.id;
  return typeof id === "string" ? id : null;
}

function viewerFields(from: CalEvent): Pick<CalEvent, "my_answer" | "my_waiting_position" | "may_manage"> {
  return { my_answer: from.my_answer, my_waiting_position: from.my_waiting_position, may_manage: from.may_manage };
}

/** One event as it should look after the notification (the same object when untouched). */
export function applyToEvent(ev: CalEvent, e: RealtimeEvent): CalEvent {
  if (eventIdOf(e) !== ev.id) return ev;
  const d = e.data;
  if (e.type === "event.mine") {
    const answer = d.answer as CalEvent["my_answer"];
    const pos = typeof d.waiting_position === "number" ? d.waiting_position : null;
    return { ...ev, my_answer: answer ?? null, my_waiting_position: pos };
  }
  if (e.type === "event.rsvp") {
    const counts = d.counts as CalEvent["counts"] | undefined;
    return counts ? { ...ev, counts: { ...counts, no_answer: counts.no_answer ?? ev.counts.no_answer } } : ev;
  }
  const next = { ...(d as unknown as CalEvent), ...viewerFields(ev) };
  if (e.type === "event.promoted") {
    next.my_answer = "going";
    next.my_waiting_position = null;
  }
  // Lists leave no_answer out; keep a detail's figure when the notification has none.
  if (next.counts?.no_answer == null && ev.counts.no_answer != null) {
    next.counts = { ...next.counts, no_answer: ev.counts.no_answer };
  }
  return next;
}

/** The events of a range after a notification: changed in place, or added when a new
 * event overlaps [from, to); the list stays ordered by start. */
export function applyToList(list: readonly CalEvent[], e: RealtimeEvent, from: string, to: string): CalEvent[] {
  const id = eventIdOf(e);
  if (!id) return list as CalEvent[];
  if (list.some((ev) => ev.id === id)) return list.map((ev) => applyToEvent(ev, e));
  if (e.type !== "event.updated" && e.type !== "event.promoted") return list as CalEvent[];
  const ev = e.data as unknown as CalEvent;
  if (!(Date.parse(ev.starts_at) < Date.parse(to) && Date.parse(ev.ends_at) > Date.parse(from))) return list as CalEvent[];
  const added = e.type === "event.promoted" ? { ...ev, my_answer: "going" as const, my_waiting_position: null } : ev;
  return [...list, added].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at) || a.id.localeCompare(b.id));
}
