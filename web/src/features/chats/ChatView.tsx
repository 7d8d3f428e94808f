// The open chat: history (older pages on scroll), date separators, the unread marker,
// live updates, typing, and the composer (send, reply, edit).
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useRuntime } from "../../app/AppShell";
import { Link } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useStore } from "../../lib/store";
import { chatTitle } from "./ChatList";
import { Composer, type ComposerMode } from "./Composer";
import { dayKey, dayLabel } from "./format";
import { MessageItem, PendingItem } from "./MessageItem";
import type { Chat, Message, PendingMessage } from "./types";

const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 150;
const NO_PENDING: PendingMessage[] = [];

export function ChatView({ chat, myId }: { chat: Chat; myId: string }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const timeline = useStore(runtime.store, (s) => s.timelines[chat.id]);
  const allPending = useStore(runtime.store, (s) => (s.pending.length ? s.pending : NO_PENDING));
  const typing = useStore(runtime.store, (s) => s.typing[chat.id]);
  const pending = useMemo(() => allPending.filter((p) => p.chat_id === chat.id), [allPending, chat.id]);
  // The unread marker: messages unread when the chat was opened (not those arriving live).
  const [markerSeq] = useState(chat.last_read_seq);
  const [openSeq] = useState(chat.seq);
  const [mode, setMode] = useState<ComposerMode>({ kind: "new" });
  const [error, setError] = useState<string | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const prevHeight = useRef<number | null>(null);
  const positioned = useRef(false);
  const title = chatTitle(chat, t);
  const moderator = chat.my_role === "owner" || chat.my_role === "moderator";
  const mayPost = !chat.archived && (chat.settings.who_may_post !== "moderators" || moderator || chat.kind === "direct");
  const reactionsOn = chat.settings.reactions !== false;

  // Load the newest page when there is no timeline (first open, or after a reset).
  useEffect(() => {
    if (timeline || loadFailed) return;
    runtime.loadLatest(chat.id).catch(() => setLoadFailed(true));
  }, [timeline, loadFailed, runtime, chat.id]);

  const messages = timeline?.messages ?? [];
  const lastSeq = messages.length ? (messages[messages.length - 1] as Message).seq : 0;
  const firstId = messages[0]?.id;

  const atBottom = () => {
    const el = scroller.current;
    return !el || el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
  };

  // Read up to the newest message shown (not chat.seq: the read event itself takes a number).
  const markRead = useCallback(() => {
    if (!lastSeq || timeline?.loading || document.visibilityState !== "visible" || !atBottom()) return;
    runtime.markRead(chat.id, lastSeq);
  }, [runtime, chat.id, lastSeq, timeline?.loading]);

  // First position: the unread marker if there is one, otherwise the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || positioned.current || !timeline || timeline.loading) return;
    positioned.current = true;
    const marker = el.querySelector<HTMLElement>(".new-marker");
    if (marker) {
      el.scrollTop = marker.offsetTop - 16;
      stick.current = atBottom();
    } else {
      el.scrollTop = el.scrollHeight;
    }
  }, [timeline]);

  // Keep the place when older messages are put on top; follow new ones at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (prevHeight.current !== null) {
      el.scrollTop += el.scrollHeight - prevHeight.current;
      prevHeight.current = null;
    } else if (stick.current && positioned.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [firstId, lastSeq, pending.length]);

  useEffect(() => {
    markRead();
    const onVisible = () => markRead();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [markRead, lastSeq]);

  const loadOlder = useCallback(async () => {
    if (!timeline?.hasMoreBefore || loadingOlder) return;
    setLoadingOlder(true);
    prevHeight.current = scroller.current?.scrollHeight ?? null;
    try {
      await runtime.loadOlder(chat.id);
    } catch (err) {
      prevHeight.current = null;
      setError(errorText(t, err));
    }
    setLoadingOlder(false);
  }, [timeline?.hasMoreBefore, loadingOlder, runtime, chat.id, t]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    stick.current = atBottom();
    if (stick.current) markRead();
    if (el.scrollTop < NEAR_TOP_PX && positioned.current) void loadOlder();
  };

  // Roving focus: arrow keys move between messages, Tab goes into the focused one.
  const onListKey = (e: KeyboardEvent<HTMLOListElement>) => {
    const keys = ["ArrowUp", "ArrowDown", "Home", "End"];
    if (!keys.includes(e.key) || !(e.target instanceof HTMLElement) || !e.target.matches("article.msg")) return;
    const items = [...(listRef.current?.querySelectorAll<HTMLElement>("article.msg[data-msg-id]") ?? [])];
    const i = items.indexOf(e.target);
    const j = e.key === "ArrowUp" ? i - 1 : e.key === "ArrowDown" ? i + 1 : e.key === "Home" ? 0 : items.length - 1;
    const target = items[Math.max(0, Math.min(items.length - 1, j))];
    if (target) {
      e.preventDefault();
      target.focus();
      if (j < 0) void loadOlder();
    }
  };

  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const onDelete = (m: Message) => {
    if (window.confirm(t("chat.confirmDelete"))) void act(() => runtime.remove(chat.id, m.id));
  };

  const focusedId = activeId && messages.some((m) => m.id === activeId) ? activeId : messages[messages.length - 1]?.id;
  const firstUnread = messages.find(
    (m) => m.seq > markerSeq && m.seq <= openSeq && m.author_id !== myId && !m.deleted,
  );
  const typists = Object.values(typing ?? {});

  return (
    <section className="chat" aria-labelledby="chat-title">
      <header className="chat-head">
        <Link href="/" className="back button ghost">
          <span aria-hidden="true">←</span> <span className="back-text">{t("chat.back")}</span>
        </Link>
        <div>
          <h1 id="chat-title">{title}</h1>
          <p className="chat-sub">
            {t(`kind.${chat.kind}` as Key)}
            {chat.kind !== "direct" && <> · {t("chat.members", { count: chat.member_count })}</>}
          </p>
        </div>
      </header>
      <Alert>{error}</Alert>
      <div className="history" ref={scroller} onScroll={onScroll}>
        {loadFailed && !timeline && (
          <div className="pad">
            <Alert>{t("error.network")}</Alert>
            <button type="button" onClick={() => setLoadFailed(false)}>
              {t("common.retry")}
            </button>
          </div>
        )}
        {timeline && !timeline.loading && (
          <div className="history-top">
            {timeline.hasMoreBefore ? (
              <button type="button" className="secondary small" onClick={() => void loadOlder()} disabled={loadingOlder}>
                {loadingOlder ? t("common.loading") : t("chat.loadOlder")}
              </button>
            ) : messages.length ? (
              <p className="muted">{t("chat.start")}</p>
            ) : (
              <p className="muted">{t("chat.empty")}</p>
            )}
          </div>
        )}
        {timeline?.loading && messages.length === 0 && <p className="muted pad" role="status">{t("common.loading")}</p>}
        <ol className="messages" ref={listRef} aria-label={t("chat.history")} onKeyDown={onListKey}>
          {messages.map((m, i) => {
            const prev = messages[i - 1];
            const newDay = !prev || dayKey(prev.created_at) !== dayKey(m.created_at);
            return (
              <Fragment key={m.id}>
                {newDay && (
                  <li className="day">
                    <h2>{dayLabel(m.created_at, lang, t)}</h2>
                  </li>
                )}
                {m === firstUnread && !timeline?.loading && (
                  <li className="new-marker">
                    <span>{t("chat.newMessages")}</span>
                  </li>
                )}
                <li>
                  <MessageItem
                    m={m}
                    mine={m.author_id === myId}
                    canDelete={m.author_id === myId || moderator}
                    reactionsOn={reactionsOn}
                    active={m.id === focusedId}
                    onFocusItem={setActiveId}
                    onReply={(msg) => setMode({ kind: "reply", message: msg })}
                    onEdit={(msg) => setMode({ kind: "edit", message: msg })}
                    onDelete={onDelete}
                    onReact={(msg, emoji) => void act(() => runtime.react(chat.id, msg, emoji))}
                  />
                </li>
              </Fragment>
            );
          })}
          {pending.map((p) => (
            <li key={p.client_id}>
              <PendingItem p={p} onRetry={() => runtime.engine.retry(p.client_id)} onDiscard={() => runtime.engine.discard(p.client_id)} />
            </li>
          ))}
        </ol>
      </div>
      <p className="typing">
        {typists.length === 1
          ? t("chat.typing1", { name: typists[0]?.name ?? "" })
          : typists.length === 2
            ? t("chat.typing2", { a: typists[0]?.name ?? "", b: typists[1]?.name ?? "" })
            : typists.length > 2
              ? t("chat.typingMany")
              : " "}
      </p>
      {mayPost ? (
        <Composer
          chat={chat}
          mode={mode}
          onMode={setMode}
          onSend={(body, replyTo) => {
            stick.current = true;
            runtime.send(chat.id, chat.org_id, body, replyTo);
          }}
          onEdit={(id, body) => act(() => runtime.edit(chat.id, id, body))}
          onTyping={() => runtime.typing(chat.id)}
          lastMine={[...messages].reverse().find((m) => m.author_id === myId && !m.deleted) ?? null}
        />
      ) : (
        <p className="composer-note">{chat.archived ? t("chat.archived") : t("chat.readonly")}</p>
      )}
    </section>
  );
}
