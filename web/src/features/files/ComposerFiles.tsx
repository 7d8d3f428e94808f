// Attachments in the composer: the attach button (file picker), files dropped onto the chat
// or pasted from the clipboard, the uploads tray; and the drop zone over the chat view.
import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent, type ReactNode } from "react";
import { useI18n } from "../../i18n";
import type { Chat } from "../chats/types";
import { CollectButton } from "../homework/CollectDialog";
import "./files.css";
import type { Attachment } from "./format";
import { dragHasFiles, filesFrom, useUploads, type Uploads } from "./useUploads";

/** Who takes files dropped onto a chat: the composer of that chat, while it is shown. */
const dropTargets = new Map<string, (files: File[]) => void>();

export interface ComposerFiles extends Uploads {
  onPaste(e: ClipboardEvent<HTMLTextAreaElement>): void;
  /** What a message sends along: ids for the server, the attachments to show while pending. */
  extra(): { attachment_ids: string[]; attachments: Attachment[] } | undefined;
}

export function useComposerFiles(chat: Chat): ComposerFiles {
  const uploads = useUploads(chat.org_id, chat.id);
  const add = uploads.add;
  useEffect(() => {
    dropTargets.set(chat.id, add);
    return () => {
      if (dropTargets.get(chat.id) === add) dropTargets.delete(chat.id);
    };
  }, [chat.id, add]);
  return {
    ...uploads,
    onPaste(e) {
      const files = filesFrom(e.clipboardData);
      if (!files.length) return;
      e.preventDefault();
      add(files);
    },
    extra() {
      const ready = uploads.take();
      return ready.length ? { attachment_ids: ready.map((a) => a.id), attachments: ready } : undefined;
    },
  };
}

/** The attach button (and "Collect files" for teachers) left of the message box. */
export function ComposerTools({ chat, files }: { chat: Chat; files: ComposerFiles }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  return (
    <span className="composer-tools">
      <button
        type="button"
        className="ghost icon-button"
        aria-label={t("files.attach")}
        title={t("files.attach")}
        onClick={() => input.current?.click()}
      >
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            d="M16.5 6.5 8.4 14.6a2 2 0 0 0 2.8 2.8l8.1-8.1a4 4 0 0 0-5.7-5.7l-8.5 8.5a6 6 0 0 0 8.5 8.5l6.4-6.4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
          />
        </svg>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        aria-label={t("files.attach")}
        onChange={(e) => {
          const list = e.target.files ? Array.from(e.target.files) : [];
          e.target.value = "";
          files.add(list);
        }}
      />
      <CollectButton chat={chat} />
    </span>
  );
}

/** Drag files over the chat: a visible drop zone; dropping hands them to the composer. */
export function useFileDrop(chatId: string, enabled: boolean): {
  handlers: {
    onDragEnter(e: DragEvent): void;
    onDragOver(e: DragEvent): void;
    onDragLeave(e: DragEvent): void;
    onDrop(e: DragEvent): void;
  };
  overlay: ReactNode;
} {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const accepts = (e: DragEvent) => enabled && dragHasFiles(e.dataTransfer) && dropTargets.has(chatId);
  return {
    handlers: {
      onDragEnter(e) {
        if (!accepts(e)) return;
        e.preventDefault();
        depth.current++;
        setOver(true);
      },
      onDragOver(e) {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      },
      onDragLeave(e) {
        if (!accepts(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      },
      onDrop(e) {
        depth.current = 0;
        setOver(false);
        if (!enabled || !dragHasFiles(e.dataTransfer)) return;
        e.preventDefault();
        const files = filesFrom(e.dataTransfer);
        if (files.length) dropTargets.get(chatId)?.(files);
      },
    },
    overlay: over ? (
      <div className="drop-zone" aria-hidden="true">
        <span>{t("files.dropHere")}</span>
      </div>
    ) : null,
  };
}
