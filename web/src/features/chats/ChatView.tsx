// The open chat: a virtualised history (only the rows in view are in the DOM, so 10,000
// loaded messages stay fast), older pages on scroll, date separators, the unread marker,
// jump to message (?msg=ID), the "new messages" button, the pinned bar, live updates,
// typing, read state, and the composer (send, reply, edit, mentions, drafts).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from "react";
import { api, ok } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { Link, navigate, useLocation } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useStore } from "../../lib/store";
import "./chat2.css";
import { ChatInfo } from "./ChatInfo";
import { chatTitle } from "./ChatList";
import { Composer, type ComposerMode } from "./Composer";
import { dayKey, dayLabel } from "./format";
import { ForwardDialog } from "./ForwardDialog";
import { ReportDialog } from "../moderation/ReportDialog";
import { mayReport } from "../moderation/logic";
import { MessageItem, PendingItem, type MessageActions } from "./MessageItem";
import { PinnedBar } from "./PinnedBar";
import type { Chat, Message, PendingMessage } from "./types";
import { buildOffsets, plan, scrollToShow, visibleRange } from "./virtual";
import { ChatMuteButton } from "../settings/ChatMuteButton";
import { useFileDrop } from "../files/ComposerFiles";
import { CallButtons, CallJoinBar } from "../calls/ChatCallBar";
import { ChatSafetyNotice } from "../safety/ChatSafetyNotice";
import { useSaveToMaterials } from "../materials/useSaveToMaterials";

const NEAR_BOTTOM_PX = 80;
const LOAD_MARGIN_PX = 600;
const OVERSCAN_PX = 800;
const NO_PENDING: PendingMessage[] = [];
const HIGHLIGHT_MS = 4000;

/** A first guess of a row's height before it is measured. */
function estimate(m: Message, separator: boolean): number {
  let h = 76 + Math.ceil(m.body.length / 70) * 22;
  if (m.reply_to) h += 48;
  if (m.reactions.length) h += 40;
  if (m.forwarded_from) h += 22;
  if (separator) h += 44;
  return h;
}

export function ChatView({ chat, myId }: { chat: Chat; myId: string }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const { query } = useLocation();
  const jumpParam = query.get("msg");
  const timeline = useStore(runtime.store, (s) => s.timelines[chat.id]);
  const allPending = useStore(runtime.store, (s) => (s.pending.length ? s.pending : NO_PENDING));
  const typing = useStore(runtime.store, (s) => s.typing[chat.id]);
  const peerLive = useStore(runtime.store, (s) => (chat.peer ? s.readBy[chat.id]?.[chat.peer.account_id] : undefined));
  const pending = useMemo(() => allPending.filter((p) => p.chat_id === chat.id), [allPending, chat.id]);
  // The unread marker: messages unread when the chat was opened (not those arriving live).
  const [markerSeq] = useState(chat.last_read_seq);
  const [openSeq] = useState(chat.seq);
  const [mode, setMode] = useState<ComposerMode>({ kind: "new" });
  const [error, setError] = useState<string | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [loadingNewer, setLoadingNewer] = useState(false);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const [jumpId, setJumpId] = useState<string | null>(jumpParam);
  const [forwarding, setForwarding] = useState<Message | null>(null);
  const [reporting, setReporting] = useState<Message | null>(null);
  const saveTo = useSaveToMaterials(chat.org_id);
  const [infoOpen, setInfoOpen] = useState(false);
  const [view, setView] = useState({ top: 0, height: 800 });
  const [atBottom, setAtBottom] = useState(true);
  const [measured, setMeasured] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const stick = useRef(!jumpParam);
  const positioned = useRef(false);
  const heights = useRef(new Map<string, number>());
  const anchor = useRef<{ id: string; delta: number } | null>(null);
  const focusWanted = useRef<string | null>(null);
  const frame = useRef(0);
  const title = chatTitle(chat, t);
  const moderator = chat.my_role === "owner" || chat.my_role === "moderator";
  const mayPost = !chat.archived && (chat.settings.who_may_post !== "moderators" || moderator || chat.kind === "direct");
  const reactionsOn = chat.settings.reactions !== false;
  const canPin = moderator || chat.kind === "direct";
  const detached = Boolean(timeline?.hasMoreAfter);
  // Files dragged onto the chat go to the composer (when I may post).
  const drop = useFileDrop(chat.id, mayPost);

  // A new ?msg= (a search result, a pinned message) asks for a jump.
  useEffect(() => {
    if (jumpParam) {
      setJumpId(jumpParam);
      stick.current = false;
    }
  }, [jumpParam]);

  // Load the newest page (or the page around the message to jump to) when there is no
  // timeline: first open, or after a reset.
  useEffect(() => {
    if (timeline || loadFailed) return;
    const load = jumpId
      ? runtime.loadAround(chat.id, jumpId).then((found) => {
          if (!found) {
            setJumpId(null);
            setError(t("chat.jumpMissing"));
            return runtime.loadLatest(chat.id);
          }
        })
      : runtime.loadLatest(chat.id);
    load.catch(() => setLoadFailed(true));
  }, [timeline, loadFailed, runtime, chat.id, jumpId, t]);

  const messages = timeline?.messages ?? [];
  const lastSeq = messages.length ? (messages[messages.length - 1] as Message).seq : 0;
  const indexOf = useMemo(() => new Map(messages.map((m, i) => [m.id, i])), [messages]);
  const firstUnread = useMemo(
    () => messages.find((m) => m.seq > markerSeq && m.seq <= openSeq && m.author_id !== myId && !m.deleted),
    [messages, markerSeq, openSeq, myId],
  );
  const separators = useMemo(
    () => messages.map((m, i) => i === 0 || dayKey((messages[i - 1] as Message).created_at) !== dayKey(m.created_at)),
    [messages],
  );

  const offsets = useMemo(
    () =>
      buildOffsets(messages.length, (i) => {
        const m = messages[i] as Message;
        return heights.current.get(m.id) ?? estimate(m, Boolean(separators[i]) || m === firstUnread);
      }),
    // `measured` changes when a row's measured height does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [messages, separators, firstUnread, measured],
  );

  const listTop = () => listRef.current?.offsetTop ?? 0;

  /** Remember which row is at the top of the view, to keep it there as rows change. */
  const recordAnchor = useCallback(() => {
    const el = scroller.current;
    if (!el || messages.length === 0) return;
    const top = el.scrollTop - listTop();
    let lo = 0;
    let hi = messages.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((offsets[mid + 1] as number) <= top) lo = mid + 1;
      else hi = mid;
    }
    const m = messages[lo] as Message;
    anchor.current = { id: m.id, delta: (offsets[lo] as number) - top };
  }, [messages, offsets]);

  const setScroll = useCallback(
    (top: number) => {
      const el = scroller.current;
      if (!el) return;
      el.scrollTop = top;
      recordAnchor();
      setView({ top: el.scrollTop, height: el.clientHeight });
    },
    [recordAnchor],
  );

  const nearBottom = () => {
    const el = scroller.current;
    return !el || el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
  };

  // Read up to the newest message shown (not chat.seq: the read event itself takes a number).
  const markRead = useCallback(() => {
    if (!lastSeq || timeline?.loading || detached || document.visibilityState !== "visible" || !nearBottom()) return;
    runtime.markRead(chat.id, lastSeq);
  }, [runtime, chat.id, lastSeq, timeline?.loading, detached]);

  // After every change of rows or heights: follow the bottom, or keep the anchor row in place.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !timeline || timeline.loading) return;
    if (!positioned.current) {
      positioned.current = true;
      if (jumpId) return; // the jump effect positions
      const i = firstUnread ? indexOf.get(firstUnread.id) : undefined;
      if (i !== undefined && i > 0) {
        stick.current = false;
        setScroll(listTop() + (offsets[i] as number) - 16);
        if (nearBottom()) stick.current = true;
      } else {
        setScroll(el.scrollHeight);
      }
      return;
    }
    if (stick.current && !detached) {
      if (Math.abs(el.scrollHeight - el.clientHeight - el.scrollTop) > 1) setScroll(el.scrollHeight);
      return;
    }
    const a = anchor.current;
    const i = a ? indexOf.get(a.id) : undefined;
    if (a && i !== undefined) {
      const want = listTop() + (offsets[i] as number) - a.delta;
      if (Math.abs(want - el.scrollTop) > 1) setScroll(want);
    }
  }, [offsets, pending.length, timeline, detached, firstUnread, indexOf, jumpId, setScroll]);

  // Jump to a message once it is in the timeline (or load the page around it).
  useLayoutEffect(() => {
    if (!jumpId || !timeline || timeline.loading) return;
    const i = indexOf.get(jumpId);
    if (i === undefined) {
      void runtime
        .loadAround(chat.id, jumpId)
        .then((found) => {
          if (!found) {
            setJumpId(null);
            setError(t("chat.jumpMissing"));
          }
        })
        .catch((err: unknown) => setError(errorText(t, err)));
      return;
    }
    const el = scroller.current;
    if (!el) return;
    stick.current = false;
    const top = scrollToShow(offsets, i, 0, el.clientHeight, "center") ?? 0;
    setScroll(listTop() + top);
    setHighlightId(jumpId);
    setActiveId(jumpId);
    focusWanted.current = jumpId;
    setJumpId(null);
    if (jumpParam) navigate(`/chats/${chat.id}`, { replace: true });
  }, [jumpId, timeline, indexOf, offsets, runtime, chat.id, t, setScroll, jumpParam]);

  useEffect(() => {
    if (!highlightId) return;
    const timer = setTimeout(() => setHighlightId(null), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [highlightId]);

  useEffect(() => {
    markRead();
    const onVisible = () => markRead();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [markRead, lastSeq]);

  // The viewport's size: follow window and panel resizes.
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => setView({ top: el.scrollTop, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Measure rendered rows; a changed height re-plans the window (once per frame).
  const observer = useMemo(() => {
    if (typeof ResizeObserver === "undefined") return null;
    let scheduled = 0;
    return new ResizeObserver((entries) => {
      let changed = false;
      for (const e of entries) {
        const id = (e.target as HTMLElement).dataset.rowId;
        if (!id) continue;
        const h = (e.target as HTMLElement).offsetHeight;
        if (h > 0 && Math.abs((heights.current.get(id) ?? 0) - h) > 0.5) {
          heights.current.set(id, h);
          changed = true;
        }
      }
      if (changed && !scheduled) {
        scheduled = requestAnimationFrame(() => {
          scheduled = 0;
          setMeasured((n) => n + 1);
        });
      }
    });
  }, []);
  useEffect(() => () => observer?.disconnect(), [observer]);
  const rowRef = useCallback(
    (el: HTMLLIElement | null) => {
      if (el && observer) observer.observe(el);
    },
    [observer],
  );

  const loadOlder = useCallback(async () => {
    if (!timeline?.hasMoreBefore || loadingOlder || timeline.loading) return;
    setLoadingOlder(true);
    recordAnchor();
    try {
      await runtime.loadOlder(chat.id);
    } catch (err) {
      setError(errorText(t, err));
    }
    setLoadingOlder(false);
  }, [timeline?.hasMoreBefore, timeline?.loading, loadingOlder, runtime, chat.id, t, recordAnchor]);

  const loadNewer = useCallback(async () => {
    if (!timeline?.hasMoreAfter || loadingNewer) return;
    setLoadingNewer(true);
    recordAnchor();
    try {
      await runtime.loadNewer(chat.id);
    } catch (err) {
      setError(errorText(t, err));
    }
    setLoadingNewer(false);
  }, [timeline?.hasMoreAfter, loadingNewer, runtime, chat.id, t, recordAnchor]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    recordAnchor();
    const bottom = nearBottom();
    stick.current = bottom && !detached;
    if (frame.current) cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setView({ top: el.scrollTop, height: el.clientHeight });
      setAtBottom(bottom);
    });
    if (bottom) markRead();
    if (!positioned.current) return;
    if (el.scrollTop - listTop() < LOAD_MARGIN_PX) void loadOlder();
    if (el.scrollHeight - el.scrollTop - el.clientHeight < LOAD_MARGIN_PX) void loadNewer();
  };

  const toLatest = async () => {
    stick.current = true;
    setAtBottom(true);
    if (detached) {
      try {
        await runtime.reloadLatest(chat.id);
      } catch (err) {
        setError(errorText(t, err));
      }
    }
    const el = scroller.current;
    if (el) setScroll(el.scrollHeight);
    const last = runtime.store.getState().timelines[chat.id]?.messages.at(-1);
    if (last) {
      setActiveId(last.id);
      focusWanted.current = last.id;
    }
  };

  // Roving focus over all loaded messages (not only those in the DOM): arrow keys,
  // Home and End move; the target row is scrolled into view and focused after render.
  const focusIndex = (j: number) => {
    const m = messages[j];
    const el = scroller.current;
    if (!m || !el) return;
    setActiveId(m.id);
    focusWanted.current = m.id;
    const top = scrollToShow(offsets, j, el.scrollTop - listTop(), el.clientHeight);
    if (top !== null) {
      stick.current = false;
      setScroll(listTop() + top);
    } else {
      // Already in view: focus now.
      listRef.current?.querySelector<HTMLElement>(`article[data-msg-id="${m.id}"]`)?.focus();
      focusWanted.current = null;
    }
  };

  const onListKey = (e: KeyboardEvent<HTMLOListElement>) => {
    const keys = ["ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];
    if (!keys.includes(e.key) || !(e.target instanceof HTMLElement) || !e.target.matches("article.msg[data-msg-id]")) return;
    const i = indexOf.get(e.target.dataset.msgId ?? "") ?? -1;
    if (i < 0) return;
    const page = 10;
    const j =
      e.key === "ArrowUp" ? i - 1
      : e.key === "ArrowDown" ? i + 1
      : e.key === "PageUp" ? i - page
      : e.key === "PageDown" ? i + page
      : e.key === "Home" ? 0
      : messages.length - 1;
    e.preventDefault();
    if (j < 0) void loadOlder();
    if (j >= messages.length) void loadNewer();
    focusIndex(Math.max(0, Math.min(messages.length - 1, j)));
  };

  useLayoutEffect(() => {
    const id = focusWanted.current;
    if (!id) return;
    const el = listRef.current?.querySelector<HTMLElement>(`article[data-msg-id="${id}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      focusWanted.current = null;
    }
  });

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

  const actions = useMemo<MessageActions>(
    () => ({
      focusItem: setActiveId,
      reply: (m) => setMode({ kind: "reply", message: m }),
      edit: (m) => setMode({ kind: "edit", message: m }),
      remove: (m) => {
        if (window.confirm(t("chat.confirmDelete"))) void act(() => runtime.remove(chat.id, m.id));
      },
      react: (m, emoji) => void act(() => runtime.react(chat.id, m, emoji)),
      forward: (m) => setForwarding(m),
      pin: (m, on) => void act(() => runtime.pin(chat.id, m.id, on)),
      receipts: (m) =>
        ok(
          api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/receipts", {
            params: { path: { org_id: chat.org_id, chat_id: chat.id, message_id: m.id } },
          }),
        ),
      saveToMaterials: saveTo.open,
      maySaveToMaterials: saveTo.allowed,
      report: (m) => setReporting(m),
      mayReport: (m) => mayReport(m, myId),
    }),
    [runtime, chat.id, chat.org_id, act, t, saveTo.open, saveTo.allowed, myId],
  );

  const jumpTo = useCallback((id: string) => {
    stick.current = false;
    setJumpId(id);
  }, []);

  const focusedId = activeId && indexOf.has(activeId) ? activeId : messages[messages.length - 1]?.id;
  const focusedIndex = focusedId ? indexOf.get(focusedId) ?? -1 : -1;
  const localTop = view.top - listTop();
  const range = visibleRange(offsets, localTop, view.height, OVERSCAN_PX);
  const rows = plan(offsets, range, focusedIndex >= 0 ? [focusedIndex] : []);
  const complete = timeline && !timeline.hasMoreBefore && !timeline.hasMoreAfter;
  const peerRead = Math.max(chat.peer_read_seq ?? 0, peerLive ?? 0);
  const typists = Object.values(typing ?? {});
  const showLatest = Boolean(timeline && !timeline.loading && (detached || !atBottom));

  return (
    <section className="chat" aria-labelledby="chat-title" {...drop.handlers}>
      {drop.overlay}
      <header className="chat-head">
        <Link href="/" className="back button ghost">
          <span aria-hidden="true">←</span> <span className="back-text">{t("chat.back")}</span>
        </Link>
        <div className="chat-head-main">
          <h1 id="chat-title">{title}</h1>
          <p className="chat-sub">
            {t(`kind.${chat.kind}` as Key)}
            {chat.kind !== "direct" && <> · {t("chat.members", { count: chat.member_count })}</>}
          </p>
        </div>
        <div className="chat-head-actions">
          <CallButtons chat={chat} />
          <Link href={`/search?chat=${chat.id}`} className="button ghost small search-in">
            {t("chat.searchIn")}
          </Link>
          <button type="button" className="ghost small" aria-haspopup="dialog" onClick={() => setInfoOpen(true)}>
            {t("chat.info")}
          </button>
          <ChatMuteButton chat={chat} />
        </div>
      </header>
      <CallJoinBar chat={chat} />
      <PinnedBar chat={chat} moderator={canPin} onJump={jumpTo} />
      <Alert>{error}</Alert>
      <div className="history-wrap">
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
          {timeline?.loading && messages.length === 0 && (
            <p className="muted pad" role="status">
              {t("common.loading")}
            </p>
          )}
          <ol className="messages" ref={listRef} aria-label={t("chat.history")} onKeyDown={onListKey}>
            {rows.rows.map((r, k) => {
              const m = messages[r.index] as Message;
              const mine = m.author_id === myId;
              const style: CSSProperties = {};
              if (r.gapBefore > 0) style.marginTop = r.gapBefore;
              if (k === rows.rows.length - 1 && rows.padBottom > 0) style.marginBottom = rows.padBottom;
              return (
                <li
                  key={m.id}
                  ref={rowRef}
                  data-row-id={m.id}
                  className="row"
                  style={style}
                  aria-setsize={complete ? messages.length : -1}
                  aria-posinset={r.index + 1}
                >
                  {separators[r.index] && (
                    <h2 className="day">
                      <span>{dayLabel(m.created_at, lang, t)}</span>
                    </h2>
                  )}
                  {m === firstUnread && !timeline?.loading && (
                    <p className="new-marker">
                      <span>{t("chat.newMessages")}</span>
                    </p>
                  )}
                  <MessageItem
                    m={m}
                    mine={mine}
                    canDelete={mine || moderator}
                    canPin={canPin}
                    reactionsOn={reactionsOn}
                    active={m.id === focusedId}
                    highlight={m.id === highlightId}
                    seen={mine && chat.kind === "direct" ? peerRead >= m.seq : null}
                    receipts={mine && chat.kind !== "direct" && chat.kind !== "channel"}
                    actions={actions}
                    avatar={!mine && m.author_id !== null && (separators[r.index] || messages[r.index - 1]?.author_id !== m.author_id)}
                  />
                </li>
              );
            })}
            {!detached &&
              pending.map((p) => (
                <li key={p.client_id} className="row">
                  <PendingItem
                    p={p}
                    onRetry={() => runtime.engine.retry(p.client_id)}
                    onDiscard={() => runtime.engine.discard(p.client_id)}
                  />
                </li>
              ))}
          </ol>
          {detached && (
            <div className="history-top">
              <button type="button" className="secondary small" onClick={() => void loadNewer()} disabled={loadingNewer}>
                {loadingNewer ? t("common.loading") : t("chat.loadNewer")}
              </button>
            </div>
          )}
        </div>
        {showLatest && (
          <button type="button" className="to-latest" onClick={() => void toLatest()}>
            <span aria-hidden="true">↓</span>
            {chat.unread > 0 ? t("chat.newBelow", { count: chat.unread }) : t("chat.toLatest")}
          </button>
        )}
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
      <ChatSafetyNotice chat={chat} />
      {mayPost ? (
        <Composer
          chat={chat}
          myId={myId}
          mode={mode}
          onMode={setMode}
          onSend={(body, replyTo, extra) => {
            if (detached) void toLatest();
            stick.current = true;
            runtime.send(chat.id, chat.org_id, body, replyTo, extra);
          }}
          onEdit={(id, body) => act(() => runtime.edit(chat.id, id, body))}
          onTyping={() => runtime.typing(chat.id)}
          lastMine={[...messages].reverse().find((m) => m.author_id === myId && !m.deleted) ?? null}
        />
      ) : (
        <p className="composer-note">{chat.archived ? t("chat.archived") : t("chat.readonly")}</p>
      )}
      {forwarding && <ForwardDialog from={chat} message={forwarding} onClose={() => setForwarding(null)} />}
      {reporting && (
        <ReportDialog
          orgId={chat.org_id}
          target={{
            kind: "message",
            chatId: chat.id,
            messageId: reporting.id,
            author: reporting.author_name ?? "",
            text: reporting.body,
          }}
          onClose={() => setReporting(null)}
        />
      )}
      {saveTo.dialog}
      {infoOpen && <ChatInfo chat={chat} myId={myId} onClose={() => setInfoOpen(false)} />}
    </section>
  );
}
