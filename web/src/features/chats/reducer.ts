// The pure function that applies chat events to state. Everything the socket, /sync,
// history pages and the send queue change goes through `chatsReducer`.
//
// Two guards make replays harmless:
// - `cursors[chat]`: the last event applied; an event at or below it is a duplicate and
//   changes nothing, one more than one above it is a gap (the engine syncs first);
// - `chat.seq`: the sequence the chat's summary (unread, last message, member count) is
//   current to. A summary from /sync may be newer than the cursor; the events between
//   then update only the timeline, never the summary twice.
import type {
  Chat,
  ChatsState,
  HistoryPage,
  Message,
  PendingMessage,
  PendingStatus,
  RealtimeEvent,
  SyncResult,
  Timeline,
} from "./types";
import { emptyState } from "./types";
import { keepPoll, pollPatch } from "../polls/events";
import { ackPatch, keepAck } from "../acks/events";
import { HOMEWORK_EVENTS, applyHomeworkEvent } from "../homework/events";
import { applyCallEvent } from "../calls/events";

export const TYPING_MS = 6000;
const PREVIEW_CHARS = 200;

export type ChatsAction =
  | { type: "reset"; me: string | null }
  | { type: "sync"; result: SyncResult }
  | { type: "event"; event: RealtimeEvent; now: number }
  | { type: "history.loading"; chatId: string }
  | { type: "history"; chatId: string; page: HistoryPage; older: boolean }
  | { type: "history.failed"; chatId: string }
  /** A page around one message replaces the timeline (jump to message). */
  | { type: "history.around"; chatId: string; page: HistoryPage }
  /** A page after the newest message held (scrolling down a detached timeline). */
  | { type: "history.newer"; chatId: string; page: HistoryPage }
  | { type: "timeline.drop"; chatId: string }
  | { type: "sent"; message: Message }
  | { type: "pending.add"; message: PendingMessage }
  | { type: "pending.status"; clientId: string; status: PendingStatus; error?: string }
  | { type: "pending.remove"; clientId: string }
  | { type: "typing.expire"; now: number }
  | { type: "chat.patch"; chatId: string; patch: Partial<Chat> };

export type EventClass = "ephemeral" | "unknown_chat" | "duplicate" | "gap" | "next";

/** Where an event stands against the state: the engine applies only `next` and `ephemeral`. */
export function classify(state: ChatsState, event: RealtimeEvent): EventClass {
  if (event.seq == null || event.chat_id == null) return "ephemeral";
  const cursor = state.cursors[event.chat_id];
  if (cursor === undefined || !state.chats[event.chat_id]) return "unknown_chat";
  if (event.seq <= cursor) return "duplicate";
  if (event.seq > cursor + 1) return "gap";
  return "next";
}

export function chatsReducer(state: ChatsState, action: ChatsAction): ChatsState {
  switch (action.type) {
    case "reset":
      return emptyState(action.me);
    case "sync":
      return applySync(state, action.result);
    case "event":
      return applyEvent(state, action.event, action.now);
    case "history.loading": {
      const tl = state.timelines[action.chatId];
      return setTimeline(state, action.chatId, {
        messages: tl?.messages ?? [],
        hasMoreBefore: tl?.hasMoreBefore ?? true,
        loading: true,
      });
    }
    case "history.failed": {
      const tl = state.timelines[action.chatId];
      if (!tl) return state;
      if (tl.messages.length === 0) return dropTimeline(state, action.chatId);
      return setTimeline(state, action.chatId, { ...tl, loading: false });
    }
    case "history":
      return applyHistory(state, action.chatId, action.page, action.older);
    case "history.around": {
      if (!state.chats[action.chatId]) return state;
      const { page } = action;
      // Live messages that came while the page was on its way (newer than it reflects).
      const later = (state.timelines[action.chatId]?.messages ?? []).filter((m) => m.seq > page.seq);
      return setTimeline(state, action.chatId, page.has_more_after
        ? { messages: mergeMessages([], page.messages), hasMoreBefore: page.has_more_before, hasMoreAfter: true, tail: later, loading: false }
        : { messages: mergeMessages(page.messages, later), hasMoreBefore: page.has_more_before, loading: false });
    }
    case "history.newer":
      return applyNewer(state, action.chatId, action.page);
    case "timeline.drop":
      return dropTimeline(state, action.chatId);
    case "sent":
      return applySent(state, action.message);
    case "pending.add":
      if (state.pending.some((p) => p.client_id === action.message.client_id)) return state;
      return { ...state, pending: [...state.pending, action.message] };
    case "pending.status":
      return {
        ...state,
        pending: state.pending.map((p) =>
          p.client_id === action.clientId
            ? { ...p, status: action.status, ...(action.error ? { error: action.error } : {}) }
            : p,
        ),
      };
    case "pending.remove":
      return removePending(state, action.clientId);
    case "typing.expire":
      return expireTyping(state, action.now);
    case "chat.patch": {
      const chat = state.chats[action.chatId];
      if (!chat) return state;
      return { ...state, chats: { ...state.chats, [action.chatId]: { ...chat, ...action.patch } } };
    }
  }
}

// --- /sync ---------------------------------------------------------------------------

/** Apply a /sync answer: summaries (never older than ours), then missed events in order,
 * then resets and removals; afterwards every cursor is at least the chat's sequence. */
export function applySync(state: ChatsState, result: SyncResult): ChatsState {
  let next: ChatsState = {
    ...state,
    synced: true,
    chats: { ...state.chats },
    cursors: { ...state.cursors },
  };
  for (const chat of result.chats) {
    const mine = next.chats[chat.id];
    if (!mine || chat.seq >= mine.seq) next.chats[chat.id] = chat;
    if (next.cursors[chat.id] === undefined) next.cursors[chat.id] = chat.seq;
  }
  for (const ev of result.events) {
    // The log may skip numbers (events private to other members): trust its order.
    next = applyEvent(next, ev, 0, true);
  }
  for (const chatId of result.reset) {
    next = dropTimeline(next, chatId);
    const chat = next.chats[chatId];
    if (chat) next.cursors[chatId] = chat.seq;
  }
  const listed = new Set(result.chats.map((c) => c.id));
  for (const chatId of result.removed) next = removeChat(next, chatId);
  // Chats the server no longer lists (left while offline, organisation gone).
  for (const chatId of Object.keys(next.chats)) {
    if (!listed.has(chatId)) next = removeChat(next, chatId);
  }
  for (const chat of Object.values(next.chats)) {
    const cursor = next.cursors[chat.id] ?? 0;
    if (cursor < chat.seq) next.cursors[chat.id] = chat.seq;
  }
  return next;
}

// --- one event -----------------------------------------------------------------------

export function applyEvent(
  state: ChatsState,
  event: RealtimeEvent,
  now: number,
  allowGap = false,
): ChatsState {
  const kind = classify(state, event);
  if (kind === "ephemeral") return applyEphemeral(state, event, now);
  if (kind === "unknown_chat" || kind === "duplicate") return state;
  if (kind === "gap" && !allowGap) return state;
  const chatId = event.chat_id as string;
  const seq = event.seq as number;
  const chat = state.chats[chatId] as Chat;
  const summaryFresh = seq > chat.seq;
  let next = applyEffects(state, chatId, event, summaryFresh);
  if (next.chats[chatId]) {
    next = {
      ...next,
      cursors: { ...next.cursors, [chatId]: seq },
    };
    const c = next.chats[chatId] as Chat;
    if (c.seq < seq) next = { ...next, chats: { ...next.chats, [chatId]: { ...c, seq } } };
  }
  return next;
}

function applyEffects(
  state: ChatsState,
  chatId: string,
  event: RealtimeEvent,
  summaryFresh: boolean,
): ChatsState {
  const d = event.data;
  const me = state.me;
  switch (event.type) {
    case "message.new": {
      const msg = d as unknown as Message;
      let next = state;
      if (msg.client_id && msg.author_id === me) next = removePending(next, msg.client_id);
      next = upsertMessages(next, chatId, [msg]);
      next = clearTypist(next, chatId, msg.author_id);
      if (summaryFresh) {
        next = patchChat(next, chatId, (c) => {
          const mineMsg = msg.author_id !== null && msg.author_id === me;
          const mentioned = !mineMsg && (msg.mentions_all || (me !== null && msg.mentions.includes(me)));
          return {
            ...c,
            last_message: {
              id: msg.id,
              seq: msg.seq,
              author_id: msg.author_id,
              author_name: msg.author_name,
              text: msg.body.slice(0, PREVIEW_CHARS),
              deleted: msg.deleted,
              created_at: msg.created_at,
              kind: msg.kind,
              files: msg.attachments?.length ?? 0,
            },
            last_message_at: msg.created_at,
            ...(mineMsg
              ? { last_read_seq: msg.seq, unread: 0, mentions: 0 }
              : { unread: c.unread + 1, mentions: c.mentions + (mentioned ? 1 : 0) }),
          };
        });
      }
      return next;
    }
    case "message.edited": {
      const msg = d as unknown as Message;
      // The payload's `reactions.mine` is the editor's: keep ours.
      let next = mapMessage(state, chatId, msg.id, (old) => ({
        ...msg,
        reactions: old.reactions,
        pinned: old.pinned,
        ...keepPoll(old, msg),
        ...keepAck(old, msg),
      }));
      if (summaryFresh) {
        next = patchChat(next, chatId, (c) =>
          c.last_message?.id === msg.id
            ? { ...c, last_message: { ...c.last_message, text: msg.body.slice(0, PREVIEW_CHARS) } }
            : c,
        );
      }
      return next;
    }
    case "message.deleted": {
      const id = String(d.id);
      const old = state.timelines[chatId]?.messages.find((m) => m.id === id);
      let next = mapMessage(state, chatId, id, (m) => ({
        ...m,
        body: "",
        html: "",
        deleted: true,
        reactions: [],
        pinned: false,
        mentions: [],
      }));
      if (summaryFresh) {
        next = patchChat(next, chatId, (c) => {
          let out = c;
          if (c.last_message?.id === id) {
            out = { ...out, last_message: { ...c.last_message, text: "", deleted: true } };
          }
          if (old && !old.deleted && old.author_id !== me && old.seq > c.last_read_seq) {
            out = { ...out, unread: Math.max(0, out.unread - 1) };
          }
          return out;
        });
      }
      return next;
    }
    case "reaction": {
      const messageId = String(d.message_id);
      const emoji = String(d.emoji);
      const on = Boolean(d.on);
      const isMe = d.account_id === me;
      return mapMessage(state, chatId, messageId, (m) => {
        const found = m.reactions.find((r) => r.emoji === emoji);
        let reactions = m.reactions;
        if (on) {
          reactions = found
            ? reactions.map((r) =>
                r.emoji === emoji ? { ...r, count: r.count + 1, mine: r.mine || isMe } : r,
              )
            : [...reactions, { emoji, count: 1, mine: isMe }];
        } else if (found) {
          reactions = reactions
            .map((r) =>
              r.emoji === emoji ? { ...r, count: r.count - 1, mine: isMe ? false : r.mine } : r,
            )
            .filter((r) => r.count > 0);
        }
        return { ...m, reactions };
      });
    }
    case "pin":
      return mapMessage(state, chatId, String(d.message_id), (m) => ({ ...m, pinned: Boolean(d.on) }));
    case "read": {
      const account = String(d.account_id);
      const seq = Number(d.seq);
      if (account !== me) {
        const byChat = state.readBy[chatId] ?? {};
        if ((byChat[account] ?? -1) >= seq) return state;
        return { ...state, readBy: { ...state.readBy, [chatId]: { ...byChat, [account]: seq } } };
      }
      return patchChat(state, chatId, (c) => {
        if (seq <= c.last_read_seq) return c;
        return { ...c, last_read_seq: seq, ...unreadAfter(state, c, seq) };
      });
    }
    case "chat.me": {
      const patch: Partial<Chat> = {};
      if (typeof d.muted === "boolean") patch.muted = d.muted;
      if (typeof d.pinned === "boolean") patch.pinned = d.pinned;
      if (typeof d.draft === "string") patch.draft = d.draft;
      return patchChat(state, chatId, (c) => ({ ...c, ...patch }));
    }
    case "chat.updated": {
      if (!summaryFresh) return state;
      const patch: Partial<Chat> = {};
      if (typeof d.title === "string") patch.title = d.title;
      if (typeof d.description === "string") patch.description = d.description;
      if ("avatar_url" in d) patch.avatar_url = typeof d.avatar_url === "string" ? d.avatar_url : null;
      if (d.settings && typeof d.settings === "object") {
        patch.settings = d.settings as Chat["settings"];
      }
      if (typeof d.archived === "boolean") patch.archived = d.archived; // channels come back from the archive
      return patchChat(state, chatId, (c) => ({ ...c, ...patch }));
    }
    case "member.joined": {
      if (!summaryFresh) return state;
      const members = Array.isArray(d.members) ? d.members.length : 0;
      return patchChat(state, chatId, (c) => ({ ...c, member_count: c.member_count + members }));
    }
    case "member.left":
    case "member.removed": {
      if (d.account_id === me) return removeChat(state, chatId);
      if (!summaryFresh) return state;
      return patchChat(state, chatId, (c) => ({
        ...c,
        member_count: Math.max(0, c.member_count - 1),
      }));
    }
    case "member.role":
      if (d.account_id !== me) return state;
      return patchChat(state, chatId, (c) => ({ ...c, my_role: String(d.role) }));
    case "poll.updated": {
      const p = pollPatch(event);
      return p ? mapMessage(state, chatId, p.messageId, p.apply) : state;
    }
    case "call.ended":
      return applyCallEvent(state, event) ?? state;
    case "assignment.closed":
      return applyHomeworkEvent(state, event);
    default:
      // chat.created for a known chat, and kinds this client does not know yet: only the
      // cursor moves.
      return state;
  }
}

function applyEphemeral(state: ChatsState, event: RealtimeEvent, now: number): ChatsState {
  // Private updates of one message (my poll choice, acknowledgement counts): no number.
  const patch = pollPatch(event) ?? ackPatch(event);
  if (patch) return mapMessage(state, patch.chatId, patch.messageId, patch.apply);
  // Homework counts and my hand-ins (private, may come without a chat id).
  if (HOMEWORK_EVENTS.has(event.type)) return applyHomeworkEvent(state, event);
  if (!event.chat_id || !state.chats[event.chat_id]) return state;
  // A running call's participants changed: its message in the history follows.
  if (event.type === "call.updated") return applyCallEvent(state, event) ?? state;
  // Read positions and my private chat state (mute, pin, draft) are not numbered: the
  // server never puts them in the chat's sequence, so they apply without moving a cursor.
  if (event.type === "read" || event.type === "chat.me") {
    return applyEffects(state, event.chat_id, event, false);
  }
  if (event.type !== "typing") return state;
  const account = String(event.data.account_id ?? "");
  if (!account || account === state.me) return state;
  const name = String(event.data.name ?? "");
  const chatTyping = state.typing[event.chat_id] ?? {};
  return {
    ...state,
    typing: {
      ...state.typing,
      [event.chat_id]: { ...chatTyping, [account]: { name, until: now + TYPING_MS } },
    },
  };
}

/** Unread and mention counts after reading up to `seq`, as far as this state can tell. */
function unreadAfter(state: ChatsState, chat: Chat, seq: number): Partial<Chat> {
  if (seq >= chat.seq) return { unread: 0, mentions: 0 };
  const tl = state.timelines[chat.id];
  const first = tl?.messages[0];
  if (!tl || !first || (first.seq > seq + 1 && tl.hasMoreBefore)) return {};
  const me = state.me;
  const left = tl.messages.filter((m) => m.seq > seq && !m.deleted && m.author_id !== me);
  const mentions = left.filter((m) => m.mentions_all || (me !== null && m.mentions.includes(me)));
  return { unread: left.length, mentions: mentions.length };
}

// --- history and sending -------------------------------------------------------------

function applyHistory(
  state: ChatsState,
  chatId: string,
  page: HistoryPage,
  older: boolean,
): ChatsState {
  if (!state.chats[chatId]) return state;
  const tl = state.timelines[chatId];
  const merged = mergeMessages(tl?.messages ?? [], page.messages);
  return setTimeline(state, chatId, {
    messages: merged,
    hasMoreBefore: older || !tl || tl.messages.length === 0 ? page.has_more_before : tl.hasMoreBefore,
    loading: false,
  });
}

/** A newer page joins a detached timeline; the last one re-attaches it to live events,
 * with the messages that arrived meanwhile (`tail`). */
function applyNewer(state: ChatsState, chatId: string, page: HistoryPage): ChatsState {
  const tl = state.timelines[chatId];
  if (!tl || !state.chats[chatId]) return state;
  let messages = mergeMessages(tl.messages, page.messages);
  if (page.has_more_after) return setTimeline(state, chatId, { ...tl, messages, loading: false });
  messages = mergeMessages(messages, tl.tail ?? []);
  return setTimeline(state, chatId, { messages, hasMoreBefore: tl.hasMoreBefore, loading: false });
}

function applySent(state: ChatsState, msg: Message): ChatsState {
  let next = msg.client_id ? removePending(state, msg.client_id) : state;
  // Only where it keeps the timeline contiguous; otherwise the event brings it.
  const tl = next.timelines[msg.chat_id];
  const cursor = next.cursors[msg.chat_id] ?? 0;
  if (tl && msg.seq <= cursor + 1) next = upsertMessages(next, msg.chat_id, [msg]);
  return next;
}

// --- helpers -------------------------------------------------------------------------

/** Union by id, ordered by sequence; for a message in both, the one already held wins. */
export function mergeMessages(held: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return held;
  const byId = new Map<string, Message>();
  for (const m of incoming) byId.set(m.id, m);
  for (const m of held) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

function upsertMessages(state: ChatsState, chatId: string, msgs: Message[]): ChatsState {
  const tl = state.timelines[chatId];
  if (!tl) return state;
  if (tl.hasMoreAfter) {
    // Not contiguous with what is shown: keep them for when the range reaches the end.
    const tail = mergeMessages(tl.tail ?? [], msgs);
    return tail === tl.tail ? state : setTimeline(state, chatId, { ...tl, tail });
  }
  const known = new Set(tl.messages.map((m) => m.id));
  const fresh = msgs.filter((m) => !known.has(m.id));
  if (fresh.length === 0) return state;
  return setTimeline(state, chatId, { ...tl, messages: mergeMessages(tl.messages, fresh) });
}

function mapMessage(
  state: ChatsState,
  chatId: string,
  id: string,
  fn: (m: Message) => Message,
): ChatsState {
  const tl = state.timelines[chatId];
  if (!tl) return state;
  const i = tl.messages.findIndex((m) => m.id === id);
  if (i < 0) {
    const j = tl.tail?.findIndex((m) => m.id === id) ?? -1;
    if (j < 0 || !tl.tail) return state;
    const tail = tl.tail.slice();
    tail[j] = fn(tail[j] as Message);
    return setTimeline(state, chatId, { ...tl, tail });
  }
  const messages = tl.messages.slice();
  messages[i] = fn(messages[i] as Message);
  return setTimeline(state, chatId, { ...tl, messages });
}

function setTimeline(state: ChatsState, chatId: string, tl: Timeline): ChatsState {
  return { ...state, timelines: { ...state.timelines, [chatId]: tl } };
}

function dropTimeline(state: ChatsState, chatId: string): ChatsState {
  if (!state.timelines[chatId]) return state;
  const timelines = { ...state.timelines };
  delete timelines[chatId];
  return { ...state, timelines };
}

function patchChat(state: ChatsState, chatId: string, fn: (c: Chat) => Chat): ChatsState {
  const chat = state.chats[chatId];
  if (!chat) return state;
  const next = fn(chat);
  if (next === chat) return state;
  return { ...state, chats: { ...state.chats, [chatId]: next } };
}

function removePending(state: ChatsState, clientId: string): ChatsState {
  if (!state.pending.some((p) => p.client_id === clientId)) return state;
  return { ...state, pending: state.pending.filter((p) => p.client_id !== clientId) };
}

function clearTypist(state: ChatsState, chatId: string, account: string | null): ChatsState {
  const chatTyping = state.typing[chatId];
  if (!account || !chatTyping || !chatTyping[account]) return state;
  const rest = { ...chatTyping };
  delete rest[account];
  return { ...state, typing: { ...state.typing, [chatId]: rest } };
}

function expireTyping(state: ChatsState, now: number): ChatsState {
  let changed = false;
  const typing: ChatsState["typing"] = {};
  for (const [chatId, people] of Object.entries(state.typing)) {
    const live: Record<string, { name: string; until: number }> = {};
    for (const [account, t] of Object.entries(people)) {
      if (t.until > now) live[account] = t;
      else changed = true;
    }
    if (Object.keys(live).length) typing[chatId] = live;
    else if (Object.keys(people).length) changed = true;
  }
  return changed ? { ...state, typing } : state;
}

function removeChat(state: ChatsState, chatId: string): ChatsState {
  if (!state.chats[chatId] && state.cursors[chatId] === undefined) return state;
  const chats = { ...state.chats };
  const cursors = { ...state.cursors };
  const timelines = { ...state.timelines };
  const typing = { ...state.typing };
  const readBy = { ...state.readBy };
  delete chats[chatId];
  delete cursors[chatId];
  delete timelines[chatId];
  delete typing[chatId];
  delete readBy[chatId];
  return {
    ...state,
    chats,
    cursors,
    timelines,
    typing,
    readBy,
    pending: state.pending.filter((p) => p.chat_id !== chatId),
  };
}

// --- selectors -----------------------------------------------------------------------

/** Chats of one organisation: pinned first, then by last activity. */
export function chatList(state: ChatsState, orgId: string | null): Chat[] {
  return Object.values(state.chats)
    .filter((c) => orgId === null || c.org_id === orgId)
    .sort((a, b) => {
      if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
      const ta = a.last_message_at ?? "";
      const tb = b.last_message_at ?? "";
      if (ta !== tb) return ta < tb ? 1 : -1;
      return a.title.localeCompare(b.title);
    });
}

/** Unread messages in chats that are not muted (the tab title's number). */
export function totalUnread(state: ChatsState): number {
  let n = 0;
  for (const c of Object.values(state.chats)) if (!c.muted) n += c.unread;
  return n;
}

/** The cursors as /sync wants them: `CHAT:SEQ,...`. */
export function cursorParam(state: ChatsState): string {
  return Object.entries(state.cursors)
    .map(([id, seq]) => `${id}:${seq}`)
    .join(",");
}
