// One channel post as a card: author, date, rich text (sanitised by the server), files, poll,
// "please confirm", reactions, view count and the "N comments" button that opens its thread;
// the author and moderators pin, edit, close comments and delete.
import { memo, useId, useState, type KeyboardEvent } from "react";
import { useI18n } from "../../i18n";
import { AckBar } from "../acks/AckBar";
import { REACTIONS } from "../chats/MessageItem";
import { dayLabel, timeLabel } from "../chats/format";
import type { Message } from "../chats/types";
import { MessageAttachments } from "../files/MessageAttachments";
import { PollCard } from "../polls/PollCard";
import { Avatar } from "../profile/Avatar";
import type { PostStats } from "./logic";

export interface PostActions {
  openComments(m: Message, button: HTMLButtonElement): void;
  react(m: Message, emoji: string): void;
  pin(m: Message, on: boolean): void;
  switchComments(m: Message, on: boolean): void;
  edit(m: Message, body: string): Promise<void>;
  remove(m: Message): void;
  /** The card is on screen (views are counted from this). */
  observe(el: HTMLElement | null): void;
}

interface Props {
  m: Message;
  stats: PostStats | undefined;
  mine: boolean;
  moderator: boolean;
  /** The channel takes comments at all (its own switch). */
  commentsOn: boolean;
  reactionsOn: boolean;
  /** This post's thread is the one open beside the feed. */
  threadOpen: boolean;
  pos?: { index: number; total: number } | undefined;
  actions: PostActions;
}

export const PostCard = memo(function PostCard({
  m,
  stats,
  mine,
  moderator,
  commentsOn,
  reactionsOn,
  threadOpen,
  pos,
  actions,
}: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const [picker, setPicker] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const comments = stats?.comments ?? 0;
  const showComments = commentsOn && ((stats?.comments_open ?? true) || comments > 0);

  const closePicker = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      setPicker(false);
    }
  };

  const save = async () => {
    if (editing === null || !editing.trim()) return;
    setSaving(true);
    try {
      await actions.edit(m, editing.trim());
      setEditing(null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <article
      ref={actions.observe}
      className={`post${m.pinned ? " pinned" : ""}${m.ack ? " important" : ""}`}
      data-post-id={m.id}
      aria-labelledby={`${id}-author ${id}-time`}
      aria-posinset={pos?.index}
      aria-setsize={pos?.total}
      tabIndex={0}
    >
      <header className="post-head">
        <Avatar name={m.author_name ?? ""} url={m.author_avatar_url} size={36} />
        <span className="post-author" id={`${id}-author`}>
          {m.author_name ?? t("channels.channel")}
          {m.author_verified && (
            <span className="verified" title={t("chat.verified")}>
              <span aria-hidden="true"> ✓</span>
              <span className="sr-only">{t("chat.verified")}</span>
            </span>
          )}
        </span>
        <time className="post-time" id={`${id}-time`} dateTime={m.created_at}>
          {dayLabel(m.created_at, lang, t)}, {timeLabel(m.created_at, lang)}
        </time>
        {m.pinned && <span className="post-pinned">{t("channels.pinnedMark")}</span>}
      </header>
      {m.ack && <p className="ack-badge">{t(m.ack.question ? "slips.badge" : "acks.badge")}</p>}
      {m.forwarded_from && <p className="msg-forwarded">{t("chat.forwarded", { name: m.forwarded_from })}</p>}
      {editing !== null ? (
        <div className="post-edit">
          <label htmlFor={`${id}-edit`} className="sr-only">
            {t("channels.editLabel")}
          </label>
          <textarea
            id={`${id}-edit`}
            rows={4}
            maxLength={4000}
            value={editing}
            autoFocus
            onChange={(e) => setEditing(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setEditing(null);
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void save();
            }}
          />
          <div className="post-edit-actions">
            <button type="button" className="primary small" disabled={saving || !editing.trim()} onClick={() => void save()}>
              {t("chat.saveEdit")}
            </button>
            <button type="button" className="small ghost" onClick={() => setEditing(null)}>
              {t("chat.cancelEdit")}
            </button>
          </div>
        </div>
      ) : m.poll ? (
        <PollCard m={m} poll={m.poll} mine={mine} canClose={mine || moderator} />
      ) : (
        // Rendered and sanitised by the server (markdown-it + nh3).
        <div className="msg-body post-body" dangerouslySetInnerHTML={{ __html: m.html }} />
      )}
      {m.attachments?.length ? <MessageAttachments chatId={m.chat_id} attachments={m.attachments} /> : null}
      {m.edited_at && <span className="msg-edited">{t("chat.edited")}</span>}
      {m.ack && <AckBar m={m} ack={m.ack} mine={mine} canSee={mine || moderator} />}
      {m.reactions.length > 0 && (
        <div className="reactions">
          {m.reactions.map((r) => (
            <button
              key={r.emoji}
              type="button"
              className="reaction"
              aria-pressed={r.mine}
              disabled={!reactionsOn}
              aria-label={t("chat.reaction", { emoji: r.emoji, count: r.count }) + (r.mine ? `, ${t("chat.reactionMine")}` : "")}
              onClick={() => actions.react(m, r.emoji)}
            >
              <span aria-hidden="true">
                {r.emoji} {r.count}
              </span>
            </button>
          ))}
        </div>
      )}
      <footer className="post-foot">
        <span className="post-views" title={t("channels.viewsTitle")}>
          <span aria-hidden="true">👁 {stats ? stats.views : "…"}</span>
          <span className="sr-only">{stats ? t("channels.views", { count: stats.views }) : t("common.loading")}</span>
        </span>
        {showComments && (
          <button
            type="button"
            className="small secondary post-comments"
            aria-expanded={threadOpen}
            aria-controls={threadOpen ? "comments-panel" : undefined}
            onClick={(e) => actions.openComments(m, e.currentTarget)}
          >
            {comments > 0 ? t("channels.comments", { count: comments }) : t("channels.commentAction")}
          </button>
        )}
        <span className="post-tools" role="group" aria-label={t("chat.actions")}>
          {reactionsOn && (
            <button type="button" className="small ghost" aria-expanded={picker} onClick={() => setPicker((v) => !v)}>
              {t("chat.react")}
            </button>
          )}
          {mine && m.kind === "text" && editing === null && (
            <button type="button" className="small ghost" onClick={() => setEditing(m.body)}>
              {t("chat.edit")}
            </button>
          )}
          {moderator && (
            <button type="button" className="small ghost" onClick={() => actions.pin(m, !m.pinned)}>
              {m.pinned ? t("chat.unpin") : t("chat.pin")}
            </button>
          )}
          {commentsOn && (mine || moderator) && stats && (
            <button type="button" className="small ghost" onClick={() => actions.switchComments(m, !stats.comments_enabled)}>
              {stats.comments_enabled ? t("channels.closeComments") : t("channels.openComments")}
            </button>
          )}
          {(mine || moderator) && (
            <button type="button" className="small ghost danger" onClick={() => actions.remove(m)}>
              {t("chat.delete")}
            </button>
          )}
        </span>
      </footer>
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
