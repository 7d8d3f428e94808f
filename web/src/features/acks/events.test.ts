import { describe, expect, it } from "vitest";
import { chatsReducer } from "../chats/reducer";
import { ANNA, ME, chat, ev, message } from "../chats/fixtures";
import type { ChatsState, Message } from "../chats/types";
import { emptyState } from "../chats/types";

const C = "c1";

function loaded(ack: Message["ack"]): ChatsState {
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
      messages: [message(C, 1, ANNA), message(C, 2, ME, { ack })],
      has_more_before: false,
      has_more_after: false,
      seq: 2,
    },
  });
}

const acked = (s: ChatsState) => s.timelines[C]?.messages.find((m) => m.seq === 2)?.ack;
const apply = (s: ChatsState, data: Record<string, unknown>, chatId: string | null = C) =>
  chatsReducer(s, { type: "event", event: { type: "ack.updated", chat_id: chatId, data }, now: 0 });

describe("ack.updated", () => {
  it("stale author counts + event = fresh counts, without moving the cursor", () => {
    const s0 = loaded({ by_family: true, confirmed: 20, total: 25 });
    const s = apply(s0, { message_id: `m${C}-2`, chat_id: C, confirmed: 23, total: 25 });
    expect(acked(s)).toEqual({ by_family: true, confirmed: 23, total: 25 });
    expect(s.cursors[C]).toBe(s0.cursors[C]);
  });

  it("a repeated event is harmless", () => {
    const once = apply(loaded({ by_family: false, confirmed: 0, total: 3 }), { message_id: `m${C}-2`, confirmed: 1, total: 3 });
    const twice = apply(once, { message_id: `m${C}-2`, confirmed: 1, total: 3 });
    expect(acked(twice)).toEqual(acked(once));
  });

  it("my confirmation from another device marks it confirmed", () => {
    const s = apply(loaded({ by_family: false, confirmed_by_me: false }), { message_id: `m${C}-2`, confirmed_by_me: true });
    expect(acked(s)?.confirmed_by_me).toBe(true);
  });

  it("takes the chat id from the payload when the event has none", () => {
    const s = apply(loaded({ by_family: false, confirmed: 0, total: 2 }), { message_id: `m${C}-2`, chat_id: C, confirmed: 2, total: 2 }, null);
    expect(acked(s)?.confirmed).toBe(2);
  });

  it("an edit keeps my view of the acknowledgement", () => {
    const s0 = loaded({ by_family: false, confirmed_by_me: true });
    const m = s0.timelines[C]?.messages[1] as Message;
    const s = chatsReducer(s0, {
      type: "event",
      event: ev("message.edited", C, 3, { ...m, body: "x", ack: { by_family: false, confirmed: 5, total: 9 } }),
      now: 0,
    });
    expect(acked(s)).toEqual({ by_family: false, confirmed_by_me: true });
  });

  it("a slip: the author's yes/no counts, and the family's answer for its other parent", () => {
    const slip = { by_family: true, question: "Экскурсия?", confirmed: 0, total: 2, yes: 0, no: 0 };
    const counted = apply(loaded(slip), { message_id: `m${C}-2`, confirmed: 1, total: 2, yes: 0, no: 1 });
    expect(acked(counted)).toMatchObject({ confirmed: 1, yes: 0, no: 1, question: "Экскурсия?" });
    const dad = loaded({ by_family: true, question: "Экскурсия?", confirmed_by_me: false, my_answer: null });
    const s = apply(dad, { message_id: `m${C}-2`, my_answer: "no", my_comment: "Болеет", answered_by: "Мама" });
    expect(acked(s)).toMatchObject({ my_answer: "no", my_comment: "Болеет", answered_by: "Мама", confirmed_by_me: false });
    // A changed answer replaces the comment, even with none.
    const again = apply(s, { message_id: `m${C}-2`, my_answer: "yes", answered_by: "Папа" });
    expect(acked(again)).toMatchObject({ my_answer: "yes", my_comment: "", answered_by: "Папа" });
    // Nonsense answers change nothing.
    expect(apply(again, { message_id: `m${C}-2`, my_answer: "maybe" })).toBe(again);
  });
});
