// The chat's files, by kind (photos and videos, documents, audio and voice), newest first,
// a page at a time; each leads to its message. Shown in the chat info dialog.
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { navigate } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { Chat } from "../chats/types";
import { timeLabel } from "../chats/format";
import { chatFiles, type FilesPage } from "./api";
import { FILE_TABS, TAB_ORDER, type Attachment, type AttachmentKind, type FilesTab as Tab } from "./format";
import { FileCard, Thumb, VoicePlayer } from "./MessageAttachments";
import { Viewer } from "./Viewer";

type Item = FilesPage["items"][number];
interface KindState {
  items: Item[];
  next: string | null;
  done: boolean;
}
const PAGE = 24;

/** Items of several kinds merged newest first (each kind pages on its own). */
function merged(state: Partial<Record<AttachmentKind, KindState>>): Item[] {
  return Object.values(state)
    .flatMap((s) => s?.items ?? [])
    .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
}

export function FilesTab({ chat, onJump }: { chat: Chat; onJump(): void }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [tab, setTab] = useState<Tab>("media");
  const [state, setState] = useState<Partial<Record<AttachmentKind, KindState>>>({});
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const generation = useRef(0);

  const load = useCallback(
    async (which: Tab, from: Partial<Record<AttachmentKind, KindState>>) => {
      const gen = generation.current;
      setLoading(true);
      setError(null);
      try {
        const kinds = FILE_TABS[which].filter((k) => !from[k]?.done);
        const pages = await Promise.all(kinds.map((k) => chatFiles(chat.org_id, chat.id, k, from[k]?.next ?? null, PAGE)));
        if (gen !== generation.current) return;
        const next = { ...from };
        kinds.forEach((k, i) => {
          const p = pages[i] as FilesPage;
          next[k] = { items: [...(from[k]?.items ?? []), ...p.items], next: p.next_before ?? null, done: !p.next_before };
        });
        setState(next);
      } catch (err) {
        if (gen === generation.current) setError(errorText(t, err));
      }
      if (gen === generation.current) setLoading(false);
    },
    [chat.org_id, chat.id, t],
  );

  useEffect(() => {
    generation.current++;
    setState({});
    void load(tab, {});
  }, [tab, load]);

  const items = merged(state);
  const more = FILE_TABS[tab].some((k) => state[k] && !state[k].done);
  const images = items.filter((i) => i.attachment.kind === "image").map((i) => i.attachment);

  const jump = (messageId: string) => {
    onJump();
    navigate(`/chats/${chat.id}?msg=${messageId}`);
  };

  const onTabKey = (e: KeyboardEvent, i: number) => {
    const d = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!d && e.key !== "Home" && e.key !== "End") return;
    e.preventDefault();
    const j = e.key === "Home" ? 0 : e.key === "End" ? TAB_ORDER.length - 1 : (i + d + TAB_ORDER.length) % TAB_ORDER.length;
    setTab(TAB_ORDER[j] as Tab);
    tabs.current[j]?.focus();
  };

  const when = (iso: string) =>
    new Intl.DateTimeFormat(lang, { day: "numeric", month: "short" }).format(new Date(iso)) + ", " + timeLabel(iso, lang);

  return (
    <section className="files-tab" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("filesTab.title")}</h3>
      <div role="tablist" aria-label={t("filesTab.tabs")} className="files-tabs">
        {TAB_ORDER.map((k, i) => (
          <button
            key={k}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${k}`}
            aria-selected={tab === k}
            aria-controls={`${id}-panel`}
            tabIndex={tab === k ? 0 : -1}
            className="files-tab-button"
            onClick={() => setTab(k)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t(`filesTab.${k}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`} className="files-panel">
        <Alert>{error}</Alert>
        {items.length === 0 && !loading && !error && <p className="muted">{t("filesTab.empty")}</p>}
        {tab === "media" ? (
          <ul className="files-media">
            {items.map((i) => (
              <li key={i.attachment.id} className="files-media-item">
                {i.attachment.kind === "image" ? (
                  <Thumb
                    a={i.attachment}
                    orgId={chat.org_id}
                    onOpen={() => setViewing(images.findIndex((a) => a.id === i.attachment.id))}
                  />
                ) : (
                  <FileCard a={i.attachment} orgId={chat.org_id} />
                )}
                <button
                  type="button"
                  className="link small"
                  aria-label={t("filesTab.jumpTo", { name: i.attachment.name })}
                  onClick={() => jump(i.message_id)}
                >
                  {t("filesTab.jump")}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <ul className="files-list">
            {items.map((i) => (
              <li key={i.attachment.id}>
                <FileRow item={i} chat={chat} when={when(i.created_at)} onJump={() => jump(i.message_id)} />
              </li>
            ))}
          </ul>
        )}
        {loading && (
          <p className="muted" role="status">
            {t("common.loading")}
          </p>
        )}
        {more && !loading && (
          <button type="button" className="secondary small" onClick={() => void load(tab, state)}>
            {t("filesTab.more")}
          </button>
        )}
      </div>
      {viewing !== null && viewing >= 0 && (
        <Viewer images={images as Attachment[]} start={viewing} orgId={chat.org_id} onClose={() => setViewing(null)} />
      )}
    </section>
  );
}

function FileRow({ item, chat, when, onJump }: { item: Item; chat: Chat; when: string; onJump(): void }) {
  const { t } = useI18n();
  const by = <span className="file-meta">{t("filesTab.by", { author: item.author_name ?? "", date: when })}</span>;
  const jump = (
    <button type="button" className="link small" aria-label={t("filesTab.jumpTo", { name: item.attachment.name })} onClick={onJump}>
      {t("filesTab.jump")}
    </button>
  );
  if (item.attachment.kind === "voice") {
    return (
      <div className="files-voice">
        <VoicePlayer a={item.attachment} orgId={chat.org_id} />
        {by}
        {jump}
      </div>
    );
  }
  return (
    <FileCard
      a={item.attachment}
      orgId={chat.org_id}
      extra={
        <>
          {by} {jump}
        </>
      }
    />
  );
}
