// "Collect files": a teacher posts a task (title, description, deadline, materials); the
// message of kind "assignment" appears in the chat for everyone.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { createPortal } from "react-dom";
import { useRuntime } from "../../app/AppShell";
import { Alert, Field, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { Chat } from "../chats/types";
import { mayCollect } from "../files/api";
import { UploadTray } from "../files/UploadTray";
import { useUploads } from "../files/useUploads";
import { createAssignment } from "./api";
import { deadlineToIso, defaultDeadline } from "./status";

function newClientId(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** The composer's "Collect files" button, for verified staff in group chats. */
export function CollectButton({ chat }: { chat: Chat }) {
  const { t } = useI18n();
  const [allowed, setAllowed] = useState(false);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    let live = true;
    if (chat.kind === "direct") return;
    mayCollect(chat.org_id).then(
      (v) => live && setAllowed(v),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [chat.org_id, chat.kind]);
  if (!allowed) return null;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="ghost icon-button"
        aria-haspopup="dialog"
        aria-label={t("homework.collect")}
        title={t("homework.collect")}
        onClick={() => setOpen(true)}
      >
        {/* A tray with an arrow into it: work comes in. */}
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            d="M3.5 13.5h5l1.5 2.5h4l1.5-2.5h5M3.5 13.5 6 5.5h12l2.5 8v5a1 1 0 0 1-1 1h-15a1 1 0 0 1-1-1zM12 3v8m-3-3 3 3 3-3"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.7"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </button>
      {/* In a portal: the composer is a form, and forms must not nest. */}
      {open &&
        createPortal(
          <CollectDialog
            chat={chat}
            onClose={() => {
              setOpen(false);
              button.current?.focus();
            }}
          />,
          document.body,
        )}
    </>
  );
}

export function CollectDialog({ chat, onClose }: { chat: Chat; onClose(): void }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const uploads = useUploads(chat.org_id, chat.id);
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [deadline, setDeadline] = useState(() => defaultDeadline(new Date()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const clientId = useRef(newClientId());

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // React events bubble through portals: keep the composer from seeing this submit.
    e.stopPropagation();
    if (uploads.busy || busy) return;
    setBusy(true);
    setError(null);
    setFields({});
    try {
      const message = await createAssignment(chat.org_id, chat.id, {
        client_id: clientId.current,
        title: title.trim(),
        body: body.trim(),
        deadline: deadlineToIso(deadline),
        attachment_ids: uploads.ready.map((a) => a.id),
      });
      uploads.take();
      runtime.store.dispatch({ type: "sent", message });
      ref.current?.close();
    } catch (err) {
      setError(errorText(t, err));
      const f = (err as { fields?: Record<string, string> | null }).fields;
      if (f) setFields(f);
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog wide-dialog homework-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>{t("homework.collectTitle")}</h2>
      <p className="hint">{t("homework.collectHint")}</p>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <Field
          label={t("homework.title")}
          value={title}
          required
          maxLength={200}
          error={fields.title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <div className="field">
          <label htmlFor={`${id}-desc`}>{t("homework.description")}</label>
          <textarea id={`${id}-desc`} rows={3} maxLength={4000} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        <Field
          label={t("homework.deadline")}
          type="datetime-local"
          value={deadline}
          hint={t("homework.deadlineHint")}
          error={fields.deadline}
          onChange={(e) => setDeadline(e.target.value)}
        />
        <div className="field">
          <span className="field-label" id={`${id}-files`}>
            {t("homework.files")}
          </span>
          <UploadTray uploads={uploads} label={t("homework.files")} />
          <div>
            <button type="button" className="secondary small" aria-describedby={`${id}-files`} onClick={() => input.current?.click()}>
              {t("homework.addFiles")}
            </button>
            <input
              ref={input}
              type="file"
              multiple
              hidden
              data-testid="collect-files-input"
              onChange={(e) => {
                const list = e.target.files ? Array.from(e.target.files) : [];
                e.target.value = "";
                uploads.add(list);
              }}
            />
          </div>
        </div>
        <Alert>{error}</Alert>
        <div className="dialog-actions">
          <button type="button" onClick={() => ref.current?.close()}>
            {t("homework.cancel")}
          </button>
          <button type="submit" className="primary" disabled={busy || uploads.busy || !title.trim()}>
            {t("homework.create")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
