// The in-app prompt that asks for browser notifications (only when the person clicks),
// and the hook that shows them for incoming messages.
import { useEffect, useRef, useState } from "react";
import { navigate } from "../../app/router";
import { useT } from "../../i18n";
import type { Runtime } from "../../realtime/runtime";
import { chatTitle } from "./ChatList";
import { dismissAsking, notificationText, notificationsSupported, notifyKind, shouldAsk } from "./notifications";
import type { Message } from "./types";

export function NotifyPrompt() {
  const t = useT();
  const [ask, setAsk] = useState(shouldAsk);
  const [result, setResult] = useState<"granted" | "denied" | null>(null);
  if (result === "denied") {
    return (
      <p className="notify-prompt" role="status">
        {t("notify.denied")}
      </p>
    );
  }
  if (result === "granted") {
    return (
      <p className="notify-prompt" role="status">
        {t("notify.enabled")}
      </p>
    );
  }
  if (!ask) return null;
  return (
    <div className="notify-prompt">
      <p>{t("notify.prompt")}</p>
      <div className="notify-actions">
        <button
          type="button"
          className="small primary"
          onClick={() => {
            void Notification.requestPermission().then((p) => {
              setAsk(false);
              setResult(p === "granted" ? "granted" : p === "denied" ? "denied" : null);
            });
          }}
        >
          {t("notify.enable")}
        </button>
        <button
          type="button"
          className="small ghost"
          onClick={() => {
            dismissAsking();
            setAsk(false);
          }}
        >
          {t("notify.later")}
        </button>
      </div>
    </div>
  );
}

export function useBrowserNotifications(runtime: Runtime, openChatId: string | null): void {
  const t = useT();
  const open = useRef(openChatId);
  open.current = openChatId;
  useEffect(
    () =>
      runtime.onIncoming((event) => {
        if (!notificationsSupported() || Notification.permission !== "granted") return;
        const m = event.data as unknown as Message;
        const state = runtime.store.getState();
        const kind = notifyKind(state, m, document.visibilityState === "hidden", open.current);
        const chat = state.chats[m.chat_id];
        if (!kind || !chat) return;
        const chatName = chatTitle(chat, t);
        const title =
          kind === "mention" ? t("notify.mention", { name: m.author_name ?? "", chat: chatName }) : chatName;
        const body = kind === "mention" ? notificationText(m.body) : `${m.author_name ?? ""}: ${notificationText(m.body)}`;
        try {
          const n = new Notification(title, { body, tag: m.chat_id, icon: "/icon-192.png" });
          n.onclick = () => {
            window.focus();
            navigate(`/chats/${m.chat_id}?msg=${m.id}`);
            n.close();
          };
        } catch {
          // Some browsers allow notifications only from a service worker: skip quietly.
        }
      }),
    [runtime, t],
  );
}
