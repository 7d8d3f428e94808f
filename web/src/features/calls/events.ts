// Call events applied to state (pure; the chat reducer and the call manager call these).
//
// - "call.ended" (numbered, the chat log): the call message in the history gets its outcome.
// - "call.updated" (not numbered): participants changed; the running call's message follows.
// - "call.ring" (private): a direct call rings for me.
// The running calls per chat (for the "join" bar) come from the same events.
import type { ChatsState, Message, RealtimeEvent } from "../chats/types";
import type { CallOut } from "./types";

function callOf(event: RealtimeEvent): CallOut | null {
  const call = event.data.call as CallOut | undefined;
  return call && typeof call.id === "string" && Array.isArray(call.participants) ? call : null;
}

/** The call messages of the event's chat get the event's call (null: not a call event). */
export function applyCallEvent(state: ChatsState, event: RealtimeEvent): ChatsState | null {
  if (event.type !== "call.ended" && event.type !== "call.updated") return null;
  const call = callOf(event);
  const chatId = event.chat_id ?? call?.chat_id;
  if (!call || !chatId) return null;
  const tl = state.timelines[chatId];
  if (!tl) return state;
  const messageId = typeof event.data.message_id === "string" ? event.data.message_id : null;
  const hit = (m: Message) => m.id === messageId || m.call?.id === call.id;
  const patch = (list: Message[]) => {
    if (!list.some(hit)) return list;
    return list.map((m) => (hit(m) ? { ...m, call: mergeEnded(m.call, call) } : m));
  };
  const messages = patch(tl.messages);
  const tail = tl.tail ? patch(tl.tail) : tl.tail;
  if (messages === tl.messages && tail === tl.tail) return state;
  return { ...state, timelines: { ...state.timelines, [chatId]: { ...tl, messages, tail } } };
}

/** A late "updated" must not bring an ended call back to life. */
function mergeEnded(held: CallOut | null | undefined, incoming: CallOut): CallOut {
  if (held?.ended_at && !incoming.ended_at) return held;
  return incoming;
}

/** Running calls by chat: what the chat header's "join" bar shows. */
export type Running = Record<string, CallOut>;

export function runningAfter(running: Running, event: RealtimeEvent): Running {
  if (event.type !== "call.updated" && event.type !== "call.ended" && event.type !== "call.ring") return running;
  const call = callOf(event);
  if (!call) return running;
  const held = running[call.chat_id];
  if (call.ended_at || event.type === "call.ended") {
    if (!held || held.id !== call.id) return running;
    const next = { ...running };
    delete next[call.chat_id];
    return next;
  }
  return { ...running, [call.chat_id]: call };
}

export function minutesOf(call: CallOut): number {
  if (!call.ended_at) return 0;
  const ms = Date.parse(call.ended_at) - Date.parse(call.started_at);
  return Math.max(0, Math.round(ms / 60000));
}

export type Outcome = "running" | "missed" | "declined" | "cancelled" | "done";

/** How the history shows a call: running (join), missed, declined, or done with a duration. */
export function outcome(call: CallOut): Outcome {
  if (!call.ended_at) return "running";
  if (call.end_reason === "missed") return "missed";
  if (call.end_reason === "declined") return "declined";
  if (call.end_reason === "cancelled") return "cancelled";
  return "done";
}

/** Who joined and who left between two versions of a call (for the live region). */
export function joinsAndLeaves(before: CallOut | null, after: CallOut): { joined: string[]; left: string[]; hands: string[] } {
  const old = new Map((before?.participants ?? []).map((p) => [p.account_id, p]));
  const joined: string[] = [];
  const left: string[] = [];
  const hands: string[] = [];
  for (const p of after.participants) {
    const was = old.get(p.account_id);
    if (p.state === "joined" && was?.state !== "joined") joined.push(p.name);
    if (was?.state === "joined" && p.state !== "joined") left.push(p.name);
    if (p.hand_raised && !was?.hand_raised) hands.push(p.name);
  }
  return { joined, left, hands };
}
