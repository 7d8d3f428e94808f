// Poll requests (typed client) and how their answers reach the chat store.
import { api, ok } from "../../api/client";
import type { Runtime } from "../../realtime/runtime";
import type { Chat, Message } from "../chats/types";
import type { Poll } from "./events";

export interface NewPoll {
  client_id: string;
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  quiz: boolean;
  correct_option: number | null;
  allow_add_options: boolean;
  deadline: string | null;
}

export async function createPoll(runtime: Runtime, chat: Chat, body: NewPoll): Promise<Message> {
  const message = await ok(
    api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/polls", {
      params: { path: { org_id: chat.org_id, chat_id: chat.id } },
      body,
    }),
  );
  // Shown at once; the message.new event that follows finds it in place.
  runtime.store.dispatch({ type: "sent", message });
  return message;
}

/** Apply the poll as I see it after my own change: my marks (and a revealed quiz answer)
 * as my other devices learn them from "poll.mine"; counts come with "poll.updated". */
function applyMine(runtime: Runtime, m: Message, poll: Poll): void {
  runtime.store.dispatch({
    type: "event",
    now: Date.now(),
    event: {
      type: "poll.mine",
      chat_id: m.chat_id,
      data: { message_id: m.id, poll_id: poll.id, option_ids: poll.options.filter((o) => o.mine).map((o) => o.id), poll },
    },
  });
}

/** This device's own close or new option: the poll as the server returned it, whole (the
 * "poll.updated" that follows carries the same counts). */
function applyView(runtime: Runtime, m: Message, poll: Poll): void {
  runtime.store.dispatch({
    type: "event",
    now: Date.now(),
    event: { type: "poll.view", chat_id: m.chat_id, data: { message_id: m.id, poll } },
  });
}

export async function vote(runtime: Runtime, orgId: string, m: Message, poll: Poll, optionIds: string[]): Promise<void> {
  const mine = await ok(
    api.PUT("/api/v1/orgs/{org_id}/polls/{poll_id}/vote", {
      params: { path: { org_id: orgId, poll_id: poll.id } },
      body: { option_ids: optionIds },
    }),
  );
  applyMine(runtime, m, mine);
}

export async function addOption(runtime: Runtime, orgId: string, m: Message, poll: Poll, text: string): Promise<void> {
  const view = await ok(
    api.POST("/api/v1/orgs/{org_id}/polls/{poll_id}/options", {
      params: { path: { org_id: orgId, poll_id: poll.id } },
      body: { text },
    }),
  );
  applyView(runtime, m, view);
}

export async function closePoll(runtime: Runtime, orgId: string, m: Message, poll: Poll): Promise<void> {
  const view = await ok(
    api.POST("/api/v1/orgs/{org_id}/polls/{poll_id}/close", {
      params: { path: { org_id: orgId, poll_id: poll.id } },
    }),
  );
  applyView(runtime, m, view);
}

/** The author's CSV export: a plain link (the session cookie authorises the download). */
export function resultsUrl(orgId: string, pollId: string): string {
  return `/api/v1/orgs/${encodeURIComponent(orgId)}/polls/${encodeURIComponent(pollId)}/results.csv`;
}
