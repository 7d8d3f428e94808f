import { describe, expect, it } from "vitest";
import { chatsReducer } from "../chats/reducer";
import { ANNA, ME, chat, ev, message, newMsg } from "../chats/fixtures";
import type { ChatsState, Message, SyncResult } from "../chats/types";
import { emptyState } from "../chats/types";
import type { Poll } from "./events";

const C = "c1";

function poll(over: Partial<Poll> = {}, votes = [0, 0, 0], mine: boolean[] = [], correct: (boolean | null)[] = []): Poll {
  return {
    id: "p1",
    question: "Когда собрание?",
    options: ["Пн", "Ср", "Пт"].map((text, i) => ({
      id: `o${i}`,
      text,
      votes: votes[i] ?? 0,
      mine: mine[i] ?? false,
      voters: null,
      correct: correct[i] ?? null,
    })),
    multiple: false,
    anonymous: true,
    quiz: false,
    allow_add_options: false,
    deadline: null,
    closed: false,
    total_voters: votes.reduce((a, b) => a + b, 0),
    ...over,
  };
}

/** Chat C at seq 2 with a poll message (seq 2) as I loaded it: I chose "Ср", 1 vote. */
function loaded(held: Poll = poll({}, [0, 1, 0], [false, true, false])): ChatsState {
  let s = chatsReducer(emptyState(ME), {
    type: "sync",
    result: { chats: [chat(C, { seq: 2, last_read_seq: 2 })], events: [], reset: [], removed: [] },
  });
  s = chatsReducer(s, { type: "history.loading", chatId: C });
  s = chatsReducer(s, {
    type: "history",
    chatId: C,
    older: false,
    page: {
      messages: [message(C, 1, ANNA), message(C, 2, ANNA, { kind: "poll", poll: held })],
      has_more_before: false,
      has_more_after: false,
      seq: 2,
    },
  });
  return s;
}

const pollMsg = (s: ChatsState): Message => s.timelines[C]?.messages.find((m) => m.seq === 2) as Message;
const event = (s: ChatsState, e: ReturnType<typeof ev>) => chatsReducer(s, { type: "event", event: e, now: 0 });
const updated = (seq: number, p: Poll) => ev("poll.updated", C, seq, { message_id: `m${C}-2`, poll: p });
const mineEv = (ids: string[]) => ev("poll.mine", C, null, { message_id: `m${C}-2`, poll_id: "p1", option_ids: ids });

describe("poll events", () => {
  it("stale state + poll.updated = fresh counts, my choice kept", () => {
    const s = event(loaded(), updated(3, poll({}, [2, 1, 1])));
    const p = pollMsg(s).poll as Poll;
    expect(p.options.map((o) => o.votes)).toEqual([2, 1, 1]);
    expect(p.total_voters).toBe(4);
    expect(p.options.map((o) => o.mine)).toEqual([false, true, false]);
    expect(s.cursors[C]).toBe(3);
  });

  it("a duplicate poll.updated changes nothing", () => {
    const once = event(loaded(), updated(3, poll({}, [2, 1, 1])));
    const twice = event(once, updated(3, poll({}, [9, 9, 9])));
    expect(twice).toBe(once);
  });

  it("events missed while offline come through /sync in order", () => {
    const s = chatsReducer(loaded(), {
      type: "sync",
      result: {
        chats: [chat(C, { seq: 4, last_read_seq: 2 })],
        events: [updated(3, poll({}, [1, 1, 0])), updated(4, poll({ closed: true }, [1, 2, 0]))] as SyncResult["events"],
        reset: [],
        removed: [],
      },
    });
    const p = pollMsg(s).poll as Poll;
    expect(p.options.map((o) => o.votes)).toEqual([1, 2, 0]);
    expect(p.closed).toBe(true);
    expect(p.options[1]?.mine).toBe(true);
  });

  it("poll.mine from my other device moves my marks, not the counts", () => {
    let s = event(loaded(), mineEv(["o0"]));
    let p = pollMsg(s).poll as Poll;
    expect(p.options.map((o) => o.mine)).toEqual([true, false, false]);
    expect(p.options.map((o) => o.votes)).toEqual([0, 1, 0]);
    s = event(s, updated(3, poll({}, [1, 0, 0])));
    p = pollMsg(s).poll as Poll;
    expect(p.options.map((o) => o.votes)).toEqual([1, 0, 0]);
    expect(p.options.map((o) => o.mine)).toEqual([true, false, false]);
    // Retracted elsewhere.
    s = event(s, mineEv([]));
    expect((pollMsg(s).poll as Poll).options.every((o) => !o.mine)).toBe(true);
  });

  it("poll.mine and poll.updated of one vote agree in either order", () => {
    const fresh = poll({}, [1, 1, 0]);
    const a = pollMsg(event(event(loaded(), mineEv(["o0"])), updated(3, fresh))).poll;
    const b = pollMsg(event(event(loaded(), updated(3, fresh)), mineEv(["o0"]))).poll;
    expect(a).toEqual(b);
  });

  it("a quiz answer revealed to me stays when neutral updates come", () => {
    const quiz = poll({ quiz: true }, [0, 0, 0]);
    let s = loaded(quiz);
    // My own vote's answer: my choice and the correct one.
    s = event(s, {
      type: "poll.mine",
      chat_id: C,
      data: { message_id: `m${C}-2`, poll_id: "p1", option_ids: ["o2"], poll: poll({ quiz: true }, [0, 0, 1], [false, false, true], [true, false, false]) },
    });
    s = event(s, updated(3, poll({ quiz: true }, [0, 0, 1])));
    const p = pollMsg(s).poll as Poll;
    expect(p.options.map((o) => o.correct)).toEqual([true, false, false]);
    expect(p.options[2]?.mine).toBe(true);
  });

  it("a new poll message arrives live with its poll", () => {
    const m3 = message(C, 3, ANNA, { kind: "poll", poll: poll() });
    const s = event(loaded(), newMsg(m3));
    expect(s.timelines[C]?.messages.at(-1)?.poll?.question).toBe("Когда собрание?");
  });

  it("an edit keeps my view of the poll", () => {
    const base = loaded();
    const old = pollMsg(base);
    const s = event(base, ev("message.edited", C, 3, { ...old, body: "x", poll: poll({}, [0, 1, 0], [true, false, false]) }));
    expect((pollMsg(s).poll as Poll).options.map((o) => o.mine)).toEqual([false, true, false]);
  });

  it("ignores events for messages or chats not loaded", () => {
    const base = loaded();
    const other = chatsReducer(base, {
      type: "event",
      event: ev("poll.mine", "nope", null, { message_id: "x", poll_id: "p", option_ids: [] }),
      now: 0,
    });
    expect(other).toBe(base);
  });
});
