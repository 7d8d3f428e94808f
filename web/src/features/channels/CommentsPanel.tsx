// The comment thread of one post, beside the feed: earlier comments on demand, new ones live
// (the view applies `channel.comment` events), its own composer (Enter sends, Shift+Enter
// starts a new line), deletion by the author or a moderator. Escape closes it.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { timeLabel, dayLabel } from "../chats/format";
import { plainText } from "../chats/PinnedBar";
import type { Chat, Message } from "../chats/types";
import { Avatar } from "../profile/Avatar";
import { deleteComment, fetchComments, newClientId, sendComment } from "./api";
import type { ChannelAction, Comment, PostStats, Thread } from "./logic";

interface Props {
  chat: Chat;
  post: Message | undefined;
  thread: Thread;
  stats: PostStats | undefined;
  myId: string;
  moderator: boolean;
  /** Bumped after a reconnect: the thread is fetched again. */
  generation: number;
  dispatch(a: ChannelAction): void;
  onClose(): void;
}

export function CommentsPanel({ chat, post, thread, stats, myId, moderator, generation, dispatch, onClose }: Props) {
  const { t, lang } = useI18n();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const [text, setText] = useState("");
  const [clientId, setClientId] = useState(newClientId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = Boolean(stats?.comments_open) && !chat.archived;
  const postId = thread.postId;

  useEffect(() => {
    heading.current?.focus();
  }, [postId]);

  useEffect(() => {
    let live = true;
    fetchComments(chat, postId, null)
      .then((page) => {
        if (live) dispatch({ type: "thread.page", postId, comments: page.comments, hasMoreBefore: page.has_more_before, stats: page.stats });
      })
      .catch((err: unknown) => live && setError(errorText(t, err)));
    return () => {
      live = false;
    };
  }, [chat, postId, generation, dispatch, t]);

  // Keep the newest comment in view as comments arrive.
  const count = thread.comments.length;
  useEffect(() => {
    const el = list.current?.parentElement;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  const older = async () => {
    const first = thread.comments[0];
    if (!first) return;
    try {
      const page = await fetchComments(chat, postId, first.id);
      dispatch({ type: "thread.older", postId, comments: page.comments, hasMoreBefore: page.has_more_before });
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    setError(null);
    try {
      // The same client id on a retry: the server answers with the stored comment.
      const comment = await sendComment(chat, postId, clientId, body);
      dispatch({ type: "comment.mine", comment });
      setText("");
      setClientId(newClientId());
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  const remove = async (c: Comment) => {
    if (!window.confirm(t("channels.confirmDeleteComment"))) return;
    try {
      await deleteComment(chat, postId, c.id);
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const excerpt = post ? plainText(post.html).replace(/\s+/g, " ").trim().slice(0, 160) : "";
  return (
    <aside
      className="comments-panel"
      id="comments-panel"
      aria-labelledby={`${id}-title`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="comments-head">
        <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
          {t("channels.commentsTitle")}
          {stats ? <span className="muted"> · {stats.comments}</span> : null}
        </h2>
        <button type="button" className="small ghost" onClick={onClose}>
          {t("channels.closePanel")}
        </button>
      </header>
      {excerpt && (
        <p className="comments-post">
          <span className="sr-only">{t("channels.commentsOn")} </span>
          {post?.author_name ? <strong>{post.author_name}: </strong> : null}
          {excerpt}
        </p>
      )}
      <Alert>{error}</Alert>
      <div className="comments-scroll">
        {thread.hasMoreBefore && (
          <button type="button" className="small secondary comments-older" onClick={() => void older()}>
            {t("channels.olderComments")}
          </button>
        )}
        {thread.loading ? (
          <p className="muted" role="status">
            {t("common.loading")}
          </p>
        ) : thread.comments.length === 0 ? (
          <p className="muted">{t("channels.noComments")}</p>
        ) : null}
        <ol className="comments" ref={list} aria-label={t("channels.commentsTitle")}>
          {thread.comments.map((c) => {
            const mine = c.author_id === myId;
            return (
              <li key={c.id}>
                <article className={`comment${mine ? " mine" : ""}`} aria-labelledby={`${id}-${c.id}`} data-comment-id={c.id}>
                  <header className="comment-head">
                    <Avatar name={c.author_name} url={c.author_avatar_url} size={24} />
                    <span className="comment-author" id={`${id}-${c.id}`}>
                      {mine ? t("chat.you") : c.author_name}
                    </span>
                    {c.author_verified && (
                      <span className="verified" title={t("chat.verified")}>
                        <span aria-hidden="true">✓</span>
                        <span className="sr-only">{t("chat.verified")}</span>
                      </span>
                    )}
                    <time dateTime={c.created_at} className="comment-time">
                      {dayLabel(c.created_at, lang, t)}, {timeLabel(c.created_at, lang)}
                    </time>
                  </header>
                  <div className="msg-body comment-body" dangerouslySetInnerHTML={{ __html: c.html }} />
                  {(mine || moderator) && (
                    <button
                      type="button"
                      className="small ghost danger"
                      aria-label={t("channels.deleteCommentOf", { name: mine ? t("chat.you") : c.author_name })}
                      onClick={() => void remove(c)}
                    >
                      {t("chat.delete")}
                    </button>
                  )}
                </article>
              </li>
            );
          })}
        </ol>
      </div>
      {open ? (
        <form className="comment-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor={`${id}-box`} className="sr-only">
            {t("channels.commentLabel")}
          </label>
          <textarea
            id={`${id}-box`}
            rows={2}
            maxLength={4000}
            value={text}
            placeholder={t("channels.commentPlaceholder")}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void submit();
              }
            }}
          />
          <button type="submit" className="primary" disabled={busy || !text.trim()}>
            {t("channels.sendComment")}
          </button>
          <p id={`${id}-hint`} className="hint">
            {t("chat.composerHint")}
          </p>
        </form>
      ) : (
        <p className="composer-note">{t("channels.commentsClosed")}</p>
      )}
    </aside>
  );
}
