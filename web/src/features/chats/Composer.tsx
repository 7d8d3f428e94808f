// Writing a message: Enter sends, Shift+Enter starts a new line, Escape cancels a reply or
// an edit, ArrowUp in an empty box edits my last message. "@" suggests the chat's members
// (and "@all" for moderators): the box shows "@Name", the server gets `<@ACCOUNT_ID>`.
// Drafts stay per chat: in memory at once, on the server (and my other devices) after a
// pause in typing, restored from the chat list's `draft`.
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { useT } from "../../i18n";
import { fromWire, insertMention, matchPeople, mentionQuery, toWire, type MentionPerson, type MentionQuery } from "./mentions";
import type { Chat, Message, ReplyRef } from "./types";
import type { Runtime } from "../../realtime/runtime";
import { PollButton } from "../polls/PollButton";
import { AckToggle, noSlip, slipExtra } from "../acks/AckToggle";
import { useVerifiedStaffIn } from "../acks/staff";
import { ComposerTools, useComposerFiles } from "../files/ComposerFiles";
import { UploadTray } from "../files/UploadTray";
import { VoiceButton } from "../files/VoiceButton";

export type ComposerMode = { kind: "new" } | { kind: "reply"; message: Message } | { kind: "edit"; message: Message };
type Member = Schemas["ChatMemberOut"];

const drafts = new Map<string, string>();
const MAX = 4000;
const ALL: MentionPerson = { account_id: "all", name: "all" };

/** Members of a chat, fetched once per chat while the page lives (for mentions). */
const memberCache = new Map<string, Promise<Member[]>>();
export function chatMembers(chat: Chat): Promise<Member[]> {
  let p = memberCache.get(chat.id);
  if (!p) {
    p = ok(
      api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/members", {
        params: { path: { org_id: chat.org_id, chat_id: chat.id } },
      }),
    );
    p.catch(() => memberCache.delete(chat.id));
    memberCache.set(chat.id, p);
  }
  return p;
}
export function forgetMembers(chatId: string): void {
  memberCache.delete(chatId);
}

interface Props {
  chat: Chat;
  myId: string;
  mode: ComposerMode;
  onMode(m: ComposerMode): void;
  onSend(body: string, replyTo: ReplyRef | null, extra?: Parameters<Runtime["send"]>[4]): void;
  onEdit(id: string, body: string): Promise<void>;
  onTyping(): void;
  lastMine: Message | null;
}

export function Composer({ chat, myId, mode, onMode, onSend, onEdit, onTyping, lastMine }: Props) {
  const t = useT();
  const runtime = useRuntime();
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(() => drafts.get(chat.id) ?? chat.draft ?? "");
  const [members, setMembers] = useState<Member[] | null>(null);
  const [chosen, setChosen] = useState<MentionPerson[]>([]);
  const [mq, setMq] = useState<MentionQuery | null>(null);
  const [option, setOption] = useState(0);
  const moderator = chat.my_role === "owner" || chat.my_role === "moderator";
  // "Important: ask to confirm" (acks): verified staff, not in direct chats.
  const [important, setImportant] = useState(false);
  const [slip, setSlip] = useState(noSlip);
  const mayAskAck = useVerifiedStaffIn(chat.org_id, myId) && chat.kind !== "direct";
  // Attachments (files): uploads run at once; sending waits for them.
  const files = useComposerFiles(chat);

  const needMembers = useCallback(() => {
    if (members === null && chat.kind !== "direct") {
      chatMembers(chat)
        .then(setMembers)
        .catch(() => setMembers([]));
    }
  }, [members, chat]);

  const people: MentionPerson[] = useMemo(
    () => (members ?? []).filter((m) => m.account_id !== myId && m.status === "active"),
    [members, myId],
  );

  useEffect(() => {
    if (mode.kind === "edit") {
      // Mentions back to names for editing (members known by then, or the raw token stays).
      const names = new Map((members ?? []).map((m) => [m.account_id, m.name]));
      setText(fromWire(mode.message.body, names));
      if (mode.message.mentions.length && members === null) needMembers();
    }
    if (mode.kind !== "new") box.current?.focus();
    // Only when the mode changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode]);

  useEffect(() => {
    if (mode.kind === "edit" && members) {
      const names = new Map(members.map((m) => [m.account_id, m.name]));
      setText((cur) => fromWire(cur, names));
    }
  }, [members, mode.kind]);

  useEffect(() => {
    if (mode.kind !== "edit") drafts.set(chat.id, text);
  }, [text, chat.id, mode.kind]);

  // Leaving the chat saves its draft at once.
  useEffect(() => () => runtime.flushDrafts(), [runtime, chat.id]);

  // Grow with the text up to a few lines.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  const suggestions = useMemo(() => {
    if (!mq || chat.kind === "direct") return [];
    const found: MentionPerson[] = matchPeople(people, mq.query, 7);
    if (moderator && "all".startsWith(mq.query.toLowerCase())) found.push(ALL);
    return found;
  }, [mq, people, moderator, chat.kind]);
  const listOpen = mq !== null && members !== null && chat.kind !== "direct";

  const updateQuery = (value: string, caret: number) => {
    const q = mentionQuery(value, caret);
    setMq(q);
    setOption(0);
    if (q) needMembers();
  };

  const choose = (p: MentionPerson) => {
    const el = box.current;
    if (!mq || !el) return;
    const caret = el.selectionStart ?? text.length;
    const label = p === ALL ? "all" : p.name;
    const next = insertMention(text, mq, caret, label);
    setText(next.text);
    if (p !== ALL) setChosen((c) => [p, ...c.filter((x) => x.account_id !== p.account_id)]);
    setMq(null);
    if (mode.kind !== "edit") runtime.draft(chat.id, next.text);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const body = toWire(text.trim(), [...chosen, ...people]);
    if (files.busy && mode.kind !== "edit") return;
    if (!body && (mode.kind === "edit" || !files.ready.length)) return;
    setMq(null);
    if (mode.kind === "edit") {
      void onEdit(mode.message.id, body);
      setText(drafts.get(chat.id) ?? "");
    } else {
      const m = mode.kind === "reply" ? mode.message : null;
      onSend(
        body,
        m ? { id: m.id, author_name: m.author_name, text: m.body.slice(0, 200), deleted: m.deleted } : null,
        important || files.ready.length ? { ...(important ? { ack_required: true, ...slipExtra(slip) } : {}), ...files.extra() } : undefined,
      );
      setImportant(false);
      setSlip(noSlip);
      setText("");
      setChosen([]);
      drafts.delete(chat.id);
      runtime.draft(chat.id, "");
      runtime.flushDrafts();
    }
    onMode({ kind: "new" });
    box.current?.focus();
  };

  const cancel = () => {
    if (mode.kind === "edit") setText(drafts.get(chat.id) ?? "");
    onMode({ kind: "new" });
    box.current?.focus();
  };

  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (listOpen && suggestions.length > 0) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const d = e.key === "ArrowDown" ? 1 : -1;
        setOption((o) => (o + d + suggestions.length) % suggestions.length);
        return;
      }
      if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey) {
        e.preventDefault();
        const p = suggestions[option];
        if (p) choose(p);
        return;
      }
    }
    if (listOpen && e.key === "Escape") {
      e.preventDefault();
      setMq(null);
      return;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === "Escape" && mode.kind !== "new") {
      e.preventDefault();
      cancel();
    } else if (e.key === "ArrowUp" && !text && mode.kind === "new" && lastMine) {
      e.preventDefault();
      onMode({ kind: "edit", message: lastMine });
    }
  };

  const listId = `${id}-mentions`;
  const optionId = (i: number) => `${id}-opt-${i}`;

  return (
    <form className="composer" onSubmit={submit}>
      {mode.kind !== "new" && (
        <div className="composer-context">
          <span>
            {mode.kind === "reply" ? t("chat.replyTo", { name: mode.message.author_name ?? "" }) : t("chat.editing")}
            {mode.kind === "reply" && <span className="composer-quote"> — {mode.message.body.slice(0, 120)}</span>}
          </span>
          <button type="button" className="small ghost" onClick={cancel}>
            {mode.kind === "reply" ? t("chat.cancelReply") : t("chat.cancelEdit")}
          </button>
        </div>
      )}
      {listOpen && (
        <div className="mention-pop">
          <p className="mention-title" id={`${listId}-label`}>
            {t("chat.mentionList")} <span className="hint">· {t("chat.mentionHint")}</span>
          </p>
          {suggestions.length === 0 ? (
            <p className="muted mention-none" role="status">
              {t("chat.mentionNone")}
            </p>
          ) : (
            <ul id={listId} role="listbox" aria-labelledby={`${listId}-label`} className="mention-list">
              {suggestions.map((p, i) => (
                <li
                  key={p.account_id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === option}
                  className={i === option ? "mention-option active" : "mention-option"}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(p);
                  }}
                >
                  {p === ALL ? (
                    <>
                      <strong>@all</strong> <span className="muted">— {t("chat.mentionAll")}</span>
                    </>
                  ) : (
                    <>@{p.name}</>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {mode.kind !== "edit" && <UploadTray uploads={files} />}
      <div className="composer-row">
        {mode.kind !== "edit" && <ComposerTools chat={chat} files={files} />}
        <PollButton chat={chat} />
        <label htmlFor={id} className="sr-only">
          {t("chat.composer")}
        </label>
        <textarea
          id={id}
          ref={box}
          rows={1}
          maxLength={MAX}
          value={text}
          placeholder={t("chat.placeholder")}
          aria-describedby={`${id}-hint`}
          aria-controls={listOpen && suggestions.length ? listId : undefined}
          aria-activedescendant={listOpen && suggestions.length ? optionId(option) : undefined}
          onChange={(e) => {
            const value = e.target.value;
            setText(value);
            updateQuery(value, e.target.selectionStart ?? value.length);
            if (mode.kind !== "edit") {
              runtime.draft(chat.id, value);
              if (value) onTyping();
            }
          }}
          onSelect={(e) => {
            const el = e.currentTarget;
            if (mq) updateQuery(el.value, el.selectionStart ?? el.value.length);
          }}
          onBlur={() => setMq(null)}
          onKeyDown={onKey}
          onPaste={mode.kind !== "edit" ? files.onPaste : undefined}
        />
        {mode.kind === "new" && !text.trim() && !files.items.length && (
          <VoiceButton chat={chat} onVoice={(a) => onSend("", null, { attachment_ids: [a.id], attachments: [a] })} />
        )}
        <button
          type="submit"
          className="primary"
          disabled={mode.kind === "edit" ? !text.trim() : files.busy || (!text.trim() && !files.ready.length)}
          title={files.busy ? t("files.waitUploads") : undefined}
        >
          {mode.kind === "edit" ? t("chat.saveEdit") : t("chat.send")}
        </button>
      </div>
      {mayAskAck && mode.kind !== "edit" && <AckToggle checked={important} onChange={setImportant} slip={slip} onSlip={setSlip} />}
      <p id={`${id}-hint`} className="hint composer-hint">
        {t("chat.composerHint")}
      </p>
    </form>
  );
}
