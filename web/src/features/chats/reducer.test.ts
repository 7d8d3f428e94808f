import { describe, expect, it } from "vitest";
import { ANNA, BORIS, ME, chat, ev, message, newMsg } from "./fixtures";
import {
  applyEvent,
  chatsReducer,
  chatList,
  classify,
  cursorParam,
  totalUnread,
} from "./reducer";
import type { ChatsState, RealtimeEvent } from "./types";
import { emptyState } from "./types";

const C = "c1";

/** A state with chat C at seq 2, its two messages loaded. */
function base(): ChatsState {
  let s = chatsReducer(emptyState(ME), {
    type: "sync",
    result: {
      chats: [chat(C, { seq: 2, last_read_seq: 2 }), chat("c2", { seq: 5, title: "Other" })],
      events: [],
      reset: [],
      removed: [],
    },
  });
  s = chatsReducer(s, { type: "history.loading", chatId: C });
  s = chatsReducer(s, {
    type: "history",
    chatId: C,
    older: false,
    page: {
      messages: [message(C, 1, ANNA), message(C, 2, ME)],
      has_more_before: false,
      has_more_after: false,
      seq: 2,
    },
  });
  return s;
}

/** Events 3..12 of chat C: every kind the reducer knows. */
function missed(): RealtimeEvent[] {
  const m3 = message(C, 3, ANNA, { body: "hello @me", mentions: [ME] });
  const m4 = message(C, 4, BORIS);
  const m6 = message(C, 6, ANNA);
  return [
    newMsg(m3),
    newMsg(m4),
    ev("reaction", C, 5, { message_id: m3.id, emoji: "👍", account_id: BORIS, on: true }),
    newMsg(m6),
    ev("message.edited", C, 7, { ...m4, body: "edited", html: "<p>edited</p>", edited_at: m4.created_at }),
    ev("message.deleted", C, 8, { id: m6.id, by: ANNA }),
    ev("pin", C, 9, { message_id: m3.id, on: true, by: ANNA }),
    ev("read", C, 10, { account_id: ANNA, seq: 9 }),
    ev("chat.updated", C, 11, { title: "5А — class", by: ANNA }),
    ev("member.joined", C, 12, { members: [{ account_id: "x", name: "X", verified: false }], by: null }),
  ];
}

function applyAll(s: ChatsState, events: RealtimeEvent[]): ChatsState {
  return events.reduce((acc, e) => chatsReducer(acc, { type: "event", event: e, now: 0 }), s);
}

describe("chats reducer", () => {
  it("applies live events to the timeline and the summary", () => {
    const s = applyAll(base(), missed());
    const tl = s.timelines[C]!;
    expect(tl.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 6]);
    expect(tl.messages[2]!.reactions).toEqual([{ emoji: "👍", count: 1, mine: false }]);
    expect(tl.messages[2]!.pinned).toBe(true);
    expect(tl.messages[3]!.body).toBe("edited");
    expect(tl.messages[4]!.deleted).toBe(true);
    const c = s.chats[C]!;
    expect(c.seq).toBe(12);
    expect(s.cursors[C]).toBe(12);
    expect(c.title).toBe("5А — class");
    expect(c.member_count).toBe(4);
    expect(c.unread).toBe(2); // m3, m4 (m6 was deleted)
    expect(c.mentions).toBe(1);
    expect(s.readBy[C]).toEqual({ [ANNA]: 9 });
  });

  it("stale state + missed events = fresh state", () => {
    const fresh = applyAll(base(), missed());
    const stale = base();
    const synced = chatsReducer(stale, {
      type: "sync",
      result: {
        chats: [fresh.chats[C]!, fresh.chats.c2!],
        events: missed().map((e) => ({ ...e, chat_id: e.chat_id!, seq: e.seq! })),
        reset: [],
        removed: [],
      },
    });
    expect(synced).toEqual(fresh);
  });

  it("a summary from /sync is not counted twice by the events it already includes", () => {
    const stale = base();
    const events = [newMsg(message(C, 3, ANNA)), newMsg(message(C, 4, ANNA))];
    const server = chat(C, { seq: 4, last_read_seq: 2, unread: 2, title: "server" });
    const synced = chatsReducer(stale, {
      type: "sync",
      result: { chats: [server, stale.chats.c2!], events: events as never, reset: [], removed: [] },
    });
    expect(synced.chats[C]!.unread).toBe(2);
    expect(synced.timelines[C]!.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(synced.cursors[C]).toBe(4);
  });

  it("duplicate event applied twice changes nothing", () => {
    let s = base();
    for (const e of missed()) {
      const once = chatsReducer(s, { type: "event", event: e, now: 0 });
      const twice = chatsReducer(once, { type: "event", event: e, now: 0 });
      expect(twice).toBe(once);
      s = once;
    }
    // A whole replay of the log changes nothing either.
    expect(applyAll(s, missed())).toBe(s);
  });

  it("does not apply an event after a gap", () => {
    const s = base();
    const jump = newMsg(message(C, 5, ANNA));
    expect(classify(s, jump)).toBe("gap");
    expect(chatsReducer(s, { type: "event", event: jump, now: 0 })).toBe(s);
    expect(classify(s, newMsg(message("zz", 1, ANNA)))).toBe("unknown_chat");
    expect(classify(s, newMsg(message(C, 2, ANNA)))).toBe("duplicate");
    expect(classify(s, ev("typing", C, null, { account_id: ANNA, name: "Anna" }))).toBe("ephemeral");
  });

  it("accepts numbers skipped by the log during sync (events private to others)", () => {
    const s = chatsReducer(base(), {
      type: "sync",
      result: {
        chats: [chat(C, { seq: 5, last_read_seq: 2, unread: 1 })],
        events: [{ type: "message.new", chat_id: C, seq: 4, data: message(C, 4, ANNA) as never }],
        reset: [],
        removed: [],
      },
    });
    expect(s.cursors[C]).toBe(5);
    expect(s.timelines[C]!.messages.map((m) => m.seq)).toEqual([1, 2, 4]);
    // c2 was not listed any more: removed.
    expect(s.chats.c2).toBeUndefined();
  });

  it("resets a chat that is too far behind and removes chats I left", () => {
    let s = base();
    s = chatsReducer(s, {
      type: "sync",
      result: { chats: [chat(C, { seq: 900 }), chat("c2", { seq: 5 })], events: [], reset: [C], removed: [] },
    });
    expect(s.timelines[C]).toBeUndefined();
    expect(s.cursors[C]).toBe(900);
    s = chatsReducer(s, {
      type: "sync",
      result: { chats: [chat(C, { seq: 900 })], events: [], reset: [], removed: ["c2"] },
    });
    expect(s.chats.c2).toBeUndefined();
    expect(s.cursors.c2).toBeUndefined();
  });

  it("removes the chat when I am removed from it", () => {
    const s = applyAll(base(), [ev("member.removed", C, 3, { account_id: ME, by: ANNA })]);
    expect(s.chats[C]).toBeUndefined();
    expect(s.timelines[C]).toBeUndefined();
    const other = applyAll(base(), [ev("member.left", C, 3, { account_id: ANNA, by: ANNA })]);
    expect(other.chats[C]!.member_count).toBe(2);
  });

  it("my own message clears unread, replaces the optimistic copy and is never doubled", () => {
    let s = applyAll(base(), [newMsg(message(C, 3, ANNA))]);
    expect(s.chats[C]!.unread).toBe(1);
    s = chatsReducer(s, {
      type: "pending.add",
      message: {
        client_id: "cid-1",
        chat_id: C,
        org_id: "org1",
        body: "mine",
        reply_to: null,
        created_at: "2026-09-01T08:00:00Z",
        status: "sending",
      },
    });
    expect(s.pending).toHaveLength(1);
    const mine = message(C, 4, ME, { client_id: "cid-1", body: "mine" });
    s = chatsReducer(s, { type: "sent", message: mine }); // the POST answer
    s = chatsReducer(s, { type: "event", event: newMsg(mine), now: 0 }); // then the event
    expect(s.pending).toHaveLength(0);
    expect(s.timelines[C]!.messages.filter((m) => m.client_id === "cid-1")).toHaveLength(1);
    expect(s.chats[C]!.unread).toBe(0);
    expect(s.chats[C]!.last_read_seq).toBe(4);
  });

  it("keeps my reactions when a message is edited by its author", () => {
    let s = applyAll(base(), [
      ev("reaction", C, 3, { message_id: `m${C}-1`, emoji: "❤️", account_id: ME, on: true }),
    ]);
    expect(s.timelines[C]!.messages[0]!.reactions).toEqual([{ emoji: "❤️", count: 1, mine: true }]);
    const edited = { ...message(C, 1, ANNA, { body: "new" }), reactions: [{ emoji: "❤️", count: 1, mine: false }] };
    s = applyAll(s, [ev("message.edited", C, 4, edited as never)]);
    expect(s.timelines[C]!.messages[0]!.reactions[0]!.mine).toBe(true);
    s = applyAll(s, [
      ev("reaction", C, 5, { message_id: `m${C}-1`, emoji: "❤️", account_id: ME, on: false }),
    ]);
    expect(s.timelines[C]!.messages[0]!.reactions).toEqual([]);
  });

  it("my read marker from another device clears unread", () => {
    let s = applyAll(base(), [newMsg(message(C, 3, ANNA)), newMsg(message(C, 4, ANNA))]);
    s = applyAll(s, [ev("read", C, 5, { account_id: ME, seq: 3 })]);
    expect(s.chats[C]!.unread).toBe(1);
    s = applyAll(s, [ev("read", C, 6, { account_id: ME, seq: 5 })]);
    expect(s.chats[C]!.unread).toBe(0);
    expect(totalUnread(s)).toBe(0);
  });

  it("chat.me, member.role and typing", () => {
    let s = applyAll(base(), [
      ev("chat.me", C, 3, { pinned: true, muted: true }),
      ev("member.role", C, 4, { account_id: ME, role: "moderator" }),
    ]);
    expect(s.chats[C]!.pinned).toBe(true);
    expect(s.chats[C]!.my_role).toBe("moderator");
    expect(chatList(s, "org1")[0]!.id).toBe(C);
    s = chatsReducer(s, { type: "event", event: ev("typing", C, null, { account_id: ANNA, name: "Anna" }), now: 1000 });
    expect(s.typing[C]![ANNA]!.name).toBe("Anna");
    s = chatsReducer(s, { type: "event", event: ev("typing", C, null, { account_id: ME, name: "Me" }), now: 1000 });
    expect(Object.keys(s.typing[C]!)).toEqual([ANNA]);
    s = chatsReducer(s, { type: "typing.expire", now: 1000 + 10_000 });
    expect(s.typing[C]).toBeUndefined();
    // A message from the typist ends their typing at once.
    s = chatsReducer(s, { type: "event", event: ev("typing", C, null, { account_id: ANNA, name: "Anna" }), now: 1 });
    s = applyAll(s, [newMsg(message(C, 5, ANNA))]);
    expect(s.typing[C]![ANNA]).toBeUndefined();
  });

  it("merges a history page with events that arrived while it loaded", () => {
    let s = chatsReducer(emptyState(ME), {
      type: "sync",
      result: { chats: [chat(C, { seq: 10 })], events: [], reset: [], removed: [] },
    });
    s = chatsReducer(s, { type: "history.loading", chatId: C });
    s = applyAll(s, [newMsg(message(C, 11, ANNA))]);
    s = chatsReducer(s, {
      type: "history",
      chatId: C,
      older: false,
      page: { messages: [message(C, 9, ANNA), message(C, 10, BORIS)], has_more_before: true, has_more_after: false, seq: 11 },
    });
    expect(s.timelines[C]!.messages.map((m) => m.seq)).toEqual([9, 10, 11]);
    expect(s.timelines[C]!.hasMoreBefore).toBe(true);
    s = chatsReducer(s, {
      type: "history",
      chatId: C,
      older: true,
      page: { messages: [message(C, 8, ANNA), message(C, 9, ANNA)], has_more_before: false, has_more_after: true, seq: 11 },
    });
    expect(s.timelines[C]!.messages.map((m) => m.seq)).toEqual([8, 9, 10, 11]);
    expect(s.timelines[C]!.hasMoreBefore).toBe(false);
    expect(cursorParam(s)).toBe(`${C}:11`);
  });

  it("applyEvent is pure", () => {
    const s = base();
    const frozen = JSON.stringify(s);
    applyEvent(s, newMsg(message(C, 3, ANNA)), 0);
    expect(JSON.stringify(s)).toBe(frozen);
  });
});

describe("unnumbered chat events", () => {
  it("read positions and my chat state apply without moving the cursor", () => {
    const s0 = base();
    const read: RealtimeEvent = { type: "read", chat_id: C, data: { account_id: ANNA, seq: 2 } };
    const mine: RealtimeEvent = { type: "chat.me", chat_id: C, data: { muted: true, draft: "hi" } };
    expect(classify(s0, read)).toBe("ephemeral");
    const s1 = applyEvent(applyEvent(s0, read, 0), mine, 0);
    expect(s1.readBy[C]?.[ANNA]).toBe(2);
    expect(s1.chats[C]?.muted).toBe(true);
    expect(s1.chats[C]?.draft).toBe("hi");
    expect(s1.cursors[C]).toBe(s0.cursors[C]);
    expect(s1.chats[C]?.seq).toBe(2);
  });
});

describe("jump to message: a detached timeline", () => {
  const page = (seqs: number[], before: boolean, after: boolean) => ({
    messages: seqs.map((q) => message(C, q, ANNA)),
    has_more_before: before,
    has_more_after: after,
    seq: 40,
  });

  it("opens around a message, keeps live ones aside and joins them at the end", () => {
    let s = base();
    s = chatsReducer(s, { type: "sync", result: { chats: [chat(C, { seq: 40, last_read_seq: 40 })], events: [], reset: [], removed: [] } });
    s = chatsReducer(s, { type: "history.around", chatId: C, page: page([10, 11, 12], true, true) });
    expect(s.timelines[C]?.hasMoreAfter).toBe(true);
    expect(s.timelines[C]?.messages.map((m) => m.seq)).toEqual([10, 11, 12]);
    // A live message does not land after 12 (messages between are not loaded).
    const m41 = message(C, 41, BORIS);
    s = applyEvent(s, newMsg(m41), 0);
    expect(s.timelines[C]?.messages.map((m) => m.seq)).toEqual([10, 11, 12]);
    expect(s.timelines[C]?.tail?.map((m) => m.seq)).toEqual([41]);
    // An edit of a waiting message still applies.
    s = applyEvent(s, ev("message.edited", C, 42, { ...m41, body: "fixed", html: "<p>fixed</p>" }), 0);
    expect(s.timelines[C]?.tail?.[0]?.body).toBe("fixed");
    // Scrolling down: pages after; the last one re-attaches with the waiting messages.
    s = chatsReducer(s, { type: "history.newer", chatId: C, page: page([13, 20], true, true) });
    expect(s.timelines[C]?.hasMoreAfter).toBe(true);
    s = chatsReducer(s, { type: "history.newer", chatId: C, page: page([30, 40], true, false) });
    const tl = s.timelines[C];
    expect(tl?.hasMoreAfter).toBeFalsy();
    expect(tl?.tail).toBeUndefined();
    expect(tl?.messages.map((m) => m.seq)).toEqual([10, 11, 12, 13, 20, 30, 40, 41]);
    expect(tl?.hasMoreBefore).toBe(true);
    // Attached again: live messages go straight in.
    s = applyEvent(s, newMsg(message(C, 43, ANNA)), 0);
    expect(s.timelines[C]?.messages.at(-1)?.seq).toBe(43);
  });

  it("a page around a recent message that reaches the end stays attached", () => {
    let s = chatsReducer(base(), { type: "history.around", chatId: C, page: page([1, 2], false, false) });
    expect(s.timelines[C]?.hasMoreAfter).toBeUndefined();
    s = applyEvent(s, newMsg(message(C, 3, ANNA)), 0);
    expect(s.timelines[C]?.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it("dropping the timeline makes the chat reload its newest page", () => {
    const s = chatsReducer(base(), { type: "timeline.drop", chatId: C });
    expect(s.timelines[C]).toBeUndefined();
  });
});

describe("jump to message while messages arrive", () => {
  it("keeps live messages newer than the page it replaces the timeline with", () => {
    let s = chatsReducer(base(), { type: "history.loading", chatId: C });
    s = applyEvent(s, newMsg(message(C, 3, BORIS)), 0);
    s = chatsReducer(s, {
      type: "history.around",
      chatId: C,
      page: { messages: [message(C, 1, ANNA), message(C, 2, ME)], has_more_before: false, has_more_after: false, seq: 2 },
    });
    expect(s.timelines[C]?.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });
});
