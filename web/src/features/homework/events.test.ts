import { describe, expect, it } from "vitest";
import { chatsReducer } from "../chats/reducer";
import { ANNA, ME, chat, ev, message } from "../chats/fixtures";
import { emptyState, type ChatsState, type Message } from "../chats/types";
import { applyHomeworkEvent } from "./events";

function withTimeline(msgs: Message[]): ChatsState {
  const s = emptyState(ME);
  return {
    ...s,
    chats: { c1: chat("c1", { seq: msgs.length }) },
    cursors: { c1: msgs.length },
    timelines: { c1: { messages: msgs, hasMoreBefore: false, loading: false } },
  };
}

const assignment = { id: "as1", title: "Essay", deadline: null, closed: false, submitted: 3, expected: 25 };

describe("homework events", () => {
  it("updates the author's count on the assignment's message", () => {
    const s = withTimeline([message("c1", 1, ANNA), message("c1", 2, ME, { kind: "assignment", assignment })]);
    const next = applyHomeworkEvent(
      s,
      ev("assignment.updated", "c1", null, { assignment_id: "as1", message_id: "mc1-2", chat_id: "c1", submitted: 4, expected: 25 }),
    );
    expect(next.timelines.c1?.messages[1]?.assignment).toMatchObject({ submitted: 4, expected: 25, title: "Essay" });
    expect(next.timelines.c1?.messages[0]).toBe(s.timelines.c1?.messages[0]);
  });

  it("records my hand-in and its withdrawal", () => {
    const s = withTimeline([message("c1", 1, ANNA, { kind: "assignment", assignment: { ...assignment, submitted: null, expected: null } })]);
    const done = applyHomeworkEvent(s, ev("assignment.mine", "c1", null, { assignment_id: "as1", submitted_at: "2026-11-28T10:00:00Z" }));
    expect(done.timelines.c1?.messages[0]?.assignment?.my_submitted_at).toBe("2026-11-28T10:00:00Z");
    const withdrawn = applyHomeworkEvent(done, ev("assignment.mine", "c1", null, { assignment_id: "as1", submitted_at: null }));
    expect(withdrawn.timelines.c1?.messages[0]?.assignment?.my_submitted_at).toBeNull();
  });

  it("closes it for everyone on the numbered assignment.closed", () => {
    const s = withTimeline([message("c1", 1, ANNA, { kind: "assignment", assignment })]);
    const next = chatsReducer(s, {
      type: "event",
      event: ev("assignment.closed", "c1", 2, { assignment_id: "as1", message_id: "mc1-1", closed_at: "2026-11-28T10:00:00Z" }),
      now: 0,
    });
    expect(next.timelines.c1?.messages[0]?.assignment?.closed).toBe(true);
    expect(next.cursors.c1).toBe(2);
  });

  it("changes nothing for other events or unknown assignments", () => {
    const s = withTimeline([message("c1", 1, ME, { kind: "assignment", assignment })]);
    expect(applyHomeworkEvent(s, ev("assignment.updated", "c1", null, { assignment_id: "other", submitted: 9 }))).toBe(s);
    expect(applyHomeworkEvent(s, ev("typing", "c1", null, { assignment_id: "as1" }))).toBe(s);
    expect(applyHomeworkEvent(s, ev("assignment.updated", "c1", null, {}))).toBe(s);
  });

  it("reaches the chat reducer as an unnumbered event", () => {
    const s = withTimeline([message("c1", 1, ME, { kind: "assignment", assignment })]);
    const next = chatsReducer(s, {
      type: "event",
      event: { type: "assignment.updated", data: { assignment_id: "as1", chat_id: "c1", submitted: 5, expected: 25 } },
      now: 0,
    });
    expect(next.timelines.c1?.messages[0]?.assignment?.submitted).toBe(5);
    expect(next.cursors.c1).toBe(1);
  });
});
