// Builders for reducer and engine tests (shapes exactly as the server sends them).
import type { Chat, Message, RealtimeEvent } from "./types";

export const ME = "01ME00000000000000000000ME";
export const ANNA = "01ANNA000000000000000000AN";
export const BORIS = "01BORIS00000000000000000BO";

export function chat(id: string, over: Partial<Chat> = {}): Chat {
  return {
    id,
    org_id: "org1",
    kind: "class",
    title: `Chat ${id}`,
    description: "",
    class_id: null,
    settings: {},
    seq: 0,
    archived: false,
    member_count: 3,
    peer: null,
    my_role: "member",
    last_read_seq: 0,
    unread: 0,
    mentions: 0,
    muted: false,
    pinned: false,
    draft: "",
    join_requests: 0,
    last_message: null,
    last_message_at: null,
    ...over,
  };
}

export function message(chatId: string, seq: number, author: string, over: Partial<Message> = {}): Message {
  const body = over.body ?? `message ${seq}`;
  return {
    id: `m${chatId}-${seq}`,
    chat_id: chatId,
    seq,
    author_id: author,
    author_name: author === ME ? "Me" : author === ANNA ? "Anna" : "Boris",
    author_verified: false,
    client_id: `c${seq}`,
    kind: "text",
    body,
    html: `<p>${body}</p>`,
    reply_to: null,
    forwarded_from: null,
    mentions: [],
    mentions_all: false,
    reactions: [],
    edited_at: null,
    deleted: false,
    pinned: false,
    created_at: new Date(Date.UTC(2026, 8, 1, 8, 0, seq)).toISOString(),
    attachments: [],
    ...over,
  };
}

export function ev(
  type: string,
  chatId: string,
  seq: number | null,
  data: Record<string, unknown>,
): RealtimeEvent {
  return seq === null ? { type, chat_id: chatId, data } : { type, chat_id: chatId, seq, data };
}

export const newMsg = (m: Message): RealtimeEvent =>
  ev("message.new", m.chat_id, m.seq, m as unknown as Record<string, unknown>);
