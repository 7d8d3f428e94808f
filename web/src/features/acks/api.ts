// Acknowledgement requests (typed client) and how their answers reach the chat store.
import { api, ok, type Schemas } from "../../api/client";
import type { Runtime } from "../../realtime/runtime";
import type { Message } from "../chats/types";

export type AckReport = Schemas["AcksOut"];

function path(runtime: Runtime, m: Message) {
  const orgId = runtime.store.getState().chats[m.chat_id]?.org_id ?? "";
  return { org_id: orgId, chat_id: m.chat_id, message_id: m.id };
}

/** Confirm I have read it; my other devices learn it from "ack.updated", this one at once. */
export async function confirm(runtime: Runtime, m: Message): Promise<void> {
  await ok(api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/ack", { params: { path: path(runtime, m) } }));
  runtime.store.dispatch({
    type: "event",
    now: Date.now(),
    event: { type: "ack.updated", chat_id: m.chat_id, data: { message_id: m.id, chat_id: m.chat_id, confirmed_by_me: true } },
  });
}

/** Answer a permission slip (changeable until its deadline; a parent answers for the
 * family). The answer shows at once; the family's other devices learn it from "ack.updated". */
export async function answer(runtime: Runtime, m: Message, said: "yes" | "no", comment: string): Promise<void> {
  const view = await ok(
    api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/ack", {
      params: { path: path(runtime, m) },
      body: { answer: said, comment },
    }),
  );
  runtime.store.dispatch({
    type: "event",
    now: Date.now(),
    event: {
      type: "ack.updated",
      chat_id: m.chat_id,
      data: {
        message_id: m.id,
        chat_id: m.chat_id,
        confirmed_by_me: true,
        my_answer: view.my_answer ?? null,
        my_comment: view.my_comment ?? "",
        answered_by: view.answered_by ?? null,
      },
    },
  });
}

/** The report as CSV: a plain link (the session cookie authorises the download). */
export function csvUrl(runtime: Runtime, m: Message): string {
  const p = path(runtime, m);
  return `/api/v1/orgs/${encodeURIComponent(p.org_id)}/chats/${encodeURIComponent(p.chat_id)}/messages/${encodeURIComponent(p.message_id)}/acks.csv`;
}

/** Who has confirmed (the author and the chat's moderators). */
export function report(runtime: Runtime, m: Message): Promise<AckReport> {
  return ok(api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/acks", { params: { path: path(runtime, m) } }));
}

/** Remind those who have not confirmed (the author; 429 remind_too_soon within an hour). */
export async function remind(runtime: Runtime, m: Message): Promise<number> {
  const out = await ok(
    api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/acks/remind", { params: { path: path(runtime, m) } }),
  );
  return out.reminded;
}

/** Counts learnt from a report, for a message whose event carried none (the neutral view). */
export function applyCounts(runtime: Runtime, m: Message, r: AckReport): void {
  runtime.store.dispatch({
    type: "event",
    now: Date.now(),
    event: { type: "ack.updated", chat_id: m.chat_id, data: { message_id: m.id, chat_id: m.chat_id, confirmed: r.confirmed, total: r.total, yes: r.yes, no: r.no } },
  });
}
