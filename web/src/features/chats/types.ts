import type { Schemas } from "../../api/client";

export type Chat = Schemas["ChatOut"];
export type Message = Schemas["MessageOut"];
export type MessagePreview = Schemas["MessagePreview"];
export type ReplyRef = Schemas["ReplyRef"];
export type HistoryPage = Schemas["HistoryPage"];
export type SyncResult = Schemas["SyncOut"];

/** A realtime event as the socket or /sync delivers it. */
export interface RealtimeEvent {
  type: string;
  chat_id?: string | null;
  seq?: number | null;
  data: Record<string, unknown>;
}

/** The messages of one chat that are in memory: one contiguous range of sequence numbers. */
export interface Timeline {
  messages: Message[];
  hasMoreBefore: boolean;
  /** The range ends before the newest message (opened around an older one, "jump to
   * message"). Live messages then wait in `tail` until the range reaches the end. */
  hasMoreAfter?: boolean;
  tail?: Message[];
  /** The newest page is being fetched; events are merged in meanwhile. */
  loading: boolean;
}

/** held: the school's word filter keeps it for a moderator (parta.safety); it becomes a
 * message when approved (same client id) or fails with `message_rejected`. */
export type PendingStatus = "queued" | "sending" | "failed" | "held";

/** A message written here and not yet confirmed by the server (the offline queue). */
export interface PendingMessage {
  client_id: string;
  chat_id: string;
  org_id: string;
  body: string;
  reply_to: ReplyRef | null;
  created_at: string;
  status: PendingStatus;
  error?: string;
  /** Important: recipients are asked to confirm it (acks). */
  ack_required?: boolean;
  /** A permission slip's yes/no question and deadline (acks; implies ack_required). */
  ack_question?: string;
  ack_deadline?: string | null;
  /** Finished uploads sent with it (files), and how they look while it is pending. */
  attachment_ids?: string[];
  attachments?: Schemas["AttachmentOut"][];
}

export interface Typist {
  name: string;
  until: number;
}

export interface ChatsState {
  me: string | null;
  /** The chat list has come from the server at least once. */
  synced: boolean;
  chats: Record<string, Chat>;
  /** Last sequence number applied per chat: everything in this state is current up to it. */
  cursors: Record<string, number>;
  timelines: Record<string, Timeline>;
  pending: PendingMessage[];
  typing: Record<string, Record<string, Typist>>;
  /** Other members' read positions seen live (chat → account → seq). */
  readBy: Record<string, Record<string, number>>;
}

export const emptyState = (me: string | null = null): ChatsState => ({
  me,
  synced: false,
  chats: {},
  cursors: {},
  timelines: {},
  pending: [],
  typing: {},
  readBy: {},
});
