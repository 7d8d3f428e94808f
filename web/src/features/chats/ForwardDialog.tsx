// Forward a message: choose one of my chats where I may write (POST …/forward).
import { useEffect, useMemo, useRef, useState } from "react";
import { useRuntime } from "../../app/AppShell";
import { Link } from "../../app/router";
import { Alert, Field, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useStore } from "../../lib/store";
import { chatTitle } from "./ChatList";
import { fold } from "./mentions";
import { chatList } from "./reducer";
import type { Chat, Message } from "./types";

export function mayPostIn(c: Chat): boolean {
  if (c.archived) return false;
  const moderator = c.my_role === "owner" || c.my_role === "moderator";
  if (c.kind === "channel") return moderator;
  return c.kind === "direct" || c.settings.who_may_post !== "moderators" || moderator;
}

export function ForwardDialog({ from, message, onClose }: { from: Chat; message: Message; onClose(): void }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const ref = useRef<HTMLDialogElement>(null);
  const state = useStore(runtime.store, (s) => s);
  const [q, setQ] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<Chat | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const targets = useMemo(() => {
    const f = fold(q);
    return chatList(state, from.org_id).filter((c) => mayPostIn(c) && (!f || fold(chatTitle(c, t)).includes(f)));
  }, [state, from.org_id, q, t]);

  const send = async (to: Chat) => {
    setBusy(to.id);
    setError(null);
    try {
      await runtime.forward(from.id, message.id, to.id);
      setDone(to);
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(null);
  };

  return (
    <dialog ref={ref} className="dialog wide-dialog" aria-labelledby="forward-title" onClose={onClose}>
      <h2 id="forward-title">{t("forward.title")}</h2>
      <blockquote className="msg-quote">
        <span className="msg-quote-author">{message.author_name}</span>
        <span className="msg-quote-text">{message.body.slice(0, 200)}</span>
      </blockquote>
      {done ? (
        <div className="stack">
          <Alert kind="ok">{t("forward.done", { chat: chatTitle(done, t) })}</Alert>
          <div className="dialog-actions">
            <Link href={`/chats/${done.id}`} className="button primary" onClick={onClose}>
              {t("forward.open")}
            </Link>
            <button type="button" onClick={onClose}>
              {t("common.close")}
            </button>
          </div>
        </div>
      ) : (
        <>
          <Field label={t("forward.search")} value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
          <Alert>{error}</Alert>
          {targets.length === 0 ? (
            <p className="muted">{t("forward.none")}</p>
          ) : (
            <ul className="pick-list" aria-label={t("forward.title")}>
              {targets.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className="pick"
                    disabled={busy !== null}
                    aria-label={t("forward.to", { chat: chatTitle(c, t) })}
                    onClick={() => void send(c)}
                  >
                    <span className="pick-title">{chatTitle(c, t)}</span>
                    <span className="pick-sub">{t(`kind.${c.kind}` as Key)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form method="dialog" className="dialog-actions">
            <button type="submit">{t("common.cancel")}</button>
          </form>
        </>
      )}
    </dialog>
  );
}
