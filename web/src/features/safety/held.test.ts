// A message the word filter holds (202, kind "held") stays in the outbox as "held", out of
// the timeline; the moderator's approval arrives as a new message with the same client id
// and replaces it; a rejection turns it into a failed message.
import { describe, expect, it } from "vitest";
import { ME, chat, message, newMsg } from "../chats/fixtures";
import { chatsReducer, type ChatsAction } from "../chats/reducer";
import type { ChatsState, Message, PendingMessage } from "../chats/types";
import { emptyState } from "../chats/types";
import { createStore } from "../../lib/store";
import { ChatEngine } from "../../realtime/engine";

const C = "c1";

function setup() {
  const store = createStore<ChatsState, ChatsAction>(chatsReducer, emptyState(ME));
  const engine = new ChatEngine(
    store,
    {
      fetchSync: async () => ({ chats: [chat(C, { seq: 1 })], events: [], reset: [], removed: [] }),
      async sendMessage(p: PendingMessage): Promise<Message> {
        return message(C, 0, ME, { id: "held-1", kind: "held", client_id: p.client_id, body: p.body });
      },
      now: () => 0,
      newId: () => "cid-1",
      saveOutbox: () => {},
      schedule: () => {},
    },
    () => ({ retry: false, code: "x" }),
  );
  return { store, engine };
}

describe("held messages", () => {
  it("wait in the outbox, then become the approved message", async () => {
    const t = setup();
    await t.engine.connected();
    t.engine.send(C, "o1", "за гаражами", null);
    await t.engine.flush();
    const state = t.store.getState();
    expect(state.pending.map((p) => [p.client_id, p.status])).toEqual([["cid-1", "held"]]);
    expect(state.timelines[C]?.messages.some((m) => m.kind === "held") ?? false).toBe(false);
    const approved = message(C, 2, ME, { client_id: "cid-1", body: "за гаражами" });
    t.engine.receive({ ...newMsg(approved), chat_id: C, seq: 2 });
    expect(t.store.getState().pending).toEqual([]);
  });

  it("fail when a moderator rejects them", async () => {
    const t = setup();
    await t.engine.connected();
    t.engine.send(C, "o1", "за гаражами", null);
    await t.engine.flush();
    t.store.dispatch({ type: "pending.status", clientId: "cid-1", status: "failed", error: "message_rejected" });
    expect(t.store.getState().pending[0]).toMatchObject({ status: "failed", error: "message_rejected" });
  });
});
