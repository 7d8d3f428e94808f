// The conversation of a community: a composer, posts newest first, replies per post on demand.
// Live: posts and deletions arrive as events and are merged by the pure functions of posts.ts;
// after a reconnect the newest page (and any open threads) are loaded again.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { useRuntime } from "../../app/AppShell";
import { Alert, errorText } from "../../components/ui";
import { useAnnouncer } from "../../components/LiveRegion";
import { useI18n } from "../../i18n";
import { dateTime, useConfirm } from "../admin/kit";
import { communitiesApi, type Community } from "./api";
import {
  applyTalkEvent,
  emptyTalk,
  withDeleted,
  withPage,
  withPost,
  withReplies,
  withoutReplies,
  type Post,
  type Talk,
} from "./posts";

function newClientId(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export function Conversation({ community, myId }: { community: Community; myId: string }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const announce = useAnnouncer();
  const id = community.id;
  const [talk, setTalk] = useState<Talk>(emptyTalk);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = useRef<Set<string>>(new Set());

  const loadNewest = useCallback(async () => {
    try {
      const page = await communitiesApi.posts(id);
      setTalk((cur) => withPage(cur, page, false));
      setLoaded(true);
      setError(null);
      for (const postId of open.current) {
        const replies = await communitiesApi.replies(id, postId);
        setTalk((cur) => withReplies(cur, postId, replies));
      }
    } catch (err) {
      setError(err);
    }
  }, [id]);

  useEffect(() => {
    void loadNewest();
  }, [loadNewest]);
  useEffect(() => runtime.onConnected(() => void loadNewest()), [runtime, loadNewest]);
  useEffect(
    () =>
      runtime.onEvent((e) => {
        const data = e.data as { community_id?: string; post?: Post };
        if (data?.community_id !== id) return;
        if (e.type !== "community.post" && e.type !== "community.post_deleted") return;
        setTalk((cur) => applyTalkEvent(cur, e as { type: string; data: Record<string, unknown> }));
        if (e.type === "community.post" && data.post && data.post.author_id !== myId) {
          announce(t("communities.post.new", { name: data.post.author_name }));
        }
      }),
    [runtime, id, myId, announce, t],
  );

  const older = async () => {
    try {
      const page = await communitiesApi.posts(id, talk.next);
      setTalk((cur) => withPage(cur, page, true));
    } catch (err) {
      setError(err);
    }
  };

  const toggle = async (post: Post) => {
    if (talk.replies[post.id]) {
      open.current.delete(post.id);
      setTalk((cur) => withoutReplies(cur, post.id));
      return;
    }
    try {
      const replies = await communitiesApi.replies(id, post.id);
      open.current.add(post.id);
      setTalk((cur) => withReplies(cur, post.id, replies));
    } catch (err) {
      setError(err);
    }
  };

  const moderator = community.my_role !== "member";

  return (
    <div className="comm-talk">
      <PostForm
        label={t("communities.post.label")}
        onSend={async (body) => {
          const p = await communitiesApi.post(id, { client_id: newClientId(), body });
          setTalk((cur) => withPost(cur, p));
        }}
      />
      {error ? <Alert>{errorText(t, error)}</Alert> : null}
      {!loaded ? (
        !error && (
          <p className="loading" role="status">
            {t("common.loading")}
          </p>
        )
      ) : talk.posts.length === 0 ? (
        <p className="muted">{t("communities.post.empty")}</p>
      ) : (
        <ol className="comm-posts" aria-label={t("communities.post.list")}>
          {talk.posts.map((p) => (
            <li key={p.id}>
              <PostItem
                post={p}
                communityId={id}
                mayDelete={!p.deleted && (moderator || p.author_id === myId)}
                onDeleted={() => setTalk((cur) => withDeleted(cur, p.id, null))}
              >
                <div className="comm-post-foot">
                  {!p.deleted || p.reply_count > 0 ? (
                    <button
                      type="button"
                      className="ghost"
                      aria-expanded={Boolean(talk.replies[p.id])}
                      aria-controls={`comm-thread-${p.id}`}
                      onClick={() => void toggle(p)}
                    >
                      {talk.replies[p.id]
                        ? t("communities.post.hideReplies")
                        : p.reply_count > 0
                          ? t("communities.post.replies", { count: p.reply_count })
                          : t("communities.post.reply")}
                    </button>
                  ) : null}
                </div>
                {talk.replies[p.id] && (
                  <div className="comm-thread" id={`comm-thread-${p.id}`}>
                    {(talk.replies[p.id] ?? []).length > 0 && (
                      <ol className="comm-replies" aria-label={t("communities.post.replies", { count: p.reply_count })}>
                        {(talk.replies[p.id] ?? []).map((r) => (
                          <li key={r.id}>
                            <PostItem
                              post={r}
                              communityId={id}
                              mayDelete={moderator || r.author_id === myId}
                              onDeleted={() => setTalk((cur) => withDeleted(cur, r.id, p.id))}
                            />
                          </li>
                        ))}
                      </ol>
                    )}
                    {!p.deleted && (
                      <PostForm
                        label={t("communities.post.replyLabel")}
                        small
                        onSend={async (body) => {
                          const r = await communitiesApi.post(id, { client_id: newClientId(), body, parent_id: p.id });
                          setTalk((cur) => withPost(cur, r));
                        }}
                      />
                    )}
                  </div>
                )}
              </PostItem>
            </li>
          ))}
        </ol>
      )}
      {talk.next && (
        <p>
          <button type="button" onClick={() => void older()}>
            {t("communities.post.older")}
          </button>
        </p>
      )}
    </div>
  );
}

function PostItem({
  post,
  communityId,
  mayDelete,
  onDeleted,
  children,
}: {
  post: Post;
  communityId: string;
  mayDelete: boolean;
  onDeleted(): void;
  children?: ReactNode;
}) {
  const { t, lang } = useI18n();
  const confirm = useConfirm();
  const [error, setError] = useState<unknown>(null);
  const remove = async () => {
    if (!(await confirm({ title: t("communities.post.deleteConfirm"), action: t("communities.post.delete"), danger: true }))) return;
    try {
      await communitiesApi.deletePost(communityId, post.id);
      onDeleted();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <article className="comm-post" aria-label={post.deleted ? t("communities.post.deleted") : post.author_name}>
      <header className="comm-post-head">
        {!post.deleted && <strong>{post.author_name}</strong>}
        {!post.deleted && post.author_org && <span className="muted">{post.author_org.name}</span>}
        <time className="muted" dateTime={post.created_at}>
          {dateTime(post.created_at, lang)}
        </time>
        {mayDelete && (
          <button type="button" className="ghost comm-post-delete" onClick={() => void remove()}>
            {t("communities.post.delete")}
          </button>
        )}
      </header>
      {post.deleted ? (
        <p className="muted">{t("communities.post.deleted")}</p>
      ) : (
        // Rendered and sanitised by the server (markdown-it + nh3), like chat messages.
        <div className="msg-body comm-post-body" dangerouslySetInnerHTML={{ __html: post.html }} />
      )}
      {error ? <Alert>{errorText(t, error)}</Alert> : null}
      {children}
    </article>
  );
}

function PostForm({ label, small, onSend }: { label: string; small?: boolean; onSend(body: string): Promise<void> }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fid = useId();

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSend(body);
      setText("");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const keys = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  return (
    <form className={small ? "comm-form small" : "comm-form"} onSubmit={(e) => void send(e)}>
      <label htmlFor={fid} className={small ? "sr-only" : undefined}>
        {label}
      </label>
      <div className="comm-form-row">
        <textarea
          id={fid}
          rows={small ? 1 : 2}
          maxLength={4000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={keys}
        />
        <button type="submit" className="primary" disabled={busy || !text.trim()}>
          {t("communities.post.send")}
        </button>
      </div>
      {error ? <Alert>{errorText(t, error)}</Alert> : null}
    </form>
  );
}
