// Writing a message: Enter sends, Shift+Enter starts a new line, Escape cancels a reply or
// an edit, ArrowUp in an empty box edits my last message. Drafts stay per chat in memory.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useT } from "../../i18n";
import type { Chat, Message, ReplyRef } from "./types";

export type ComposerMode = { kind: "new" } | { kind: "reply"; message: Message } | { kind: "edit"; message: Message };

const drafts = new Map<string, string>();
const MAX = 20000;

interface Props {
  chat: Chat;
  mode: ComposerMode;
  onMode(m: ComposerMode): void;
  onSend(body: string, replyTo: ReplyRef | null): void;
  onEdit(id: string, body: string): Promise<void>;
  onTyping(): void;
  lastMine: Message | null;
}

export function Composer({ chat, mode, onMode, onSend, onEdit, onTyping, lastMine }: Props) {
  const t = useT();
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(() => drafts.get(chat.id) ?? "");

  useEffect(() => {
    if (mode.kind === "edit") setText(mode.message.body);
    if (mode.kind !== "new") box.current?.focus();
  }, [mode]);

  useEffect(() => {
    if (mode.kind !== "edit") drafts.set(chat.id, text);
  }, [text, chat.id, mode.kind]);

  // Grow with the text up to a few lines.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body) return;
    if (mode.kind === "edit") {
      void onEdit(mode.message.id, body);
      setText(drafts.get(chat.id) ?? "");
    } else {
      const m = mode.kind === "reply" ? mode.message : null;
      onSend(
        body,
        m ? { id: m.id, author_name: m.author_name, text: m.body.slice(0, 200), deleted: m.deleted } : null,
      );
      setText("");
      drafts.delete(chat.id);
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
      <div className="composer-row">
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
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value && mode.kind !== "edit") onTyping();
          }}
          onKeyDown={onKey}
        />
        <button type="submit" className="primary" disabled={!text.trim()}>
          {mode.kind === "edit" ? t("chat.saveEdit") : t("chat.send")}
        </button>
      </div>
      <p id={`${id}-hint`} className="hint composer-hint">
        {t("chat.composerHint")}
      </p>
    </form>
  );
}
