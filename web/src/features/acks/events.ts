// Acknowledgement events applied to a message (pure; the chat reducer calls these).
//
// "ack.updated" is private and unnumbered: the author's devices get the counts
// {confirmed, total}, the confirmer's own devices {confirmed_by_me: true}. Setting the same
// values twice changes nothing, so a repeated event is harmless. Permission slips add
// {yes, no} for the author and {my_answer, my_comment, answered_by} for the family's parents
// (one answer per family: any parent's latest answer is the family's).
import type { Schemas } from "../../api/client";
import type { Message, RealtimeEvent } from "../chats/types";

export type Ack = Schemas["AckOut"];

export interface MessagePatch {
  chatId: string;
  messageId: string;
  apply(m: Message): Message;
}

/** What an "ack.updated" changes, or null for other events (and malformed ones). */
export function ackPatch(event: RealtimeEvent): MessagePatch | null {
  if (event.type !== "ack.updated") return null;
  const d = event.data;
  const chatId = event.chat_id ?? d.chat_id;
  const messageId = d.message_id;
  if (typeof chatId !== "string" || !chatId || typeof messageId !== "string") return null;
  const patch: Partial<Ack> = {};
  if (typeof d.confirmed === "number") patch.confirmed = d.confirmed;
  if (typeof d.total === "number") patch.total = d.total;
  if (d.confirmed_by_me === true) patch.confirmed_by_me = true;
  if (typeof d.yes === "number") patch.yes = d.yes;
  if (typeof d.no === "number") patch.no = d.no;
  if (d.my_answer === "yes" || d.my_answer === "no") {
    patch.my_answer = d.my_answer;
    patch.my_comment = typeof d.my_comment === "string" ? d.my_comment : "";
    patch.answered_by = typeof d.answered_by === "string" ? d.answered_by : null;
  }
  if (Object.keys(patch).length === 0) return null;
  return {
    chatId,
    messageId,
    apply: (m) => {
      const ack: Ack = m.ack ?? { by_family: false };
      const same = (Object.keys(patch) as (keyof Ack)[]).every((k) => ack[k] === patch[k]);
      return same && m.ack ? m : { ...m, ack: { ...ack, ...patch } };
    },
  };
}

/** An edit event carries the editor's view of the acknowledgement: keep ours. */
export function keepAck(old: Message, incoming: Message): Partial<Message> {
  return old.ack ? { ack: old.ack } : incoming.ack ? { ack: incoming.ack } : {};
}
