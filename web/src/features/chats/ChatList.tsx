// The chat list of one organisation: pinned first, unread and mention badges, a filter.
import { useState } from "react";
import { useRuntime } from "../../app/AppShell";
import { Link } from "../../app/router";
import { useI18n, type Key } from "../../i18n";
import { useStore } from "../../lib/store";
import { shortWhen } from "./format";
import { chatList } from "./reducer";
import type { Chat } from "./types";

export function chatTitle(chat: Chat, t: (k: Key) => string): string {
  if (chat.kind === "direct") return chat.peer?.name ?? t("kind.direct");
  return chat.title || t(`kind.${chat.kind}` as Key);
}

type Preview = NonNullable<Chat["last_message"]>;

/** What the list shows of a last message that may be a call, a poll, a task or files. */
export function previewText(last: Preview, t: (k: Key) => string): string {
  const kind = last.kind ?? "text";
  if (kind === "call") return t("list.call");
  if (kind === "poll") return last.text ? `📊 ${last.text}` : t("list.poll");
  if (kind === "assignment") return last.text ? `📝 ${last.text}` : t("list.task");
  if (kind === "hidden") return t("safety.hidden"); // by the school's word filter
  if (!last.text && (last.files ?? 0) > 0) return t("list.files");
  return last.text;
}

export function ChatList({ orgId, activeId }: { orgId: string | null; activeId: string | null }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const state = useStore(runtime.store, (s) => s);
  const [filter, setFilter] = useState("");
  const all = chatList(state, orgId);
  if (!state.synced) return <p className="muted pad">{t("common.loading")}</p>;
  if (all.length === 0) return <p className="muted pad">{t("list.empty")}</p>;
  const wanted = fold(filter.trim());
  const chats = wanted ? all.filter((c) => fold(chatTitle(c, t)).includes(wanted)) : all;
  return (
    <>
      <div className="chat-filter">
        <input
          type="search"
          className="input"
          aria-label={t("list.filter")}
          placeholder={t("list.filter")}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {chats.length === 0 && <p className="muted pad">{t("list.noMatch")}</p>}
      <ul className="chat-list">
      {chats.map((c) => {
        const title = chatTitle(c, t);
        const last = c.last_message;
        const preview = c.draft
          ? `${t("list.draft")}: ${c.draft}`
          : last
            ? last.deleted
              ? t("list.deleted")
              : `${last.author_name ? last.author_name + ": " : ""}${previewText(last, t)}`
            : t("list.noMessages");
        return (
          <li key={c.id}>
            <Link
              href={`/chats/${c.id}`}
              className={c.unread > 0 ? "chat-item unread" : "chat-item"}
              aria-current={c.id === activeId ? "page" : undefined}
            >
              <span className="chat-item-top">
                <span className="chat-item-title">{title}</span>
                {c.last_message_at && (
                  <time className="chat-item-time" dateTime={c.last_message_at}>
                    {shortWhen(c.last_message_at, lang)}
                  </time>
                )}
              </span>
              <span className="chat-item-bottom">
                <span className="chat-item-preview">{preview}</span>
                <span className="chat-item-badges">
                  {c.pinned && (
                    <span className="pin" title={t("list.pinned")}>
                      <span aria-hidden="true">📌</span>
                      <span className="sr-only">{t("list.pinned")}</span>
                    </span>
                  )}
                  {c.muted && <span className="sr-only">{t("list.muted")}</span>}
                  {c.mentions > 0 && (
                    <span className="badge mention">
                      <span aria-hidden="true">@</span>
                      <span className="sr-only">{t("list.mentions", { count: c.mentions })}</span>
                    </span>
                  )}
                  {c.unread > 0 && (
                    <span className={c.muted ? "badge muted-badge" : "badge"}>
                      <span aria-hidden="true">{c.unread > 99 ? "99+" : c.unread}</span>
                      <span className="sr-only">{t("list.unread", { count: c.unread })}</span>
                    </span>
                  )}
                </span>
              </span>
            </Link>
          </li>
        );
      })}
      </ul>
    </>
  );
}

/** Case- and ё-insensitive form for matching titles. */
function fold(text: string): string {
  return text.toLocaleLowerCase("ru").replaceAll("ё", "е");
}
