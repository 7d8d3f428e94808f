// In-app notices about events, wherever the person is in the app: a reminder is due, a place
// opened up from the waiting list, an event I was invited to was cancelled. Each stays until
// opened or dismissed; a browser notification too while the tab is hidden (if allowed).
// Kept small: it loads with the app shell, the calendar's pages load on demand.
import { useEffect, useState } from "react";
import { useRuntime } from "../../app/AppShell";
import { Link, navigate } from "../../app/router";
import { useT, type Key } from "../../i18n";
import { notificationsSupported } from "../chats/notifications";

interface Notice {
  key: string;
  eventId: string;
  text: string;
}

const KIND: Record<string, Key> = {
  "event.reminder": "cal.notice.reminder",
  "event.promoted": "cal.notice.promoted",
  "event.updated": "cal.notice.cancelled",
};

export function EventNotices({ myId }: { myId: string }) {
  const t = useT();
  const runtime = useRuntime();
  const [items, setItems] = useState<Notice[]>([]);

  useEffect(
    () =>
      runtime.onEvent((e) => {
        const key = KIND[e.type];
        const d = e.data;
        if (!key || typeof d.id !== "string") return;
        if (e.type === "event.updated") {
          // Only a cancellation is news here (the calendar shows the rest), and not to its author.
          const organiser = d.organiser as { account_id?: string } | undefined;
          if (d.status !== "cancelled" || organiser?.account_id === myId) return;
        }
        const n: Notice = { key: `${e.type}:${d.id}`, eventId: d.id, text: t(key, { title: String(d.title ?? "") }) };
        setItems((xs) => [...xs.filter((x) => x.key !== n.key), n].slice(-3));
        if (notificationsSupported() && Notification.permission === "granted" && document.visibilityState === "hidden") {
          try {
            const note = new Notification(n.text, { tag: n.key, icon: "/icon-192.png" });
            note.onclick = () => {
              window.focus();
              navigate(`/calendar/e/${n.eventId}`);
              note.close();
            };
          } catch {
            // Some browsers allow notifications only from a service worker: the notice stays.
          }
        }
      }),
    [runtime, t, myId],
  );

  const drop = (key: string) => setItems((xs) => xs.filter((x) => x.key !== key));
  return (
    <section className="cal-notices" aria-label={t("cal.notice.region")} aria-live="polite">
      {items.map((n) => (
        <div key={n.key} className="cal-notice">
          <p>
            <span aria-hidden="true">📅 </span>
            <strong>{n.text}</strong>
          </p>
          <div className="cal-notice-actions">
            <Link href={`/calendar/e/${n.eventId}`} className="button small primary" onClick={() => drop(n.key)}>
              {t("cal.notice.open")}
            </Link>
            <button type="button" className="small ghost" onClick={() => drop(n.key)}>
              {t("cal.notice.dismiss")}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
