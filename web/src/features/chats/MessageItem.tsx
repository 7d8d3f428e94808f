// One message: author, time, reply quote, body, reactions, read state and its actions.
import { memo, useRef, useState, type KeyboardEvent } from "react";
import { codeText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { timeLabel } from "./format";
import { Avatar } from "../profile/Avatar";
import type { Message, PendingMessage } from "./types";
import { PollCard } from "../polls/PollCard";
import { AckBar } from "../acks/AckBar";
import { MessageAttachments, PendingFiles } from "../files/MessageAttachments";
import { AssignmentCard } from "../homework/AssignmentCard";
import { CallMessage } from "../calls/CallMessage";
import { HiddenMessage } from "../safety/HiddenMessage";

export const REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏", "👏", "🔥", "✅", "❓"] as const;

export interface Receipts {
  read: number;
  total: number;
  readers: string[];
}

/** What a message can do; one stable object for the whole list (rows are memoised). */
export interface MessageActions {
  focusItem(id: string): void;
  reply(m: Message): void;
  edit(m: Message): void;
  remove(m: Message): void;
  react(m: Message, emoji: string): void;
  forward(m: Message): void;
  pin(m: Message, on: boolean): void;
  receipts(m: Message): Promise<Receipts>;
  /** Put the message's files into a materials library; offered when `maySaveToMaterials()`
   *  (staff who may add somewhere) says so as the menu opens. */
  saveToMaterials?(m: Message): void;
  maySaveToMaterials?(): boolean;
  /** Report the message to the chat's moderators and safeguarding staff (parta.moderation). */
  report?(m: Message): void;
  mayReport?(m: Message): boolean;
}

interface Props {
  m: Message;
  mine: boolean;
  canDelete: boolean;
  canPin: boolean;
  reactionsOn: boolean;
  active: boolean;
  highlight: boolean;
  /** My message in a direct chat: has the other person seen it? null elsewhere. */
  seen: boolean | null;
  /** My message in a group: "read by N of M" on demand. */
  receipts: boolean;
  actions: MessageActions;
  /** First of a run of messages from one (other) author: show their picture. */
  avatar?: boolean;
}

export const MessageItem = memo(function MessageItem({
  m,
  mine,
  canDelete,
  canPin,
  reactionsOn,
  active,
  highlight,
  seen,
  receipts,
  actions,
  avatar = false,
}: Props) {
  const { t, lang } = useI18n();
  const [picker, setPicker] = useState(false);
  const [more, setMore] = useState(false);
  const [readState, setReadState] = useState<Receipts | "loading" | "failed" | null>(null);
  const pickerButton = useRef<HTMLButtonElement>(null);
  const name = mine ? t("chat.you") : m.author_name ?? "";

  const closePicker = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      setPicker(false);
      pickerButton.current?.focus();
    }
  };

  const toggleReceipts = async () => {
    if (readState !== null) {
      setReadState(null);
      return;
    }
    setReadState("loading");
    try {
      setReadState(await actions.receipts(m));
    } catch {
      setReadState("failed");
    }
  };

  return (
    <article
      className={`msg${mine ? " mine" : ""}${m.deleted ? " deleted" : ""}${highlight ? " highlight" : ""}${m.ack && !m.deleted ? " important" : ""}`}
      tabIndex={active ? 0 : -1}
      data-msg-id={m.id}
      data-seq={m.seq}
      onFocus={(e) => {
        if (e.target === e.currentTarget) actions.focusItem(m.id);
      }}
    >
      <header className="msg-head">
        {avatar && <Avatar name={m.author_name ?? ""} url={m.author_avatar_url} size={28} />}
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
        {seen !== null && !m.deleted && (
          <span className={seen ? "msg-seen seen" : "msg-seen"}>
            <span aria-hidden="true">{seen ? "✓✓ " : "✓ "}</span>
            {seen ? t("chat.seenDirect") : t("chat.sent")}
          </span>
        )}
      </header>
      {m.ack && !m.deleted && <p className="ack-badge">{t(m.ack.question ? "slips.badge" : "acks.badge")}</p>}
      {m.forwarded_from && <p className="msg-forwarded">{t("chat.forwarded", { name: m.forwarded_from })}</p>}
      {m.reply_to && (
        <blockquote className="msg-quote">
          <span className="msg-quote-author">{m.reply_to.author_name}</span>
          <span className="msg-quote-text">{m.reply_to.deleted ? t("chat.deleted") : m.reply_to.text}</span>
        </blockquote>
      )}
      {!m.deleted && m.assignment && <AssignmentCard m={m} mine={mine} />}
      {m.deleted ? (
        <p className="msg-body msg-deleted">{t("chat.deleted")}</p>
      ) : m.poll ? (
        <PollCard m={m} poll={m.poll} mine={mine} canClose={canDelete} />
      ) : m.kind === "call" && m.call ? (
        <CallMessage call={m.call} />
      ) : m.kind === "hidden" ? (
        <HiddenMessage chatId={m.chat_id} messageId={m.id} mine={mine} />
      ) : (
        // Rendered and sanitised by the server (markdown-it + nh3); mentions are
        // <span class="mention" data-account-id> with the person's name.
        <div className="msg-body" dangerouslySetInnerHTML={{ __html: m.html }} />
      )}
      {!m.deleted && m.attachments?.length ? <MessageAttachments chatId={m.chat_id} attachments={m.attachments} /> : null}
      {m.edited_at && !m.deleted && <span className="msg-edited">{t("chat.edited")}</span>}
      {m.ack && !m.deleted && <AckBar m={m} ack={m.ack} mine={mine} canSee={canDelete} />}
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
              onClick={() => actions.react(m, r.emoji)}
            >
              <span aria-hidden="true">
                {r.emoji} {r.count}
              </span>
            </button>
          ))}
        </div>
      )}
      {readState !== null && (
        <div className="receipts" role="status">
          {readState === "loading" ? (
            t("common.loading")
          ) : readState === "failed" ? (
            t("error.generic")
          ) : (
            <>
              <strong>{t("chat.readBy", { read: readState.read, total: readState.total })}</strong>
              {readState.readers.length > 0 ? (
                <span className="receipts-names">{readState.readers.join(", ")}</span>
              ) : readState.read === 0 ? (
                <span className="receipts-names">{t("chat.nobodyRead")}</span>
              ) : (
                <span className="receipts-names">{t("chat.readersHidden")}</span>
              )}
            </>
          )}
        </div>
      )}
      {!m.deleted && (
        <div
          className="msg-actions"
          role="group"
          aria-label={t("chat.actions")}
          onKeyDown={(e) => {
            if (e.key === "Escape" && more) {
              e.stopPropagation();
              setMore(false);
            }
          }}
        >
          <button type="button" className="small" onClick={() => actions.reply(m)}>
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
          {mine && !m.poll && (
            <button type="button" className="small" onClick={() => actions.edit(m)}>
              {t("chat.edit")}
            </button>
          )}
          <button type="button" className="small" aria-expanded={more} onClick={() => setMore((v) => !v)}>
            {t("chat.more")}
          </button>
          {more && (
            <span className="msg-more">
              <button type="button" className="small" onClick={() => { setMore(false); actions.forward(m); }}>
                {t("chat.forward")}
              </button>
              {canPin && (
                <button type="button" className="small" onClick={() => { setMore(false); actions.pin(m, !m.pinned); }}>
                  {m.pinned ? t("chat.unpin") : t("chat.pin")}
                </button>
              )}
              {m.attachments?.length && actions.maySaveToMaterials?.() ? (
                <button
                  type="button"
                  className="small"
                  aria-haspopup="dialog"
                  onClick={() => { setMore(false); actions.saveToMaterials?.(m); }}
                >
                  {t("mat.saveAction")}
                </button>
              ) : null}
              {receipts && (
                <button type="button" className="small" aria-expanded={readState !== null} onClick={() => void toggleReceipts()}>
                  {t("chat.whoRead")}
                </button>
              )}
              {actions.mayReport?.(m) && (
                <button type="button" className="small" aria-haspopup="dialog" onClick={() => { setMore(false); actions.report?.(m); }}>
                  {t("mod.reportMessage")}
                </button>
              )}
              {canDelete && (
                <button type="button" className="small danger" onClick={() => { setMore(false); actions.remove(m); }}>
                  {t("chat.delete")}
                </button>
              )}
            </span>
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
                actions.react(m, emoji);
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
});

export function PendingItem({ p, onRetry, onDiscard }: { p: PendingMessage; onRetry(): void; onDiscard(): void }) {
  const { t } = useI18n();
  const status =
    p.status === "failed"
      ? t("chat.failed")
      : p.status === "sending"
        ? t("chat.sending")
        : p.status === "held"
          ? t("safety.held")
          : t("chat.queued");
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
      {p.attachments?.length ? <PendingFiles list={p.attachments} /> : null}
      {p.status === "held" && <p className="hint">{t("safety.heldNote")}</p>}
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
