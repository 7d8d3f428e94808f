// One support request's thread, for whoever reads it (the requester, the organisation's
// administrators, the operator): the entries with their files, the reply form (staff may
// leave internal notes), status buttons and, for administrators, passing it on to platform
// support. The server decides what each person sees and may do (detail.actions).
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Alert, errorText } from "../../components/ui";
import { useI18n, type Key, type Lang, type T } from "../../i18n";
import { MAX_FILES, type Detail, type Entry, type ThreadApi, type TicketStatus } from "./api";

export function when(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function StatusPill({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  const tone = status === "open" ? "accent" : status === "answered" ? "ok" : "";
  return <span className={`status-pill help-pill ${tone}`}>{t(`help.status.${status}` as Key)}</span>;
}

function authorLabel(t: T, e: Entry): string {
  if (e.mine) return t("help.you");
  if (!e.author) return t("help.platformSupport");
  if (e.side === "org") return t("help.asAdmin", { name: e.author.name });
  if (e.side === "platform") return t("help.asPlatform", { name: e.author.name });
  return e.author.name;
}

function EntryItem({ e }: { e: Entry }) {
  const { t, lang } = useI18n();
  if (e.kind === "event") {
    return (
      <li className="help-event">
        <span>{t(`help.event.${e.event ?? "closed"}` as Key)}</span>{" "}
        <time className="muted" dateTime={e.created_at}>
          {when(e.created_at, lang)}
        </time>
      </li>
    );
  }
  const cls = ["help-entry", `side-${e.side}`, e.kind === "note" ? "note" : "", e.mine ? "mine" : ""].join(" ");
  return (
    <li className={cls}>
      <article aria-label={`${authorLabel(t, e)}, ${when(e.created_at, lang)}`}>
        <header className="help-entry-head">
          <strong>{authorLabel(t, e)}</strong>
          {e.kind === "note" && <span className="help-note-tag">{t("help.noteTag")}</span>}
          <time className="muted" dateTime={e.created_at}>
            {when(e.created_at, lang)}
          </time>
        </header>
        {e.html && <div className="msg-body help-body" dangerouslySetInnerHTML={{ __html: e.html }} />}
        {e.files.length > 0 && (
          <ul className="help-files" aria-label={t("help.files")}>
            {e.files.map((f) => (
              <li key={f.id}>
                <a href={f.url} target="_blank" rel="noopener noreferrer">
                  {f.thumb_url ? <img src={f.thumb_url} alt="" width={64} height={64} /> : <span aria-hidden="true">📎</span>}
                  <span>{f.name}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </article>
    </li>
  );
}

/** The file picker of a form: up to five files, each removable before sending. */
export function FilePicker({ files, onChange }: { files: File[]; onChange(files: File[]): void }) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="field help-filepick">
      <label htmlFor={id}>
        {t("help.attach")} <span className="muted">({t("help.attachHint", { count: MAX_FILES })})</span>
      </label>
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        disabled={files.length >= MAX_FILES}
        onChange={(ev) => {
          const picked = Array.from(ev.target.files ?? []);
          onChange([...files, ...picked].slice(0, MAX_FILES));
          ev.target.value = "";
        }}
      />
      {files.length > 0 && (
        <ul className="help-picked">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <span>{f.name}</span>
              <button
                type="button"
                className="link"
                onClick={() => onChange(files.filter((_, j) => j !== i))}
                aria-label={t("help.removeFile", { name: f.name })}
              >
                {t("help.remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const STATUS_ACTION: Record<TicketStatus, Key> = {
  open: "help.action.open",
  answered: "help.action.answered",
  closed: "help.action.closed",
};

export function Thread({
  detail,
  api,
  onChange,
  showOrg = false,
}: {
  detail: Detail;
  api: ThreadApi;
  onChange(d: Detail): void;
  /** The operator's console names the organisation. */
  showOrg?: boolean;
}) {
  const { t, lang } = useI18n();
  const [body, setBody] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [internal, setInternal] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState("");
  const [escalating, setEscalating] = useState(false);
  const [note, setNote] = useState("");
  const replyId = useId();
  const noteId = useId();
  const count = useRef(detail.entries.length);

  // Entries that arrive while the page is open (another person's reply) are announced.
  useEffect(() => {
    if (detail.entries.length > count.current) {
      const last = detail.entries[detail.entries.length - 1];
      if (last && !last.mine) setSaid(t("help.newEntry", { name: authorLabel(t, last) }));
    }
    count.current = detail.entries.length;
  }, [detail.entries, t]);

  const act = async (run: () => Promise<Detail>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      const d = await run();
      count.current = d.entries.length;
      onChange(d);
      setSaid(done);
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!body.trim() && files.length === 0) {
      setError(null);
      setSaid(t("help.writeSomething"));
      return;
    }
    const sent = await act(() => api.send(body, files, internal), internal ? t("help.noteSaved") : t("help.sent"));
    if (sent) {
      setBody("");
      setFiles([]);
      setInternal(false);
    }
  };

  const escalate = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!api.escalate) return;
    const run = api.escalate;
    if (await act(() => run(note), t("help.escalated"))) {
      setEscalating(false);
      setNote("");
    }
  };

  const { actions } = detail;
  return (
    <div className="help-thread-wrap">
      <dl className="help-facts">
        <div>
          <dt>{t("help.statusLabel")}</dt>
          <dd>
            <StatusPill status={detail.status} />
          </dd>
        </div>
        {detail.escalated && (
          <div>
            <dt>{t("help.escalatedLabel")}</dt>
            <dd>{when(detail.escalated_at, lang)}</dd>
          </div>
        )}
        {showOrg && (
          <div>
            <dt>{t("help.org")}</dt>
            <dd>{detail.org_name}</dd>
          </div>
        )}
        {detail.my_side !== "requester" && (
          <div>
            <dt>{t("help.requester")}</dt>
            <dd>
              {detail.requester.name}
              {detail.requester.roles.length > 0 &&
                ` (${detail.requester.roles.map((r) => t(`help.role.${r}` as Key)).join(", ")})`}
            </dd>
          </div>
        )}
        <div>
          <dt>{t("help.opened")}</dt>
          <dd>{when(detail.created_at, lang)}</dd>
        </div>
      </dl>

      <ol className="help-thread" aria-label={t("help.thread")}>
        {detail.entries.map((e) => (
          <EntryItem key={e.id} e={e} />
        ))}
      </ol>
      <p className="sr-only" role="status" aria-live="polite">
        {said}
      </p>
      {error !== null && <Alert>{errorText(t, error)}</Alert>}

      {actions.reply && (
        <form className="help-reply stack" onSubmit={(ev) => void submit(ev)}>
          <div className="field">
            <label htmlFor={replyId}>{internal ? t("help.noteLabel") : t("help.replyLabel")}</label>
            <textarea id={replyId} rows={4} maxLength={8000} value={body} onChange={(ev) => setBody(ev.target.value)} />
          </div>
          <FilePicker files={files} onChange={setFiles} />
          {actions.note && (
            <label className="check">
              <input type="checkbox" checked={internal} onChange={(ev) => setInternal(ev.target.checked)} />
              {t("help.internal")}
            </label>
          )}
          <div className="help-buttons">
            <button type="submit" className="primary" disabled={busy}>
              {internal ? t("help.saveNote") : t("help.send")}
            </button>
          </div>
        </form>
      )}

      {(actions.statuses.length > 0 || actions.escalate) && (
        <div className="help-buttons help-status-actions" role="group" aria-label={t("help.actions")}>
          {actions.statuses.map((s) => (
            <button key={s} type="button" disabled={busy} onClick={() => void act(() => api.setStatus(s), t(`help.statusSet.${s}` as Key))}>
              {t(STATUS_ACTION[s])}
            </button>
          ))}
          {actions.escalate && api.escalate && !escalating && (
            <button type="button" onClick={() => setEscalating(true)}>
              {t("help.escalate")}
            </button>
          )}
        </div>
      )}
      {escalating && (
        <form className="help-escalate stack" onSubmit={(ev) => void escalate(ev)} aria-label={t("help.escalate")}>
          <p>{t("help.escalateHint")}</p>
          <div className="field">
            <label htmlFor={noteId}>{t("help.escalateNote")}</label>
            <textarea id={noteId} rows={3} maxLength={8000} value={note} onChange={(ev) => setNote(ev.target.value)} autoFocus />
          </div>
          <div className="help-buttons">
            <button type="submit" className="primary" disabled={busy}>
              {t("help.escalateConfirm")}
            </button>
            <button type="button" onClick={() => setEscalating(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
