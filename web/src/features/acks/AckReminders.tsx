// Reminders to confirm an important message ("ack.reminder", sent by its author): an in-app
// notice that stays until opened or dismissed, and a browser notification while the tab is
// hidden (when the person has allowed them — see chats/Notify.tsx).
import { useEffect, useState } from "react";
import { Link, navigate } from "../../app/router";
import { useRuntime } from "../../app/AppShell";
import { useT } from "../../i18n";
import { notificationText, notificationsSupported } from "../chats/notifications";
import "./acks.css";

interface Reminder {
  messageId: string;
  chatId: string;
  author: string;
  text: string;
}

export function AckReminders() {
  const t = useT();
  const runtime = useRuntime();
  const [items, setItems] = useState<Reminder[]>([]);

  useEffect(
    () =>
      runtime.onEvent((e) => {
        const d = e.data;
        if (e.type === "ack.updated" && d.confirmed_by_me === true) {
          setItems((xs) => xs.filter((x) => x.messageId !== d.message_id));
          return;
        }
        if (e.type !== "ack.reminder") return;
        const r: Reminder = {
          messageId: String(d.message_id ?? ""),
          chatId: String(e.chat_id ?? d.chat_id ?? ""),
          author: String(d.author_name ?? ""),
          text: notificationText(String(d.text ?? "")),
        };
        if (!r.messageId || !r.chatId) return;
        setItems((xs) => [...xs.filter((x) => x.messageId !== r.messageId), r]);
        if (notificationsSupported() && Notification.permission === "granted" && document.visibilityState === "hidden") {
          try {
            const n = new Notification(t("acks.reminder", { text: r.text }), {
              body: t("acks.reminderFrom", { name: r.author }),
              tag: `ack-${r.messageId}`,
              icon: "/icon-192.png",
            });
            n.onclick = () => {
              window.focus();
              navigate(`/chats/${r.chatId}?msg=${r.messageId}`);
              n.close();
            };
          } catch {
            // Some browsers allow notifications only from a service worker: the notice stays.
          }
        }
      }),
    [runtime, t],
  );

  const drop = (id: string) => setItems((xs) => xs.filter((x) => x.messageId !== id));

  return (
    <section className="ack-reminders" aria-label={t("acks.reminderTitle")} aria-live="polite">
      {items.map((r) => (
        <div key={r.messageId} className="ack-reminder">
          <p>
            <strong>{t("acks.reminder", { text: r.text })}</strong> <span className="muted">{t("acks.reminderFrom", { name: r.author })}</span>
          </p>
          <div className="ack-actions">
            <Link href={`/chats/${r.chatId}?msg=${r.messageId}`} className="button small primary" onClick={() => drop(r.messageId)}>
              {t("acks.open")}
            </Link>
            <button type="button" className="small ghost" onClick={() => drop(r.messageId)}>
              {t("acks.dismiss")}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
