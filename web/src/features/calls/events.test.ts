import { describe, expect, it } from "vitest";
import { chatsReducer } from "../chats/reducer";
import { ANNA, ME, chat, ev, message } from "../chats/fixtures";
import type { ChatsState, Message } from "../chats/types";
import { emptyState } from "../chats/types";
import { joinsAndLeaves, minutesOf, outcome, runningAfter } from "./events";
import type { CallOut, Participant } from "./types";

const C = "c1";

function person(id: string, state: string, over: Partial<Participant> = {}): Participant {
  return {
    account_id: id,
    name: id === ME ? "Я" : "Анна",
    avatar_url: null,
    state,
    via: "chat",
    host: false,
    muted_by_host: false,
    camera_off_by_host: false,
    may_share_screen: true,
    hand_raised: false,
    ...over,
  };
}

function call(over: Partial<CallOut> = {}): CallOut {
  return {
    id: "call1",
    chat_id: C,
    mode: "group",
    media: "video",
    title: "",
    started_by: ME,
    started_by_name: "Я",
    started_at: "2026-11-28T10:00:00Z",
    ended_at: null,
    end_reason: null,
    settings: { locked: false, waiting_room: false, cameras_teacher_only: false, link_access: "chat" },
    participants: [person(ME, "joined", { host: true })],
    ...over,
  };
}

/** Chat C at seq 2, its call message (seq 2) loaded while the call ran. */
function loaded(): ChatsState {
  let s = chatsReducer(emptyState(ME), {
    type: "sync",
    result: { chats: [chat(C, { seq: 2, last_read_seq: 2 })], events: [], reset: [], removed: [] },
  });
  s = chatsReducer(s, { type: "history.loading", chatId: C });
  return chatsReducer(s, {
    type: "history",
    chatId: C,
    older: false,
    page: {
      messages: [message(C, 1, ANNA), message(C, 2, ME, { kind: "call", body: "", call: call() })],
      has_more_before: false,
      has_more_after: false,
      seq: 2,
    },
  });
}

const callMsg = (s: ChatsState) => s.timelines[C]?.messages.find((m) => m.seq === 2) as Message;
const apply = (s: ChatsState, e: ReturnType<typeof ev>) => chatsReducer(s, { type: "event", event: e, now: 0 });

describe("call events in the chat", () => {
  it("call.ended gives the history's call message its outcome and moves the cursor", () => {
    const ended = call({ ended_at: "2026-11-28T10:12:10Z", end_reason: "completed" });
    const s = apply(loaded(), ev("call.ended", C, 3, { message_id: `m${C}-2`, call: ended }));
    expect(callMsg(s).call?.ended_at).toBe(ended.ended_at);
    expect(s.cursors[C]).toBe(3);
    expect(minutesOf(callMsg(s).call as CallOut)).toBe(12);
    expect(outcome(callMsg(s).call as CallOut)).toBe("done");
  });

  it("call.updated (not numbered) updates participants; a late one never revives an ended call", () => {
    const joined = call({ participants: [person(ME, "joined"), person(ANNA, "joined")] });
    let s = apply(loaded(), ev("call.updated", C, null, { call: joined }));
    expect(callMsg(s).call?.participants).toHaveLength(2);
    expect(s.cursors[C]).toBe(2);
    const ended = call({ ended_at: "2026-11-28T10:01:00Z", end_reason: "completed" });
    s = apply(s, ev("call.ended", C, 3, { message_id: `m${C}-2`, call: ended }));
    s = apply(s, ev("call.updated", C, null, { call: joined }));
    expect(callMsg(s).call?.ended_at).toBe(ended.ended_at);
  });

  it("outcomes: missed, declined, running", () => {
    expect(outcome(call())).toBe("running");
    expect(outcome(call({ ended_at: "2026-11-28T10:00:30Z", end_reason: "missed" }))).toBe("missed");
    expect(outcome(call({ ended_at: "2026-11-28T10:00:30Z", end_reason: "declined" }))).toBe("declined");
  });
});

describe("running calls and announcements", () => {
  it("a call runs from its first update until it ends", () => {
    let r = runningAfter({}, ev("call.updated", C, null, { call: call() }));
    expect(r[C]?.id).toBe("call1");
    r = runningAfter(r, ev("call.ended", C, 3, { call: call({ ended_at: "2026-11-28T10:05:00Z" }) }));
    expect(r[C]).toBeUndefined();
    expect(runningAfter(r, ev("typing", C, null, {}))).toBe(r);
  });

  it("joins, leaves and raised hands are told apart", () => {
    const before = call({ participants: [person(ME, "joined"), person(ANNA, "waiting")] });
    const after = call({ participants: [person(ME, "left"), person(ANNA, "joined", { hand_raised: true })] });
    expect(joinsAndLeaves(before, after)).toEqual({ joined: ["Анна"], left: ["Я"], hands: ["Анна"] });
  });
});
