// The chat beside the call: the chat's own latest messages and a box that sends to it
// through the normal send path (queued offline, like the composer).
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useRuntime } from "../../app/AppShell";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { timeLabel } from "../chats/format";

export function CallChat({ chatId, orgId, myId }: { chatId: string; orgId: string; myId: string }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const timeline = useStore(runtime.store, (s) => s.timelines[chatId]);
  const pending = useStore(runtime.store, (s) => s.pending);
  const [text, setText] = useState("");
  const list = useRef<HTMLOListElement>(null);
  const messages = (timeline?.messages ?? []).filter((m) => !m.deleted && m.kind !== "call").slice(-50);
  const mine = pending.filter((p) => p.chat_id === chatId);

  useEffect(() => {
    if (!timeline) void runtime.loadLatest(chatId).catch(() => undefined);
  }, [timeline, runtime, chatId]);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: "end" });
  }, [messages.length, mine.length]);

  const send = (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    runtime.send(chatId, orgId, body, null);
    setText("");
  };

  return (
    <div className="call-chat">
      {messages.length === 0 && mine.length === 0 ? (
        <p className="muted">{t("calls.chatEmpty")}</p>
      ) : (
        <ol className="call-chat-list" ref={list} aria-label={t("calls.panelChat")}>
          {messages.map((m) => (
            <li key={m.id} className={m.author_id === myId ? "mine" : undefined}>
              <span className="call-chat-author">{m.author_id === myId ? t("calls.you") : m.author_name}</span>{" "}
              <time dateTime={m.created_at}>{timeLabel(m.created_at, lang)}</time>
              <p>{m.body}</p>
            </li>
          ))}
          {mine.map((p) => (
            <li key={p.client_id} className="mine pending">
              <span className="call-chat-author">{t("calls.you")}</span>
              <p>{p.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form className="call-chat-form" onSubmit={send}>
        <label className="sr-only" htmlFor="call-chat-box">
          {t("calls.chatBox")}
        </label>
        <input id="call-chat-box" value={text} onChange={(e) => setText(e.target.value)} placeholder={t("calls.chatBox")} autoComplete="off" />
        <button type="submit">{t("calls.send")}</button>
      </form>
    </div>
  );
}
