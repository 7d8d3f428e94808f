// Messages with attachments go through the same outbox as text: queued while offline,
// shown pending with their files, sent once with the upload ids, persisted as they are.
import { describe, expect, it } from "vitest";
import { ChatEngine } from "../../realtime/engine";
import { createStore } from "../../lib/store";
import { ME, chat, message } from "../chats/fixtures";
import { chatsReducer, type ChatsAction } from "../chats/reducer";
import { emptyState, type ChatsState, type PendingMessage } from "../chats/types";
import type { Attachment } from "./format";

const file: Attachment = {
  id: "att1",
  kind: "file",
  name: "plan.pdf",
  mime: "application/pdf",
  size: 2048,
  url: "/api/v1/files/att1?exp=1&sig=x",
  created_at: "2026-11-28T10:00:00Z",
};

describe("outbox with attachments", () => {
  it("keeps the upload ids while offline and sends them once when back", async () => {
    const store = createStore<ChatsState, ChatsAction>(chatsReducer, {
      ...emptyState(ME),
      chats: { c1: chat("c1") },
      cursors: { c1: 0 },
    });
    let down = true;
    const sent: PendingMessage[] = [];
    const saved: PendingMessage[][] = [];
    class Offline extends Error {}
    const engine = new ChatEngine(
      store,
      {
        fetchSync: async () => ({ chats: [], events: [], reset: [], removed: [] }),
        async sendMessage(p) {
          sent.push(p);
          if (down) throw new Offline();
          return message("c1", 1, ME, { client_id: p.client_id, body: p.body, attachments: [file] });
        },
        now: () => 0,
        newId: () => "cid-1",
        saveOutbox: (items) => saved.push(items),
        schedule: () => {},
      },
      (err) => (err instanceof Offline ? { retry: true } : { retry: false, code: "x" }),
    );
    engine.send("c1", "org1", "", null, { attachment_ids: [file.id], attachments: [file] });
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    const pending = store.getState().pending[0];
    expect(pending?.status).toBe("queued");
    expect(pending?.attachment_ids).toEqual(["att1"]);
    expect(pending?.attachments?.[0]?.name).toBe("plan.pdf");
    expect(saved.at(-1)?.[0]?.attachment_ids).toEqual(["att1"]);

    down = false;
    await engine.flush();
    expect(sent.at(-1)?.attachment_ids).toEqual(["att1"]);
    expect(sent.at(-1)?.body).toBe("");
    expect(store.getState().pending).toEqual([]);
  });
});
