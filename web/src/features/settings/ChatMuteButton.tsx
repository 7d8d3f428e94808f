// Per-chat notifications in the chat header: a button that mutes or unmutes the chat for me (PUT /orgs/{org}/chats/{chat}/me {muted}); synced to my other
// devices by the server's chat.me event.
import { useState } from "react";
import { api, ok } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { Chat } from "../chats/types";
import "../profile/profile.css";

export async function setChatMuted(orgId: string, chatId: string, muted: boolean): Promise<void> {
  await ok(
    api.PUT("/api/v1/orgs/{org_id}/chats/{chat_id}/me", {
      params: { path: { org_id: orgId, chat_id: chatId } },
      body: { muted },
    }),
  );
}

export function ChatMuteButton({ chat }: { chat: Chat }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const [error, setError] = useState<string | null>(null);
  const muted = chat.muted;
  const toggle = async () => {
    const next = !muted;
    setError(null);
    runtime.store.dispatch({ type: "chat.patch", chatId: chat.id, patch: { muted: next } });
    try {
      await setChatMuted(chat.org_id, chat.id, next);
    } catch (err) {
      runtime.store.dispatch({ type: "chat.patch", chatId: chat.id, patch: { muted: !next } });
      setError(`${t("chat.muteFailed")} ${errorText(t, err)}`);
    }
  };
  return (
    <>
      <button
        type="button"
        className={muted ? "ghost small chat-mute is-muted" : "ghost small chat-mute"}
        title={muted ? t("chat.mutedNote") : undefined}
        onClick={() => void toggle()}
      >
        <span aria-hidden="true">{muted ? "🔕" : "🔔"}</span>
        <span className="chat-mute-text">{muted ? t("chat.unmute") : t("chat.mute")}</span>
      </button>
      {error && (
        <span role="alert" className="sr-only">
          {error}
        </span>
      )}
    </>
  );
}
