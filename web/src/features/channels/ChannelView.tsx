// The open chat when it is a channel: posts as cards, newest first, with view counts and
// "N comments" opening the post's thread beside the feed; pinned posts on top; for those who
// post, the composer (with "publish later") and the list of scheduled posts.
//
// Posts are the chat's timeline from the shared store (history pages, live message events,
// edits, polls, reactions and the offline resync all come from the chat machinery); the
// channel's own counters and the open thread live here, fed by the channel endpoints and
// the `channel.*` events, and fetched again after a reconnect.
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from "react";
import { useRuntime } from "../../app/AppShell";
import { Link } from "../../app/router";
import { useAnnouncer } from "../../components/LiveRegion";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { ChatInfo } from "../chats/ChatInfo";
import { chatTitle } from "../chats/ChatList";
import type { Chat, Message } from "../chats/types";
import { ChatMuteButton } from "../settings/ChatMuteButton";
import { fetchStats, getChannel, reportViews, switchComments, type ChannelInfo } from "./api";
import { ChannelComposer } from "./ChannelComposer";
import { ChannelSettingsDialog } from "./ChannelDialogs";
import { CommentsPanel } from "./CommentsPanel";
import { ViewQueue, channelReducer, emptyChannel, missingStats, postsOf, type Comment, type PostStats } from "./logic";
import { PostCard, type PostActions } from "./PostCard";
import { ScheduledList } from "./ScheduledList";
import "./channels.css";

const VIEWS_EVERY_MS = 1500;
const PINS_SHOWN = 1;
const REFRESH_PINS = new Set(["pin", "message.edited", "message.deleted"]);

export function ChannelView({ chat, myId }: { chat: Chat; myId: string }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const announce = useAnnouncer();
  const timeline = useStore(runtime.store, (s) => s.timelines[chat.id]);
  const [state, dispatch] = useReducer(channelReducer, undefined, emptyChannel);
  const [info, setInfo] = useState<ChannelInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [infoOpen, setInfoOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [pins, setPins] = useState<Message[]>([]);
  const [allPins, setAllPins] = useState(false);
  const [pinsVersion, setPinsVersion] = useState(0);
  const [scheduledVersion, setScheduledVersion] = useState(0);
  const [generation, setGeneration] = useState(0);
  const asked = useRef(new Set<string>());
  const queue = useRef(new ViewQueue());
  const opener = useRef<HTMLButtonElement | null>(null);
  const threadRef = useRef<string | null>(null);
  threadRef.current = state.thread?.postId ?? null;

  const moderator = chat.my_role === "owner" || chat.my_role === "moderator";
  const mayPost = moderator && !chat.archived;
  const commentsOn = chat.settings.comments === true;
  const reactionsOn = chat.settings.reactions !== false;
  const messages = timeline?.messages;
  const posts = useMemo(() => postsOf(messages ?? []), [messages]);
  const byId = useMemo(() => new Map(posts.map((m) => [m.id, m])), [posts]);

  // The channel's details (who may post, audience for administrators).
  useEffect(() => {
    let live = true;
    getChannel(chat)
      .then((c) => live && setInfo(c))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [chat]);

  // The newest page of posts, when the chat has no timeline yet.
  useEffect(() => {
    if (timeline || loadFailed) return;
    runtime.loadLatest(chat.id).catch(() => setLoadFailed(true));
  }, [timeline, loadFailed, runtime, chat.id]);

  // Counters of posts not fetched yet (new pages, new posts), without counting a view.
  useEffect(() => {
    const ids = missingStats(posts, state.stats, asked.current);
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      for (const id of batch) asked.current.add(id);
      fetchStats(chat, batch)
        .then((list) => dispatch({ type: "stats", list }))
        .catch(() => batch.forEach((id) => asked.current.delete(id)));
    }
  }, [posts, state.stats, chat]);

  // Views: a post counts once it is at least half on screen while the page is visible.
  const observer = useMemo(() => {
    if (typeof IntersectionObserver === "undefined") return null;
    return new IntersectionObserver(
      (entries) => {
        if (document.visibilityState !== "visible") return;
        for (const e of entries) {
          const id = (e.target as HTMLElement).dataset.postId;
          if (e.isIntersecting && id) queue.current.add(id);
        }
      },
      { threshold: 0.5 },
    );
  }, []);
  useEffect(() => () => observer?.disconnect(), [observer]);
  useEffect(() => {
    const timer = setInterval(() => {
      const batch = queue.current.take();
      if (!batch.length) return;
      reportViews(chat, batch)
        .then((list) => dispatch({ type: "stats", list }))
        .catch(() => queue.current.giveBack(batch));
    }, VIEWS_EVERY_MS);
    return () => clearInterval(timer);
  }, [chat]);

  // Read state: everything up to the newest message is read while the channel is open.
  const lastSeq = messages?.length ? (messages[messages.length - 1] as Message).seq : 0;
  useEffect(() => {
    const mark = () => {
      if (lastSeq && document.visibilityState === "visible") runtime.markRead(chat.id, lastSeq);
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [runtime, chat.id, lastSeq]);

  // Pinned posts on top.
  useEffect(() => {
    let live = true;
    runtime
      .pins(chat.id)
      .then((list) => live && setPins(list.filter((m) => !m.deleted)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [runtime, chat.id, pinsVersion, generation]);

  // Live: the channel's events; after a reconnect, everything fetched again.
  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (e.chat_id !== chat.id) return;
        dispatch({ type: "event", event: e });
        if (REFRESH_PINS.has(e.type)) setPinsVersion((v) => v + 1);
        if (e.type === "channel.scheduled") setScheduledVersion((v) => v + 1);
        if (e.type === "chat.updated") getChannel(chat).then(setInfo).catch(() => undefined);
        if (e.type === "channel.comment") {
          const c = e.data.comment as Comment | undefined;
          if (c && c.author_id !== myId && c.post_id === threadRef.current) {
            announce(t("channels.newComment", { name: c.author_name }));
          }
        }
      }),
    [runtime, chat, myId, announce, t],
  );
  useEffect(
    () =>
      runtime.onConnected(() => {
        asked.current.clear();
        const ids = postsOf(runtime.store.getState().timelines[chat.id]?.messages ?? []).map((m) => m.id);
        for (let i = 0; i < ids.length; i += 100) {
          fetchStats(chat, ids.slice(i, i + 100))
            .then((list) => dispatch({ type: "stats", list }))
            .catch(() => undefined);
        }
        setGeneration((g) => g + 1);
        setScheduledVersion((v) => v + 1);
      }),
    [runtime, chat],
  );

  const addStats = useCallback((list: PostStats[]) => dispatch({ type: "stats", list }), []);

  const act = useCallback(
    async (fn: () => Promise<unknown>) => {
      setError(null);
      try {
        await fn();
      } catch (err) {
        setError(errorText(t, err));
      }
    },
    [t],
  );

  const actions = useMemo<PostActions>(
    () => ({
      openComments(m, button) {
        opener.current = button;
        dispatch({ type: "thread.open", postId: m.id });
      },
      react: (m, emoji) => void act(() => runtime.react(chat.id, m, emoji)),
      pin: (m, on) => void act(() => runtime.pin(chat.id, m.id, on)),
      switchComments: (m, on) => void act(async () => dispatch({ type: "stats", list: [await switchComments(chat, m.id, on)] })),
      edit: (m, body) => act(() => runtime.edit(chat.id, m.id, body)),
      remove(m) {
        if (window.confirm(t("channels.confirmDeletePost"))) void act(() => runtime.remove(chat.id, m.id));
      },
      observe(el) {
        if (el && observer) observer.observe(el);
      },
    }),
    [act, runtime, chat, observer, t],
  );

  const closeThread = useCallback(() => {
    dispatch({ type: "thread.close" });
    opener.current?.focus();
  }, []);

  const loadOlder = async () => {
    setLoadingOlder(true);
    try {
      await runtime.loadOlder(chat.id);
    } catch (err) {
      setError(errorText(t, err));
    }
    setLoadingOlder(false);
  };

  // The feed pattern: Page Down / Page Up move between posts; past the last, earlier ones load.
  const onFeedKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!["PageDown", "PageUp"].includes(e.key)) return;
    const cards = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(":scope > article.post"));
    const from = cards.findIndex((c) => c.contains(document.activeElement));
    if (from < 0) return;
    e.preventDefault();
    const next = cards[from + (e.key === "PageDown" ? 1 : -1)];
    if (next) next.focus();
    else if (e.key === "PageDown" && timeline?.hasMoreBefore) void loadOlder();
  };

  const thread = state.thread;
  const threadPost = thread ? byId.get(thread.postId) ?? pins.find((p) => p.id === thread.postId) : undefined;
  const shownPins = allPins ? pins : pins.slice(0, PINS_SHOWN);
  const card = (m: Message, pos?: { index: number; total: number }) => (
    <PostCard
      key={m.id}
      m={byId.get(m.id) ?? m}
      stats={state.stats[m.id]}
      mine={m.author_id === myId}
      moderator={moderator}
      commentsOn={commentsOn}
      reactionsOn={reactionsOn}
      threadOpen={thread?.postId === m.id}
      pos={pos}
      actions={actions}
    />
  );

  return (
    <section className="chat channel" aria-labelledby="chat-title">
      <header className="chat-head">
        <Link href="/" className="back button ghost">
          <span aria-hidden="true">←</span> <span className="back-text">{t("chat.back")}</span>
        </Link>
        <div className="chat-head-main">
          <h1 id="chat-title">{chatTitle(chat, t)}</h1>
          <p className="chat-sub">
            {t("kind.channel")} · {t("chat.members", { count: chat.member_count })}
            {chat.archived && <> · {t("channels.archived")}</>}
          </p>
        </div>
        <div className="chat-head-actions">
          <Link href={`/search?chat=${chat.id}`} className="button ghost small search-in">
            {t("chat.searchIn")}
          </Link>
          <button type="button" className="ghost small" aria-haspopup="dialog" onClick={() => setInfoOpen(true)}>
            {t("chat.info")}
          </button>
          {info && (moderator || info.audience) && (
            <button type="button" className="ghost small" aria-haspopup="dialog" onClick={() => setSettingsOpen(true)}>
              {t("channels.settings")}
            </button>
          )}
          <ChatMuteButton chat={chat} />
        </div>
      </header>
      <Alert>{error}</Alert>
      <div className="channel-body">
        <div className="channel-feed-wrap">
          {chat.description && <p className="channel-description">{chat.description}</p>}
          {mayPost && (
            <ChannelComposer chat={chat} commentsOn={commentsOn} onStats={addStats} onScheduled={() => setScheduledVersion((v) => v + 1)} />
          )}
          {moderator && <ScheduledList chat={chat} version={scheduledVersion} onPublished={(s) => addStats([s])} />}
          {pins.length > 0 && (
            <section className="channel-pinned" aria-labelledby="channel-pinned-title">
              <h2 id="channel-pinned-title" className="channel-section-title">
                <span aria-hidden="true">📌 </span>
                {t("channels.pinned", { count: pins.length })}
              </h2>
              <div className="post-list">{shownPins.map((m) => card(m))}</div>
              {pins.length > PINS_SHOWN && (
                <button type="button" className="small ghost" aria-expanded={allPins} onClick={() => setAllPins((v) => !v)}>
                  {allPins ? t("channels.pinsFewer") : t("channels.pinsAll", { count: pins.length })}
                </button>
              )}
            </section>
          )}
          <section className="channel-posts" aria-labelledby="channel-posts-title">
            <h2 id="channel-posts-title" className="channel-section-title">
              {t("channels.posts")}
            </h2>
            {loadFailed && !timeline && (
              <div className="pad">
                <Alert>{t("error.network")}</Alert>
                <button type="button" onClick={() => setLoadFailed(false)}>
                  {t("common.retry")}
                </button>
              </div>
            )}
            {timeline && !timeline.loading && posts.length === 0 && <p className="muted pad">{t("channels.empty")}</p>}
            {posts.length > 0 && (
              <div
                className="post-list"
                role="feed"
                aria-labelledby="channel-posts-title"
                aria-busy={Boolean(timeline?.loading)}
                onKeyDown={onFeedKey}
              >
                {posts.map((m, i) => card(m, { index: i + 1, total: timeline?.hasMoreBefore ? -1 : posts.length }))}
              </div>
            )}
            {timeline?.loading && (
              <p className="muted pad" role="status">
                {t("common.loading")}
              </p>
            )}
            {timeline && !timeline.loading && timeline.hasMoreBefore && (
              <div className="history-top">
                <button type="button" className="secondary small" disabled={loadingOlder} onClick={() => void loadOlder()}>
                  {loadingOlder ? t("common.loading") : t("channels.olderPosts")}
                </button>
              </div>
            )}
          </section>
        </div>
        {thread && (
          <CommentsPanel
            chat={chat}
            post={threadPost}
            thread={thread}
            stats={state.stats[thread.postId]}
            myId={myId}
            moderator={moderator}
            generation={generation}
            dispatch={dispatch}
            onClose={closeThread}
          />
        )}
      </div>
      {infoOpen && <ChatInfo chat={chat} myId={myId} onClose={() => setInfoOpen(false)} />}
      {settingsOpen && info && (
        <ChannelSettingsDialog chat={chat} info={info} onSaved={setInfo} onClose={() => setSettingsOpen(false)} />
      )}
    </section>
  );
}
