// The pinned bar above the history: the pinned messages one at a time (newest first),
// a click shows the message in the history; "next" goes through them; moderators unpin.
import { useEffect, useState } from "react";
import { useRuntime } from "../../app/AppShell";
import { useT } from "../../i18n";
import type { Chat, Message } from "./types";

const REFRESH_ON = new Set(["pin", "message.edited", "message.deleted"]);

export function PinnedBar({ chat, moderator, onJump }: { chat: Chat; moderator: boolean; onJump(id: string): void }) {
  const t = useT();
  const runtime = useRuntime();
  const [pins, setPins] = useState<Message[]>([]);
  const [at, setAt] = useState(0);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    runtime
      .pins(chat.id)
      .then((list) => {
        if (!live) return;
        setPins(list);
        setAt((i) => (i < list.length ? i : 0));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [runtime, chat.id, version]);

  // A pin, or an edit or deletion of a pinned message: fetch the list again.
  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (e.chat_id !== chat.id || !REFRESH_ON.has(e.type)) return;
        if (e.type === "pin" || pins.some((p) => p.id === (e.data.id ?? e.data.message_id))) setVersion((v) => v + 1);
      }),
    [runtime, chat.id, pins],
  );

  const current = pins[at];
  if (!current) return null;
  const text = plainText(current.html).replace(/\s+/g, " ").trim();
  return (
    <section className="pinned-bar" aria-label={t("chat.pinnedBar")}>
      <button
        type="button"
        className="pinned-main"
        onClick={() => onJump(current.id)}
      >
        <span className="sr-only">{t("chat.pinnedShow")}: </span>
        <span className="pinned-label">
          <span aria-hidden="true">📌 </span>
          {pins.length > 1 ? t("chat.pinnedOf", { n: at + 1, total: pins.length }) : t("chat.pinnedBar")}
        </span>
        <span className="pinned-text">
          {current.author_name ? <strong>{current.author_name}: </strong> : null}
          {text}
        </span>
      </button>
      {pins.length > 1 && (
        <button type="button" className="small ghost" onClick={() => setAt((i) => (i + 1) % pins.length)}>
          {t("chat.pinnedNext")}
        </button>
      )}
      {moderator && (
        <button
          type="button"
          className="small ghost"
          onClick={() => void runtime.pin(chat.id, current.id, false).catch(() => undefined)}
        >
          {t("chat.unpin")}
        </button>
      )}
    </section>
  );
}

/** The text of the server's sanitised HTML (names for mentions, no Markdown marks). */
export function plainText(html: string): string {
  if (typeof DOMParser === "undefined") return html.replace(/<[^>]*>/g, "");
  return new DOMParser().parseFromString(html, "text/html").body.textContent ?? "";
}
