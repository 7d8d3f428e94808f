import { describe, expect, it } from "vitest";
import { ANNA, ME, chat, message, newMsg } from "../features/chats/fixtures";
import { chatsReducer, type ChatsAction } from "../features/chats/reducer";
import type { ChatsState, Message, PendingMessage, SyncResult } from "../features/chats/types";
import { emptyState } from "../features/chats/types";
import { createStore } from "../lib/store";
import { backoffDelay } from "./backoff";
import { ChatEngine, type SendFailure } from "./engine";

const C = "c1";

class NetworkDown extends Error {}

function setup(serverSeq = 2) {
  const store = createStore<ChatsState, ChatsAction>(chatsReducer, emptyState(ME));
  const log: Message[] = [message(C, 1, ANNA), message(C, 2, ANNA)].slice(0, serverSeq);
  const syncCalls: string[] = [];
  const sent: PendingMessage[] = [];
  const server = {
    down: false,
    seq: serverSeq,
    stored: new Map<string, Message>(),
  };
  let ids = 0;
  const timers: (() => void)[] = [];
  const engine = new ChatEngine(
    store,
    {
      async fetchSync(cursors): Promise<SyncResult> {
        syncCalls.push(cursors);
        if (server.down) throw new NetworkDown();
        const after = Number(cursors.split(",").find((c) => c.startsWith(`${C}:`))?.split(":")[1] ?? server.seq);
        return {
          chats: [chat(C, { seq: server.seq })],
          events: log.filter((m) => m.seq > after).map((m) => ({ ...newMsg(m), chat_id: C, seq: m.seq })),
          reset: [],
          removed: [],
        };
      },
      async sendMessage(p) {
        sent.push(p);
        if (server.down) throw new NetworkDown();
        const existing = server.stored.get(p.client_id);
        if (existing) return existing;
        server.seq += 1;
        const m = message(C, server.seq, ME, { client_id: p.client_id, body: p.body });
        server.stored.set(p.client_id, m);
        log.push(m);
        return m;
      },
      now: () => 0,
      newId: () => `cid-${++ids}`,
      saveOutbox: () => {},
      schedule: (fn) => void timers.push(fn),
    },
    (err): SendFailure => (err instanceof NetworkDown ? { retry: true } : { retry: false, code: "x" }),
  );
  return { store, engine, log, syncCalls, sent, server, timers };
}

describe("chat engine", () => {
  it("resumes by cursors after a reconnect", async () => {
    const t = setup();
    await t.engine.connected();
    expect(t.syncCalls).toEqual([""]);
    expect(t.store.getState().cursors[C]).toBe(2);
    t.engine.disconnected();
    t.log.push(message(C, 3, ANNA));
    t.server.seq = 3;
    await t.engine.connected();
    expect(t.syncCalls[1]).toBe(`${C}:2`);
    expect(t.store.getState().cursors[C]).toBe(3);
    expect(t.store.getState().chats[C]!.seq).toBe(3);
  });

  it("a resync signal from the server fetches what was missed", async () => {
    const t = setup();
    await t.engine.connected();
    t.log.push(message(C, 3, ANNA));
    t.server.seq = 3;
    t.engine.receive({ type: "resync", data: {} });
    await t.engine.sync();
    expect(t.syncCalls[1]).toBe(`${C}:2`);
    expect(t.store.getState().cursors[C]).toBe(3);
  });

  it("a sequence gap triggers a sync, and events during the sync are applied after it", async () => {
    const t = setup();
    await t.engine.connected();
    t.store.dispatch({ type: "history.loading", chatId: C });
    t.log.push(message(C, 3, ANNA), message(C, 4, ANNA));
    t.server.seq = 4;
    t.engine.receive(newMsg(message(C, 4, ANNA))); // 3 never arrived
    expect(t.syncCalls).toEqual(["", `${C}:2`]);
    // While syncing, 5 arrives on the socket.
    t.log.push(message(C, 5, ANNA));
    t.engine.receive(newMsg(message(C, 5, ANNA)));
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    const s = t.store.getState();
    expect(s.timelines[C]!.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(s.cursors[C]).toBe(5);
  });

  it("an event of an unknown chat fetches the chat list", async () => {
    const t = setup();
    await t.engine.connected();
    t.engine.receive({ type: "member.joined", chat_id: "new", seq: 3, data: { members: [] } });
    expect(t.syncCalls).toHaveLength(2);
  });

  it("queues messages while offline and sends each exactly once on reconnect", async () => {
    const t = setup();
    await t.engine.connected();
    t.store.dispatch({ type: "history.loading", chatId: C });
    t.engine.disconnected();
    t.server.down = true;
    t.engine.send(C, "org1", "first", null);
    t.engine.send(C, "org1", "second", null);
    await new Promise((r) => setTimeout(r, 0));
    let s = t.store.getState();
    expect(s.pending.map((p) => [p.body, p.status])).toEqual([
      ["first", "queued"],
      ["second", "queued"],
    ]);
    t.server.down = false;
    await t.engine.connected();
    await new Promise((r) => setTimeout(r, 0));
    // The socket then delivers the new messages too: nothing is doubled.
    for (const m of t.log.filter((m) => m.author_id === ME)) t.engine.receive(newMsg(m));
    s = t.store.getState();
    expect(s.pending).toEqual([]);
    const mine = s.timelines[C]!.messages.filter((m) => m.author_id === ME).map((m) => m.body);
    expect(mine).toEqual(["first", "second"]);
    expect(t.server.stored.size).toBe(2);
  });

  it("marks a message failed when the server refuses it, and can retry", async () => {
    const t = setup();
    await t.engine.connected();
    const orig = t.engine["deps"].sendMessage;
    t.engine["deps"].sendMessage = async () => {
      throw new Error("refused");
    };
    const id = t.engine.send(C, "org1", "no", null);
    await new Promise((r) => setTimeout(r, 0));
    expect(t.store.getState().pending[0]!.status).toBe("failed");
    t.engine["deps"].sendMessage = orig;
    t.engine.retry(id);
    await new Promise((r) => setTimeout(r, 0));
    expect(t.store.getState().pending).toEqual([]);
  });
});

describe("backoff", () => {
  it("grows exponentially with jitter, capped at 30 s", () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(3000);
    expect(backoffDelay(40, () => 1)).toBe(30_000);
    expect(backoffDelay(40, () => 0)).toBe(15_000);
  });
});
