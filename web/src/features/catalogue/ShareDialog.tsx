// Share a verified item into one of my chats (a message with its card and, for a file, the
// file attached). One client id per dialog makes a retried click safe.
import { useMemo, useState } from "react";
import { useRuntime } from "../../app/AppShell";
import { Link } from "../../app/router";
import { Alert, Field, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useStore } from "../../lib/store";
import { chatTitle } from "../chats/ChatList";
import { mayPostIn } from "../chats/ForwardDialog";
import { fold } from "../chats/mentions";
import { chatList } from "../chats/reducer";
import type { Chat } from "../chats/types";
import { Modal } from "../materials/kit";
import { share, type Item } from "./api";

function newClientId(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function ShareDialog({ orgId, item, onClose }: { orgId: string; item: Item; onClose(): void }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const state = useStore(runtime.store, (s) => s);
  const [q, setQ] = useState("");
  const [chosen, setChosen] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Chat | null>(null);
  const [clientId] = useState(newClientId);

  const chats = useMemo(() => {
    const f = fold(q);
    return chatList(state, orgId).filter((c) => mayPostIn(c) && (!f || fold(chatTitle(c, t)).includes(f)));
  }, [state, orgId, q, t]);
  const target = chosen ? state.chats[chosen] ?? null : null;

  const send = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      await share(orgId, item.id, target.id, clientId, comment.trim());
      setDone(target);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <Modal title={t("cat.shareTitle", { title: item.title })} onClose={onClose} wide>
      {done ? (
        <div className="stack">
          <Alert kind="ok">{t("cat.shared", { chat: chatTitle(done, t) })}</Alert>
          <div className="dialog-actions">
            <Link href={`/chats/${done.id}`} className="button primary" onClick={onClose}>
              {t("cat.openChat")}
            </Link>
            <button type="button" onClick={onClose} autoFocus>
              {t("common.close")}
            </button>
          </div>
        </div>
      ) : (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <Field label={t("cat.findChat")} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoFocus />
          {chats.length === 0 ? (
            <p className="muted">{t("cat.noChats")}</p>
          ) : (
            <fieldset className="cat-chats">
              <legend>{t("cat.chooseChat")}</legend>
              <ul>
                {chats.map((c) => (
                  <li key={c.id}>
                    <label className="check">
                      <input
                        type="radio"
                        name="cat-share-chat"
                        value={c.id}
                        checked={chosen === c.id}
                        onChange={() => setChosen(c.id)}
                      />
                      <span>
                        {chatTitle(c, t)} <span className="muted">· {t(`kind.${c.kind}` as Key)}</span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          <div className="field">
            <label htmlFor="cat-share-comment">{t("cat.comment")}</label>
            <textarea
              id="cat-share-comment"
              rows={3}
              maxLength={1000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              aria-describedby="cat-share-comment-hint"
            />
            <p className="hint" id="cat-share-comment-hint">
              {t("cat.commentHint")}
            </p>
          </div>
          <Alert>{error ? errorText(t, error) : null}</Alert>
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="primary" disabled={busy || !target}>
              {busy ? t("cat.sharing") : t("cat.shareSubmit")}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
