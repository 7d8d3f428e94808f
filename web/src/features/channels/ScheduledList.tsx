// The channel's scheduled posts (moderators): when each goes out, its text and files, and
// edit (text and time), publish now, cancel. Failed ones say why. Follows `channel.scheduled`.
import { useEffect, useId, useState } from "react";
import { Alert, codeText, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { Chat } from "../chats/types";
import { whenLabel } from "../polls/PollCard";
import { cancelScheduled, listScheduled, publishScheduled, updateScheduled } from "./api";
import { fromLocalInput, toLocalInput, type PostStats, type Scheduled } from "./logic";

interface Props {
  chat: Chat;
  /** Bumped when the list may have changed (an event, a reconnect, a new scheduled post). */
  version: number;
  onPublished(stats: PostStats): void;
}

export function ScheduledList({ chat, version, onPublished }: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const [items, setItems] = useState<Scheduled[]>([]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; body: string; when: string } | null>(null);

  useEffect(() => {
    let live = true;
    listScheduled(chat)
      .then((list) => live && setItems(list))
      .catch((err: unknown) => live && setError(errorText(t, err)));
    return () => {
      live = false;
    };
  }, [chat, version, t]);

  if (items.length === 0) return null;

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      setItems(await listScheduled(chat));
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const save = () => {
    if (!editing) return;
    const at = fromLocalInput(editing.when);
    if (!at) {
      setError(t("channels.whenInvalid"));
      return;
    }
    void act(async () => {
      await updateScheduled(chat, editing.id, { body: editing.body, publish_at: at });
      setEditing(null);
    });
  };

  return (
    <section className="scheduled" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="scheduled-title">
        <button type="button" className="ghost small" aria-expanded={open} aria-controls={`${id}-list`} onClick={() => setOpen((v) => !v)}>
          <span aria-hidden="true">{open ? "▾ " : "▸ "}</span>
          {t("channels.scheduledTitle", { count: items.length })}
        </button>
      </h2>
      <Alert>{error}</Alert>
      {open && (
        <ul className="scheduled-list" id={`${id}-list`}>
          {items.map((s) => (
            <li key={s.id}>
              <article className={`scheduled-item${s.status === "failed" ? " failed" : ""}`} aria-labelledby={`${id}-${s.id}`}>
                <p className="scheduled-when" id={`${id}-${s.id}`}>
                  {s.status === "failed"
                    ? t("channels.scheduledFailed", { reason: codeText(t, s.error ?? "generic") })
                    : t("channels.scheduledAt", { when: whenLabel(s.publish_at, lang) })}
                  <span className="muted"> · {s.author_name}</span>
                </p>
                {editing?.id === s.id ? (
                  <div className="post-edit">
                    <label htmlFor={`${id}-${s.id}-body`}>{t("channels.postLabel")}</label>
                    <textarea
                      id={`${id}-${s.id}-body`}
                      rows={3}
                      maxLength={4000}
                      value={editing.body}
                      onChange={(e) => setEditing({ ...editing, body: e.target.value })}
                    />
                    <label className="channel-when">
                      <span>{t("channels.when")}</span>
                      <input
                        type="datetime-local"
                        value={editing.when}
                        onChange={(e) => setEditing({ ...editing, when: e.target.value })}
                      />
                    </label>
                    <div className="post-edit-actions">
                      <button type="button" className="primary small" onClick={save}>
                        {t("chat.saveEdit")}
                      </button>
                      <button type="button" className="small ghost" onClick={() => setEditing(null)}>
                        {t("chat.cancelEdit")}
                      </button>
                    </div>
                  </div>
                ) : (
                  <div className="msg-body" dangerouslySetInnerHTML={{ __html: s.html }} />
                )}
                {s.attachments.length > 0 && (
                  <p className="muted">
                    {t("channels.scheduledFiles")}: {s.attachments.join(", ")}
                  </p>
                )}
                {editing?.id !== s.id && (
                  <div className="post-edit-actions">
                    <button
                      type="button"
                      className="small ghost"
                      onClick={() => setEditing({ id: s.id, body: s.body, when: toLocalInput(s.publish_at) })}
                    >
                      {t("chat.edit")}
                    </button>
                    <button
                      type="button"
                      className="small secondary"
                      onClick={() => void act(async () => onPublished((await publishScheduled(chat, s.id)).stats))}
                    >
                      {t("channels.publishNow")}
                    </button>
                    <button
                      type="button"
                      className="small ghost danger"
                      onClick={() => {
                        if (window.confirm(t("channels.confirmCancel"))) void act(() => cancelScheduled(chat, s.id));
                      }}
                    >
                      {t("channels.cancelScheduled")}
                    </button>
                  </div>
                )}
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

