// Keeps the chat state in step with the server: applies socket events in order, resumes by
// cursors through /sync after a reconnect or a gap, and sends the offline queue.
import type { ChatsAction } from "../features/chats/reducer";
import { classify, cursorParam } from "../features/chats/reducer";
import type {
  ChatsState,
  Message,
  PendingMessage,
  RealtimeEvent,
  ReplyRef,
  SyncResult,
} from "../features/chats/types";
import type { Store } from "../lib/store";
import { backoffDelay } from "./backoff";

export interface EngineDeps {
  fetchSync(cursors: string): Promise<SyncResult>;
  sendMessage(p: PendingMessage): Promise<Message>;
  now(): number;
  newId(): string;
  /** Persist the unsent queue (localStorage in the browser). */
  saveOutbox(items: PendingMessage[]): void;
  schedule(fn: () => void, ms: number): void;
}

/** What an error means for a queued message: try again later, or give up and show it. */
export type SendFailure = { retry: true; afterMs?: number } | { retry: false; code: string };

export class ChatEngine {
  private syncing: Promise<void> | null = null;
  private syncAgain = false;
  private buffer: RealtimeEvent[] = [];
  private flushing = false;
  private online = false;
  private syncAttempt = 0;
  private lastSaved = "";

  constructor(
    readonly store: Store<ChatsState, ChatsAction>,
    private readonly deps: EngineDeps,
    private readonly classifyError: (err: unknown) => SendFailure,
  ) {
    store.subscribe(() => this.persistOutbox());
  }

  /** The socket said hello: catch up on everything missed, then send the queue. */
  connected(): Promise<void> {
    this.online = true;
    return this.sync();
  }

  disconnected(): void {
    this.online = false;
  }

  /** An event from the socket. */
  receive(event: RealtimeEvent): void {
    if (event.type === "resync") {
      // The server's node lost its link to the other nodes for a while: catch up.
      void this.sync();
      return;
    }
    if (this.syncing) {
      this.buffer.push(event);
      return;
    }
    this.route(event);
  }

  private route(event: RealtimeEvent): void {
    const state = this.store.getState();
    const kind = classify(state, event);
    if (kind === "next" || kind === "ephemeral") {
      this.store.dispatch({ type: "event", event, now: this.deps.now() });
    } else if (kind === "gap" || kind === "unknown_chat") {
      this.buffer.push(event);
      void this.sync();
    }
    // duplicate: already applied
  }

  /** Ask /sync for what we missed; concurrent calls share one request (plus one more). */
  sync(): Promise<void> {
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    this.syncing = this.runSync().finally(() => {
      this.syncing = null;
      const pending = this.buffer;
      this.buffer = [];
      let gap = false;
      for (const ev of pending) {
        const kind = classify(this.store.getState(), ev);
        if (kind === "next" || kind === "ephemeral") {
          this.store.dispatch({ type: "event", event: ev, now: this.deps.now() });
        } else if (kind === "gap" || kind === "unknown_chat") {
          gap = true;
        }
      }
      if (this.syncAgain || gap) {
        this.syncAgain = false;
        void this.sync();
      } else {
        void this.flush();
      }
    });
    return this.syncing;
  }

  private async runSync(): Promise<void> {
    for (;;) {
      try {
        const result = await this.deps.fetchSync(cursorParam(this.store.getState()));
        this.store.dispatch({ type: "sync", result });
        this.syncAttempt = 0;
        return;
      } catch (err) {
        const verdict = this.classifyError(err);
        if (!verdict.retry || !this.online) return;
        await new Promise<void>((resolve) =>
          this.deps.schedule(resolve, verdict.afterMs ?? backoffDelay(this.syncAttempt++)),
        );
      }
    }
  }

  /** Queue a message: shown at once, sent now or when the connection is back. */
  send(
    chatId: string,
    orgId: string,
    body: string,
    replyTo: ReplyRef | null,
    extra: Pick<PendingMessage, "ack_required" | "ack_question" | "ack_deadline" | "attachment_ids" | "attachments"> = {},
  ): string {
    const clientId = this.deps.newId();
    this.store.dispatch({
      type: "pending.add",
      message: {
        client_id: clientId,
        chat_id: chatId,
        org_id: orgId,
        body,
        reply_to: replyTo,
        created_at: new Date(this.deps.now()).toISOString(),
        status: "queued",
        ...extra,
      },
    });
    void this.flush();
    return clientId;
  }

  /** Try a failed message again. */
  retry(clientId: string): void {
    this.store.dispatch({ type: "pending.status", clientId, status: "queued" });
    void this.flush();
  }

  discard(clientId: string): void {
    this.store.dispatch({ type: "pending.remove", clientId });
  }

  /** Send queued messages one at a time, in order. The client id makes every retry safe. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (;;) {
        const next = this.store.getState().pending.find((p) => p.status === "queued");
        if (!next) return;
        this.store.dispatch({ type: "pending.status", clientId: next.client_id, status: "sending" });
        try {
          const message = await this.deps.sendMessage(next);
          if (message.kind === "held") {
            // Held by the word filter (202): not in the chat until a moderator approves it.
            this.store.dispatch({ type: "pending.status", clientId: next.client_id, status: "held" });
          } else {
            this.store.dispatch({ type: "sent", message });
          }
        } catch (err) {
          const verdict = this.classifyError(err);
          if (verdict.retry) {
            this.store.dispatch({ type: "pending.status", clientId: next.client_id, status: "queued" });
            if (verdict.afterMs !== undefined) {
              this.deps.schedule(() => void this.flush(), verdict.afterMs);
            }
            // Otherwise wait for the connection to come back (connected() flushes).
            return;
          }
          this.store.dispatch({
            type: "pending.status",
            clientId: next.client_id,
            status: "failed",
            error: verdict.code,
          });
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private persistOutbox(): void {
    const items = this.store.getState().pending;
    const key = items.map((p) => `${p.client_id}:${p.status}`).join(",");
    if (key === this.lastSaved) return;
    this.lastSaved = key;
    this.deps.saveOutbox(items);
  }
}
