// Above the composer: quiet hours ("until 08:00"), the other person's working hours in a
// direct chat, my messages waiting for a moderator or rejected. It also keeps each open
// chat's safety state (am I a handler here?) for the hidden-message renderer, and turns a
// rejected held message's pending bubble into a failed one when the moderator decides.
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { useT } from "../../i18n";
import type { Chat } from "../chats/types";
import { daysLabel, isoWeekday, quietText } from "./format";
import "./safety.css";

export type ChatSafety = Schemas["ChatSafety"];

// Open chats' safety state, shared with HiddenMessage (one fetch per chat view).
const states = new Map<string, ChatSafety>();
const listeners = new Set<() => void>();
function publish(chatId: string, value: ChatSafety): void {
  states.set(chatId, value);
  for (const l of [...listeners]) l();
}
function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Whether I decide about the filter's messages in this chat (false until known). */
export function useHandler(chatId: string): boolean {
  return useSyncExternalStore(subscribe, () => states.get(chatId)?.handler ?? false);
}

export function ChatSafetyNotice({ chat }: { chat: Chat }) {
  const t = useT();
  const runtime = useRuntime();
  const [state, setState] = useState<ChatSafety | null>(null);

  const load = useCallback(() => {
    ok(
      api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/safety", {
        params: { path: { org_id: chat.org_id, chat_id: chat.id } },
      }),
    )
      .then((s) => {
        setState(s);
        publish(chat.id, s);
      })
      .catch(() => undefined); // the notice is a courtesy: the chat works without it
  }, [chat.org_id, chat.id]);

  useEffect(() => {
    setState(null);
    load();
    // Quiet hours start and end while the chat is open: look again now and then.
    const timer = setInterval(load, 5 * 60 * 1000);
    return () => clearInterval(timer);
  }, [load]);

  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (e.type === "safety.held" && e.chat_id === chat.id) {
          const clientId = typeof e.data.client_id === "string" ? e.data.client_id : "";
          if (e.data.status === "rejected" && clientId) {
            runtime.store.dispatch({
              type: "pending.status",
              clientId,
              status: "failed",
              error: "message_rejected",
            });
          }
          load();
        } else if (e.type === "chat.updated" && e.chat_id === chat.id) {
          load(); // the moderators may have changed the chat's quiet hours
        } else if (e.type === "message.new" && e.chat_id === chat.id) {
          const m = e.data as { client_id?: string | null; author_id?: string | null };
          if (state?.held.some((h) => h.client_id === m.client_id)) load(); // approved
        }
      }),
    [runtime, chat.id, load, state],
  );

  if (!state) return null;
  const lines: { key: string; text: string; kind?: string }[] = [];
  const quiet = quietText(t, state.quiet, isoWeekday(new Date()));
  if (quiet) lines.push({ key: "quiet", text: quiet, kind: "quiet" });
  const hours = state.working_hours;
  if (hours?.enabled) {
    const name = chat.peer?.name ?? chat.title;
    const text = t("safety.workingHours", {
      name,
      days: daysLabel(t, hours.days),
      start: hours.start,
      end: hours.end,
    });
    const now = hours.now_within ? t("safety.workingHoursNow") : t("safety.workingHoursLater");
    lines.push({ key: "hours", text: `${text} ${now}${hours.note ? ` (${hours.note})` : ""}` });
  }
  const waiting = state.held.filter((h) => h.status === "pending");
  if (waiting.length) lines.push({ key: "held", text: t("safety.myHeld", { count: waiting.length }) });
  for (const h of state.held.filter((x) => x.status === "rejected")) {
    const text = h.body.length > 60 ? `${h.body.slice(0, 60)}…` : h.body;
    lines.push({
      key: `rejected-${h.id}`,
      text: h.reason
        ? t("safety.myRejectedReason", { text, reason: h.reason })
        : t("safety.myRejected", { text }),
      kind: "rejected",
    });
  }
  if (!lines.length) return null;
  return (
    <div className="safety-notice" role="status" aria-live="polite">
      {lines.map((l) => (
        <p key={l.key} className={l.kind ? `safety-line ${l.kind}` : "safety-line"}>
          {l.text}
        </p>
      ))}
    </div>
  );
}
