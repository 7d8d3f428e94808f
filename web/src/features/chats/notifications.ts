// Browser notifications: asked for only from a clear in-app prompt (never on load), then
// shown for new messages in unmuted chats while the tab is hidden, and for mentions of me
// (even in muted chats). The decision is a pure function, tested without a browser.
import type { ChatsState, Message } from "./types";

export type NotifyKind = "message" | "mention" | null;

export function notifyKind(state: ChatsState, m: Message, hidden: boolean, openChatId: string | null): NotifyKind {
  const me = state.me;
  if (!me || m.author_id === me || m.deleted) return null;
  const chat = state.chats[m.chat_id];
  if (!chat) return null;
  const mentioned = m.mentions.includes(me) || (m.mentions_all && chat.kind !== "channel");
  // Visible and reading this very chat: nothing to tell.
  if (!hidden && openChatId === m.chat_id) return null;
  if (mentioned && (hidden || openChatId !== m.chat_id)) return hidden ? "mention" : null;
  if (!hidden || chat.muted) return null;
  return "message";
}

const DISMISSED = "parta.notify.dismissed";

export function notificationsSupported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

/** Show the prompt: supported, not decided in the browser, and not put off here. */
export function shouldAsk(): boolean {
  if (!notificationsSupported() || Notification.permission !== "default") return false;
  try {
    return localStorage.getItem(DISMISSED) !== "1";
  } catch {
    return true;
  }
}

export function dismissAsking(): void {
  try {
    localStorage.setItem(DISMISSED, "1");
  } catch {
    // no storage: asked again next time
  }
}

/** Plain text of a message for a notification: mentions as "@…", one line, short. */
export function notificationText(body: string, limit = 140): string {
  const text = body.replace(/<@[0-9A-Z]{26}>/g, "@…").replace(/\s+/g, " ").trim();
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
