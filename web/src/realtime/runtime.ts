// Everything live for one signed-in account: the chat store, the engine, the socket, the
// offline queue in localStorage, typing signals and the API calls chat screens make.
import { ApiError, api, ok } from "../api/client";
import { chatsReducer, type ChatsAction } from "../features/chats/reducer";
import type { ChatsState, Message, PendingMessage, RealtimeEvent, ReplyRef, SyncResult } from "../features/chats/types";
import { emptyState } from "../features/chats/types";
import { createStore, type Store } from "../lib/store";
import { DraftSaver } from "../features/chats/drafts";
import { ChatEngine, type SendFailure } from "./engine";
import { RealtimeSocket, type SocketStatus } from "./socket";

const TYPING_EVERY_MS = 3000;
const GET_CURSORS_MAX = 1500;

export interface Runtime {
  store: Store<ChatsState, ChatsAction>;
  engine: ChatEngine;
  status: Store<SocketStatus, SocketStatus>;
  start(): void;
  stop(): void;
  onIncoming(fn: (event: RealtimeEvent) => void): () => void;
  /** Every event applied from the socket (pins, reads, edits…), for screens that keep
   * their own copies (the pinned bar, the chat info panel). */
  onEvent(fn: (event: RealtimeEvent) => void): () => void;
  /** Send a client frame on the event socket (calls' signalling); false while disconnected. */
  sendFrame(frame: Record<string, unknown>): boolean;
  /** Every (re)connection, after the server's hello: `session_id` names this device. */
  onConnected(fn: (hello: Record<string, unknown>) => void): () => void;
  /** This device's session id from the last hello (null before the first). */
  sessionId(): string | null;
  /** Jump to a message: the page around it replaces the timeline. False when not found. */
  loadAround(chatId: string, messageId: string): Promise<boolean>;
  /** The next page of a detached timeline (after a jump). */
  loadNewer(chatId: string): Promise<void>;
  /** Back to the newest page (leaves a detached timeline). */
  reloadLatest(chatId: string): Promise<void>;
  forward(chatId: string, messageId: string, toChatId: string): Promise<Message>;
  pin(chatId: string, messageId: string, on: boolean): Promise<void>;
  pins(chatId: string): Promise<Message[]>;
  /** My private state of a chat (mute, pin in the list), synced to my other devices. */
  setMine(chatId: string, patch: { muted?: boolean; pinned?: boolean }): Promise<void>;
  /** The composer's text changed: saved as the chat's draft after a pause. */
  draft(chatId: string, text: string): void;
  flushDrafts(): void;
  send(chatId: string, orgId: string, body: string, replyTo: ReplyRef | null, extra?: Pick<PendingMessage, "ack_required" | "ack_question" | "ack_deadline" | "attachment_ids" | "attachments">): void;
  loadLatest(chatId: string): Promise<void>;
  loadOlder(chatId: string): Promise<void>;
  /** Mark everything up to `seq`, the newest message shown, as read. */
  markRead(chatId: string, seq: number): void;
  typing(chatId: string): void;
  edit(chatId: string, messageId: string, body: string): Promise<void>;
  remove(chatId: string, messageId: string): Promise<void>;
  react(chatId: string, message: Message, emoji: string): Promise<void>;
}

function outboxKey(accountId: string): string {
  return `parta.outbox.${accountId}`;
}

function loadOutbox(accountId: string): PendingMessage[] {
  try {
    const items = JSON.parse(localStorage.getItem(outboxKey(accountId)) ?? "[]") as PendingMessage[];
    return Array.isArray(items)
      ? items.map((p) => ({ ...p, status: p.status === "failed" ? "failed" : "queued" }))
      : [];
  } catch {
    return [];
  }
}

export function classifySendError(err: unknown): SendFailure {
  if (!(err instanceof ApiError)) return { retry: true };
  if (err.isNetwork) return { retry: true };
  if (err.status === 429) return { retry: true, afterMs: (err.retryAfter ?? 5) * 1000 };
  if (err.status >= 500) return { retry: true, afterMs: 5000 };
  return { retry: false, code: err.code };
}

function newClientId(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function createRuntime(accountId: string, onSignedOut: () => void): Runtime {
  const initial = emptyState(accountId);
  initial.pending = loadOutbox(accountId);
  const store = createStore<ChatsState, ChatsAction>(chatsReducer, initial);
  const status = createStore<SocketStatus, SocketStatus>((_, s) => s, "offline");
  const chatOrg = (chatId: string) => store.getState().chats[chatId]?.org_id ?? "";
  const incoming = new Set<(e: RealtimeEvent) => void>();
  const listeners = new Set<(e: RealtimeEvent) => void>();
  const connectedFns = new Set<(hello: Record<string, unknown>) => void>();
  let helloSession: string | null = null;
  const path = (chatId: string) => ({ org_id: chatOrg(chatId), chat_id: chatId });
  const drafts = new DraftSaver({
    save(chatId, text) {
      if (!store.getState().chats[chatId]) return;
      store.dispatch({ type: "chat.patch", chatId, patch: { draft: text } });
      void ok(
        api.PUT("/api/v1/orgs/{org_id}/chats/{chat_id}/me", { params: { path: path(chatId) }, body: { draft: text } }),
      ).catch(() => undefined);
    },
    schedule: (fn, ms) => setTimeout(fn, ms),
    cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  });
  const onHide = () => {
    if (document.visibilityState === "hidden") drafts.flush();
  };

  const engine = new ChatEngine(
    store,
    {
      async fetchSync(cursors): Promise<SyncResult> {
        if (cursors.length <= GET_CURSORS_MAX) {
          return ok(api.GET("/api/v1/sync", { params: { query: { cursors } } }));
        }
        const map: Record<string, number> = {};
        for (const part of cursors.split(",")) {
          const [id, seq] = part.split(":");
          if (id) map[id] = Number(seq);
        }
        return ok(api.POST("/api/v1/sync", { body: { cursors: map } }));
      },
      sendMessage: (p) =>
        ok(
          api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/messages", {
            params: { path: { org_id: p.org_id, chat_id: p.chat_id } },
            body: {
              client_id: p.client_id,
              body: p.body,
              reply_to_id: p.reply_to?.id ?? null,
              attachment_ids: p.attachment_ids ?? [],
              ack_required: p.ack_required ?? false,
              ...(p.ack_question ? { ack_question: p.ack_question, ack_deadline: p.ack_deadline ?? null } : {}),
            },
          }),
        ),
      now: () => Date.now(),
      newId: newClientId,
      saveOutbox(items) {
        try {
          if (items.length) localStorage.setItem(outboxKey(accountId), JSON.stringify(items));
          else localStorage.removeItem(outboxKey(accountId));
        } catch {
          // storage full or disabled: the queue lives in memory only
        }
      },
      schedule: (fn, ms) => void setTimeout(fn, ms),
    },
    classifySendError,
  );

  const socket = new RealtimeSocket({
    onEvent(event) {
      const before = store.getState();
      engine.receive(event);
      if (event.type === "message.new" && store.getState() !== before) {
        for (const fn of incoming) fn(event);
      }
      for (const fn of listeners) fn(event);
    },
    onOpen(hello) {
      if (typeof hello.session_id === "string") helloSession = hello.session_id;
      void engine.connected();
      for (const fn of connectedFns) fn(hello);
    },
    onStatus(s) {
      if (s !== "open") engine.disconnected();
      status.dispatch(s);
    },
    onUnauthorized: onSignedOut,
  });

  let typingTimer: ReturnType<typeof setInterval> | null = null;
  // Back online: send the queue at once (the socket may not have noticed the outage).
  const onOnline = () => void engine.flush();
  const lastTyping = new Map<string, number>();
  const readSent = new Map<string, number>();

  const runtime: Runtime = {
    store,
    engine,
    status,
    start() {
      socket.start();
      window.addEventListener("online", onOnline);
      document.addEventListener("visibilitychange", onHide);
      window.addEventListener("pagehide", drafts.flush.bind(drafts, undefined));
      // Hooks for the browser tests (switched on by a localStorage flag they set).
      try {
        if (localStorage.getItem("parta.testHooks") === "1") {
          (window as unknown as { __parta: unknown }).__parta = {
            dropSocket: (ms: number) => socket.drop(ms),
            state: () => store.getState(),
            loadOlder: (chatId: string) => runtime.loadOlder(chatId),
            /** Load the whole history of a chat, 100 messages a page. */
            async loadAll(chatId: string) {
              for (;;) {
                const tl = store.getState().timelines[chatId];
                const first = tl?.messages[0];
                if (!tl || !first || !tl.hasMoreBefore) return tl?.messages.length ?? 0;
                const page = await ok(
                  api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/messages", {
                    params: { path: path(chatId), query: { before_seq: first.seq, limit: 100 } },
                  }),
                );
                store.dispatch({ type: "history", chatId, page, older: true });
              }
            },
          };
        }
      } catch {
        // no storage: no hooks
      }
      // Until the socket says hello, show the chats from a plain sync.
      void engine.sync();
      typingTimer = setInterval(() => store.dispatch({ type: "typing.expire", now: Date.now() }), 1000);
    },
    stop() {
      drafts.flush();
      socket.stop();
      window.removeEventListener("online", onOnline);
      document.removeEventListener("visibilitychange", onHide);
      if (typingTimer) clearInterval(typingTimer);
    },
    onIncoming(fn) {
      incoming.add(fn);
      return () => incoming.delete(fn);
    },
    onEvent(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    sendFrame: (frame) => socket.send(frame),
    onConnected(fn) {
      connectedFns.add(fn);
      return () => connectedFns.delete(fn);
    },
    sessionId: () => helloSession,
    async loadAround(chatId, messageId) {
      // An empty timeline first: live messages arriving meanwhile merge into it.
      if (!store.getState().timelines[chatId]) store.dispatch({ type: "history.loading", chatId });
      try {
        const page = await ok(
          api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/messages", {
            params: { path: path(chatId), query: { around: messageId, limit: 60 } },
          }),
        );
        if (!page.messages.some((m) => m.id === messageId)) return false;
        store.dispatch({ type: "history.around", chatId, page });
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return false;
        throw err;
      }
    },
    async loadNewer(chatId) {
      const tl = store.getState().timelines[chatId];
      const last = tl?.messages[tl.messages.length - 1];
      if (!tl?.hasMoreAfter || !last) return;
      const page = await ok(
        api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/messages", {
          params: { path: path(chatId), query: { after_seq: last.seq, limit: 100 } },
        }),
      );
      store.dispatch({ type: "history.newer", chatId, page });
    },
    async reloadLatest(chatId) {
      store.dispatch({ type: "timeline.drop", chatId });
      await runtime.loadLatest(chatId);
    },
    forward: (chatId, messageId, toChatId) =>
      ok(
        api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/forward", {
          params: { path: { ...path(chatId), message_id: messageId } },
          body: { client_id: newClientId(), to_chat_id: toChatId },
        }),
      ),
    async pin(chatId, messageId, on) {
      const params = { params: { path: { ...path(chatId), message_id: messageId } } };
      if (on) await ok(api.PUT("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/pin", params));
      else await ok(api.DELETE("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/pin", params));
    },
    pins: (chatId) => ok(api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/pins", { params: { path: path(chatId) } })),
    async setMine(chatId, patch) {
      store.dispatch({ type: "chat.patch", chatId, patch });
      await ok(api.PUT("/api/v1/orgs/{org_id}/chats/{chat_id}/me", { params: { path: path(chatId) }, body: patch }));
    },
    draft(chatId, text) {
      const chat = store.getState().chats[chatId];
      if (chat) drafts.known(chatId, chat.draft);
      drafts.change(chatId, text);
    },
    flushDrafts: () => drafts.flush(),
    send(chatId, orgId, body, replyTo, extra) {
      // The message ends the typing signal on the other side: the next keystroke starts anew.
      lastTyping.delete(chatId);
      engine.send(chatId, orgId, body, replyTo, extra);
    },
    async loadLatest(chatId) {
      store.dispatch({ type: "history.loading", chatId });
      try {
        const page = await ok(
          api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/messages", {
            params: { path: { org_id: chatOrg(chatId), chat_id: chatId }, query: { limit: 50 } },
          }),
        );
        store.dispatch({ type: "history", chatId, page, older: false });
      } catch (err) {
        store.dispatch({ type: "history.failed", chatId });
        throw err;
      }
    },
    async loadOlder(chatId) {
      const first = store.getState().timelines[chatId]?.messages[0];
      if (!first) return;
      const page = await ok(
        api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/messages", {
          params: {
            path: { org_id: chatOrg(chatId), chat_id: chatId },
            query: { before_seq: first.seq, limit: 50 },
          },
        }),
      );
      store.dispatch({ type: "history", chatId, page, older: true });
    },
    markRead(chatId, seq) {
      const chat = store.getState().chats[chatId];
      if (!chat || seq <= chat.last_read_seq || (readSent.get(chatId) ?? -1) >= seq) return;
      readSent.set(chatId, seq);
      // Called with the newest message on screen: nothing before it is unread any more.
      store.dispatch({ type: "chat.patch", chatId, patch: { last_read_seq: seq, unread: 0, mentions: 0 } });
      void ok(
        api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/read", {
          params: { path: { org_id: chat.org_id, chat_id: chatId } },
          body: { seq },
        }),
      ).catch(() => readSent.delete(chatId));
    },
    typing(chatId) {
      const now = Date.now();
      if (now - (lastTyping.get(chatId) ?? 0) < TYPING_EVERY_MS) return;
      if (socket.send({ type: "typing", chat_id: chatId })) lastTyping.set(chatId, now);
    },
    async edit(chatId, messageId, body) {
      const message = await ok(
        api.PATCH("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}", {
          params: { path: { org_id: chatOrg(chatId), chat_id: chatId, message_id: messageId } },
          body: { body },
        }),
      );
      void message; // the message.edited event updates every device, this one included
    },
    async remove(chatId, messageId) {
      await ok(
        api.DELETE("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}", {
          params: { path: { org_id: chatOrg(chatId), chat_id: chatId, message_id: messageId } },
        }),
      );
    },
    async react(chatId, message, emoji) {
      const mine = message.reactions.some((r) => r.emoji === emoji && r.mine);
      const params = {
        params: { path: { org_id: chatOrg(chatId), chat_id: chatId, message_id: message.id, emoji } },
      };
      if (mine) {
        await ok(api.DELETE("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/reactions/{emoji}", params));
      } else {
        await ok(api.PUT("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/reactions/{emoji}", params));
      }
    },
  };
  return runtime;
}
