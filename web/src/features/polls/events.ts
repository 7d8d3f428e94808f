// Poll events applied to a message (pure; the chat reducer calls these).
//
// - "poll.updated" (numbered, everyone in the chat): the neutral view — counts, and voters'
//   names for public polls. It never says what *I* chose, so my marks and a quiz answer
//   already revealed to me are kept from what this device knew.
// - "poll.mine" (private, my devices): my choice, without counts. This device's own vote
//   answer is applied the same way and may carry the poll as I see it (`poll`), for the
//   quiz's correct answer.
// - "poll.view" (local only, never from the server): the poll as the server answered this
//   device's own close or new option, applied whole.
// Both are idempotent: applying one twice, or the two in either order, gives the same state.
import type { Schemas } from "../../api/client";
import type { Message, RealtimeEvent } from "../chats/types";

export type Poll = Schemas["PollOut"];
export type PollOption = Schemas["PollOptionOut"];

/** A change to one message of one chat, for the chat reducer to apply. */
export interface MessagePatch {
  chatId: string;
  messageId: string;
  apply(m: Message): Message;
}

/** The neutral poll of an event over what this viewer held: counts and names from the
 * event; my marks and revealed quiz answers from before. */
export function mergeNeutral(held: Poll | null | undefined, neutral: Poll): Poll {
  if (!held) return neutral;
  const old = new Map(held.options.map((o) => [o.id, o]));
  return {
    ...neutral,
    options: neutral.options.map((o) => {
      const h = old.get(o.id);
      return { ...o, mine: h?.mine ?? false, correct: o.correct ?? h?.correct ?? null };
    }),
  };
}

/** My choice set on the poll (counts untouched: they come with "poll.updated"). */
export function withMine(poll: Poll, optionIds: readonly string[], seen?: Poll | null): Poll {
  const chosen = new Set(optionIds);
  const revealed = new Map((seen?.options ?? []).map((o) => [o.id, o.correct]));
  return {
    ...poll,
    options: poll.options.map((o) => ({
      ...o,
      mine: chosen.has(o.id),
      correct: o.correct ?? revealed.get(o.id) ?? null,
    })),
  };
}

function chatOf(event: RealtimeEvent): string | null {
  const id = event.chat_id ?? event.data.chat_id;
  return typeof id === "string" && id ? id : null;
}

/** What a poll event changes, or null for other events (and malformed ones). */
export function pollPatch(event: RealtimeEvent): MessagePatch | null {
  if (event.type !== "poll.updated" && event.type !== "poll.mine" && event.type !== "poll.view") return null;
  const chatId = chatOf(event);
  const messageId = event.data.message_id;
  if (!chatId || typeof messageId !== "string") return null;
  if (event.type === "poll.updated") {
    const neutral = event.data.poll as Poll | undefined;
    if (!neutral || !Array.isArray(neutral.options)) return null;
    return { chatId, messageId, apply: (m) => ({ ...m, poll: mergeNeutral(m.poll, neutral) }) };
  }
  if (event.type === "poll.view") {
    const view = event.data.poll as Poll | undefined;
    if (!view || !Array.isArray(view.options)) return null;
    return { chatId, messageId, apply: (m) => ({ ...m, poll: view }) };
  }
  const ids = event.data.option_ids;
  if (!Array.isArray(ids)) return null;
  const seen = (event.data.poll as Poll | undefined) ?? null;
  return {
    chatId,
    messageId,
    apply: (m) => (m.poll ? { ...m, poll: withMine(m.poll, ids.map(String), seen) } : m),
  };
}

/** An edit event carries the editor's view of the poll: keep ours. */
export function keepPoll(old: Message, incoming: Message): Partial<Message> {
  return old.poll ? { poll: old.poll } : incoming.poll ? { poll: incoming.poll } : {};
}
