// One message: author, time, reply quote, body, reactions and its actions.
import { useRef, useState, type KeyboardEvent } from "react";
import { codeText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { timeLabel } from "./format";
import type { Message, PendingMessage } from "./types";

export const REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏", "👏", "🔥", "✅", "❓"] as const;

interface Props {
  m: Message;
  mine: boolean;
  canDelete: boolean;
  reactionsOn: boolean;
  active: boolean;
  onFocusItem(id: string): void;
  onReply(m: Message): void;
  onEdit(m: Message): void;
  onDelete(m: Message): void;
  onReact(m: Message, emoji: string): void;
}

export function MessageItem({ m, mine, canDelete, reactionsOn, active, onFocusItem, onReply, onEdit, onDelete, onReact }: Props) {
  const { t, lang } = useI18n();
  const [picker, setPicker] = useState(false);
  const pickerButton = useRef<HTMLButtonElement>(null);
  const name = mine ? t("chat.you") : m.author_name ?? "";

  const closePicker = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      setPicker(false);
      pickerButton.current?.focus();
    }
  };

  return (
    <article
      className={`msg${mine ? " mine" : ""}${m.deleted ? " deleted" : ""}`}
      tabIndex={active ? 0 : -1}
      data-msg-id={m.id}
      data-seq={m.seq}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onFocusItem(m.id);
      }}
    >
      <header className="msg-head">
        <span className="msg-author">{name}</span>
        {m.author_verified && (
          <span className="verified" title={t("chat.verified")}>
            <span aria-hidden="true">✓</span>
            <span className="sr-only">{t("chat.verified")}</span>
          </span>
        )}
        <time className="msg-time" dateTime={m.created_at}>
          {timeLabel(m.created_at, lang)}
        </time>
        {m.pinned && <span className="msg-pinned">{t("chat.pinnedMark")}</span>}
      </header>
      {m.forwarded_from && <p className="msg-forwarded">{t("chat.forwarded", { name: m.forwarded_from })}</p>}
      {m.reply_to && (
        <blockquote className="msg-quote">
          <span className="msg-quote-author">{m.reply_to.author_name}</span>
          <span className="msg-quote-text">{m.reply_to.deleted ? t("chat.deleted") : m.reply_to.text}</span>
        </blockquote>
      )}
      {m.deleted ? (
        <p className="msg-body msg-deleted">{t("chat.deleted")}</p>
      ) : (
        // Rendered and sanitised by the server (markdown-it + nh3).
        <div className="msg-body" dangerouslySetInnerHTML={{ __html: m.html }} />
      )}
      {m.edited_at && !m.deleted && <span className="msg-edited">{t("chat.edited")}</span>}
      {m.reactions.length > 0 && (
        <div className="reactions">
          {m.reactions.map((r) => (
            <button
              key={r.emoji}
              type="button"
              className="reaction"
              aria-pressed={r.mine}
              disabled={!reactionsOn}
              aria-label={
                t("chat.reaction", { emoji: r.emoji, count: r.count }) + (r.mine ? `, ${t("chat.reactionMine")}` : "")
              }
              onClick={() => onReact(m, r.emoji)}
            >
              <span aria-hidden="true">
                {r.emoji} {r.count}
              </span>
            </button>
          ))}
        </div>
      )}
      {!m.deleted && (
        <div className="msg-actions" role="group" aria-label={t("chat.actions")}>
          <button type="button" className="small" onClick={() => onReply(m)}>
            {t("chat.reply")}
          </button>
          {reactionsOn && (
            <button
              ref={pickerButton}
              type="button"
              className="small"
              aria-expanded={picker}
              onClick={() => setPicker((v) => !v)}
            >
              {t("chat.react")}
            </button>
          )}
          {mine && (
            <button type="button" className="small" onClick={() => onEdit(m)}>
              {t("chat.edit")}
            </button>
          )}
          {canDelete && (
            <button type="button" className="small danger" onClick={() => onDelete(m)}>
              {t("chat.delete")}
            </button>
          )}
        </div>
      )}
      {picker && (
        <div className="picker" role="group" aria-label={t("chat.react")} onKeyDown={closePicker}>
          {REACTIONS.map((emoji, i) => (
            <button
              key={emoji}
              type="button"
              className="emoji"
              autoFocus={i === 0}
              aria-label={t("chat.reactWith", { emoji })}
              onClick={() => {
                setPicker(false);
                onReact(m, emoji);
                pickerButton.current?.focus();
              }}
            >
              <span aria-hidden="true">{emoji}</span>
            </button>
          ))}
        </div>
      )}
    </article>
  );
}

export function PendingItem({ p, onRetry, onDiscard }: { p: PendingMessage; onRetry(): void; onDiscard(): void }) {
  const { t } = useI18n();
  const status = p.status === "failed" ? t("chat.failed") : p.status === "sending" ? t("chat.sending") : t("chat.queued");
  return (
    <article className={`msg mine pending ${p.status}`} data-client-id={p.client_id}>
      <header className="msg-head">
        <span className="msg-author">{t("chat.you")}</span>
        <span className="msg-status">{status}</span>
      </header>
      {p.reply_to && (
        <blockquote className="msg-quote">
          <span className="msg-quote-author">{p.reply_to.author_name}</span>
          <span className="msg-quote-text">{p.reply_to.text}</span>
        </blockquote>
      )}
      <p className="msg-body plain">{p.body}</p>
      {p.status === "failed" && (
        <div className="msg-actions visible">
          {p.error && <span className="field-error">{codeText(t, p.error)}</span>}
          <button type="button" className="small" onClick={onRetry}>
            {t("common.retry")}
          </button>
          <button type="button" className="small danger" onClick={onDiscard}>
            {t("chat.discard")}
          </button>
        </div>
      )}
    </article>
  );
}
