import { describe, expect, it } from "vitest";
import { translate, type Key, type Vars } from "../../i18n";
import type { CalEvent } from "./api";
import { changes, defaultDraft, fromEvent, moveStart, planOf, timesOf, type Draft } from "./draft";

const t = (k: Key, v?: Vars) => translate("ru", k, v);

function draft(over: Partial<Draft> = {}): Draft {
  return { ...defaultDraft("Europe/Moscow", "2026-12-05", "class", "c1", Date.parse("2026-11-01T12:00:00Z")), ...over };
}

const EVENT = {
  id: "e1",
  scope: "class",
  class_id: "c1",
  group_id: null,
  chat_id: null,
  kind: "parent_meeting",
  title: "Собрание",
  description: "",
  starts_at: "2026-12-05T15:00:00Z",
  ends_at: "2026-12-05T16:30:00Z",
  all_day: false,
  start_date: null,
  end_date: null,
  place: "Кабинет 21",
  online: false,
  capacity: null,
  reminders: [1440, 60],
} as unknown as CalEvent;

describe("the event form", () => {
  it("starts a new event on the chosen day at 09:00 for an hour, with the default reminders", () => {
    const d = draft();
    expect([d.startDay, d.startTime, d.endDay, d.endTime, d.zone]).toEqual(["2026-12-05", "09:00", "2026-12-05", "10:00", "Europe/Moscow"]);
    expect(d.reminders).toEqual([1440, 60]);
  });

  it("sends times with the chosen zone's offset", () => {
    const r = timesOf(draft({ startTime: "18:00", endTime: "19:30" }), t);
    expect(r).toEqual({ ok: true, value: { all_day: false, starts_at: "2026-12-05T18:00:00+03:00", ends_at: "2026-12-05T19:30:00+03:00" } });
    const ny = timesOf(draft({ startTime: "18:00", endTime: "19:30", zone: "America/New_York" }), t);
    expect(ny.ok && ny.value.starts_at).toBe("2026-12-05T18:00:00-05:00");
    const allDay = timesOf(draft({ allDay: true, endDay: "2026-12-06" }), t);
    expect(allDay).toEqual({ ok: true, value: { all_day: true, start_date: "2026-12-05", end_date: "2026-12-06" } });
  });

  it("refuses an end before the start and a bad time", () => {
    const r = timesOf(draft({ startTime: "18:00", endTime: "17:00" }), t);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.end).toBe("Событие должно закончиться позже, чем начнётся.");
    const bad = timesOf(draft({ startTime: "25:00" }), t);
    expect(!bad.ok && bad.errors.start).toBe("Укажите время, например 18:30.");
  });

  it("keeps the length when the start moves, across midnight too", () => {
    const cur = draft({ startTime: "18:00", endTime: "19:30" });
    expect(moveStart(cur, { ...cur, startTime: "23:00" })).toMatchObject({ endDay: "2026-12-06", endTime: "00:30" });
    expect(moveStart(cur, { ...cur, startDay: "2026-12-10" })).toMatchObject({ endDay: "2026-12-10", endTime: "19:30" });
  });

  it("sends only what changed (so that unchanged fields do not e-mail everyone)", () => {
    const d = fromEvent(EVENT, "Europe/Moscow");
    expect([d.startTime, d.endTime]).toEqual(["18:00", "19:30"]);
    const same = timesOf(d, t);
    expect(same.ok && changes(EVENT, d, same.value)).toEqual({});
    const edited = { ...d, description: "Повестка", signUp: true, capacity: "20", endTime: "20:00" };
    const times = timesOf(edited, t);
    expect(times.ok && changes(EVENT, edited, times.value)).toEqual({
      description: "Повестка",
      capacity: 20,
      starts_at: "2026-12-05T18:00:00+03:00",
      ends_at: "2026-12-05T20:00:00+03:00",
    });
    const open = { ...fromEvent({ ...EVENT, capacity: 10 }, "Europe/Moscow"), signUp: false };
    const ot = timesOf(open, t);
    expect(ot.ok && changes({ ...EVENT, capacity: 10 }, open, ot.value)).toEqual({ clear_capacity: true });
  });
});

describe("the meeting planned with an event", () => {
  it("is sent only when asked for, with the chosen chat or the event's own", () => {
    expect(planOf(draft())).toBeNull();
    expect(planOf(draft({ meeting: "lesson", guests: true }))).toMatchObject({ mode: "lesson", guests: true, chat_id: null });
    expect(planOf(draft({ meeting: "group", meetingChat: "chat9" }))?.chat_id).toBe("chat9");
  });

  it("changes only when the plan changed, and is dropped with clear_call", () => {
    const planned = { ...EVENT, call_plan: { mode: "group", media: "video", waiting_room: true, cameras_teacher_only: false, guests: false, chat_id: "parents" } } as unknown as CalEvent;
    const same = fromEvent(planned, "Europe/Moscow");
    const ok = timesOf(same, t);
    if (!ok.ok) throw new Error("times");
    expect(changes(planned, same, ok.value)).toEqual({});
    expect(changes(planned, { ...same, guests: true }, ok.value).call).toMatchObject({ guests: true, chat_id: "parents" });
    expect(changes(planned, { ...same, meeting: "" }, ok.value)).toEqual({ clear_call: true });
    expect(changes({ ...EVENT, call_plan: null } as unknown as CalEvent, { ...draft(), meeting: "group" }, ok.value).call?.mode).toBe("group");
  });
});
