import { describe, expect, it } from "vitest";
import type { CalEvent } from "./api";
import { applyToEvent, applyToList, eventIdOf } from "./events";

function ev(id: string, over: Partial<CalEvent> = {}): CalEvent {
  return {
    id,
    org_id: "o1",
    scope: "class",
    class_id: "c1",
    group_id: null,
    chat_id: null,
    place_label: "5А",
    kind: "parent_meeting",
    title: `Событие ${id}`,
    description: "",
    description_html: "",
    starts_at: "2026-12-05T15:00:00Z",
    ends_at: "2026-12-05T16:00:00Z",
    all_day: false,
    start_date: null,
    end_date: null,
    timezone: "Europe/Moscow",
    place: "",
    online: false,
    call_id: null,
    capacity: null,
    places_left: null,
    reminders: [60],
    status: "scheduled",
    sequence: 0,
    organiser: { account_id: "t1", name: "Анна Петровна" },
    may_manage: false,
    my_answer: null,
    my_waiting_position: null,
    counts: { going: 0, waiting: 0, maybe: 0, not_going: 0, no_answer: null },
    attachments: [],
    message_id: null,
    created_at: "2026-11-01T00:00:00Z",
    updated_at: "2026-11-01T00:00:00Z",
    cancelled_at: null,
    ...over,
  };
}

const FROM = "2026-11-30T00:00:00Z";
const TO = "2027-01-04T00:00:00Z";

describe("calendar notifications", () => {
  it("knows which event a notification is about", () => {
    expect(eventIdOf({ type: "event.updated", data: { id: "e1" } })).toBe("e1");
    expect(eventIdOf({ type: "event.mine", data: { event_id: "e2" } })).toBe("e2");
    expect(eventIdOf({ type: "message.new", chat_id: "c", data: { id: "m" } })).toBeNull();
  });

  it("a change keeps my own answer (the notification is neutral)", () => {
    const mine = ev("e1", { my_answer: "going", may_manage: true, counts: { going: 3, waiting: 0, maybe: 0, not_going: 0, no_answer: 7 } });
    const neutral = ev("e1", { title: "Перенесли", status: "cancelled", my_answer: null, counts: { going: 3, waiting: 0, maybe: 0, not_going: 0, no_answer: null } });
    const next = applyToEvent(mine, { type: "event.updated", data: neutral as unknown as Record<string, unknown> });
    expect(next.title).toBe("Перенесли");
    expect(next.status).toBe("cancelled");
    expect(next.my_answer).toBe("going");
    expect(next.may_manage).toBe(true);
    expect(next.counts.no_answer).toBe(7);
  });

  it("applies my answer from another device, the organiser's counts and a promotion", () => {
    const e = ev("e1", { capacity: 1, my_answer: "waiting", my_waiting_position: 1 });
    const mine = applyToEvent(e, { type: "event.mine", data: { event_id: "e1", answer: "maybe", waiting_position: null } });
    expect([mine.my_answer, mine.my_waiting_position]).toEqual(["maybe", null]);
    const counted = applyToEvent(e, {
      type: "event.rsvp",
      data: { event_id: "e1", account_id: "p1", name: "Иванова", answer: "going", counts: { going: 1, waiting: 2, maybe: 0, not_going: 0, no_answer: null } },
    });
    expect(counted.counts.waiting).toBe(2);
    const promoted = applyToEvent(e, { type: "event.promoted", data: ev("e1", { places_left: 0 }) as unknown as Record<string, unknown> });
    expect([promoted.my_answer, promoted.my_waiting_position]).toEqual(["going", null]);
    expect(applyToEvent(e, { type: "event.mine", data: { event_id: "other", answer: "going" } })).toBe(e);
  });

  it("adds a new event of the range in order and ignores others", () => {
    const list = [ev("a", { starts_at: "2026-12-01T10:00:00Z", ends_at: "2026-12-01T11:00:00Z" }), ev("c", { starts_at: "2026-12-09T10:00:00Z", ends_at: "2026-12-09T11:00:00Z" })];
    const created = ev("b", { starts_at: "2026-12-05T10:00:00Z", ends_at: "2026-12-05T11:00:00Z" });
    const next = applyToList(list, { type: "event.updated", data: created as unknown as Record<string, unknown> }, FROM, TO);
    expect(next.map((x) => x.id)).toEqual(["a", "b", "c"]);
    const later = ev("z", { starts_at: "2027-02-01T10:00:00Z", ends_at: "2027-02-01T11:00:00Z" });
    expect(applyToList(list, { type: "event.updated", data: later as unknown as Record<string, unknown> }, FROM, TO)).toBe(list);
    expect(applyToList(list, { type: "event.mine", data: { event_id: "x", answer: "going" } }, FROM, TO)).toBe(list);
  });
});
