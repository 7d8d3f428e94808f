// A student's work for an assignment: my files and comment (private to the teacher); hand
// in, change or withdraw until the teacher closes it. Files upload to the chat first.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useRuntime } from "../../app/AppShell";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { FileCard } from "../files/MessageAttachments";
import { UploadTray } from "../files/UploadTray";
import { useUploads } from "../files/useUploads";
import { handIn, mySubmission, withdraw, type Submission } from "./api";
import { formatWhen } from "./AssignmentCard";
import { mayHandIn, type Assignment } from "./status";

export function HandInDialog({
  orgId,
  chatId,
  assignment,
  onClose,
}: {
  orgId: string;
  chatId: string;
  assignment: Assignment;
  onClose(): void;
}) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const uploads = useUploads(orgId, chatId);
  const [mine, setMine] = useState<Submission | null | undefined>(undefined);
  const [keep, setKeep] = useState<string[]>([]);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const open = mayHandIn(assignment);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    mySubmission(orgId, assignment.id).then(
      (s) => {
        setMine(s);
        setKeep(s?.files.map((f) => f.id) ?? []);
        setComment(s?.comment ?? "");
      },
      (err: unknown) => {
        setMine(null);
        setError(errorText(t, err));
      },
    );
  }, [orgId, assignment.id, t]);

  const tell = (submittedAt: string | null) =>
    runtime.store.dispatch({
      type: "event",
      event: { type: "assignment.mine", data: { assignment_id: assignment.id, submitted_at: submittedAt } },
      now: Date.now(),
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (uploads.busy || busy) return;
    const ids = [...keep, ...uploads.ready.map((a) => a.id)];
    if (!ids.length && !comment.trim()) {
      setError(t("homework.needFiles"));
      return;
    }
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const s = await handIn(orgId, assignment.id, comment.trim(), ids);
      uploads.take();
      setMine(s);
      setKeep(s.files.map((f) => f.id));
      setNote(t("homework.saved"));
      tell(s.submitted_at);
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  const pull = async () => {
    if (!window.confirm(t("homework.confirmWithdraw"))) return;
    setBusy(true);
    setError(null);
    try {
      await withdraw(orgId, assignment.id);
      setMine(null);
      setKeep([]);
      setNote(t("homework.withdrawn"));
      tell(null);
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  const kept = mine?.files.filter((f) => keep.includes(f.id)) ?? [];

  return (
    <dialog ref={ref} className="dialog wide-dialog homework-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>{t("homework.handInTitle", { title: assignment.title })}</h2>
      <p className="muted">
        {assignment.deadline ? t("homework.due", { date: formatWhen(assignment.deadline, lang) }) : t("homework.noDeadline")}
      </p>
      {mine === undefined ? (
        <p className="muted" role="status">
          {t("common.loading")}
        </p>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          {mine && (
            <p className="handin-status" data-testid="my-submission">
              {t("homework.submittedAt", { date: formatWhen(mine.submitted_at, lang) })}
              {mine.updated_at && mine.updated_at !== mine.submitted_at && <>, {t("homework.updatedAt", { date: formatWhen(mine.updated_at, lang) })}</>}
              {mine.late && <span className="chip tone-late"> {t("homework.late")}</span>}
            </p>
          )}
          {!open && <Alert kind="info">{t("homework.closedNote")}</Alert>}
          {kept.length > 0 && (
            <div className="field">
              <span className="field-label">{t("homework.myFiles")}</span>
              <ul className="plain-list">
                {kept.map((f) => (
                  <li key={f.id}>
                    <FileCard
                      a={f}
                      orgId={orgId}
                      extra={
                        open ? (
                          <button
                            type="button"
                            className="link small"
                            aria-label={t("files.removeFile", { name: f.name })}
                            onClick={() => setKeep((k) => k.filter((x) => x !== f.id))}
                          >
                            {t("files.remove")}
                          </button>
                        ) : undefined
                      }
                    />
                  </li>
                ))}
              </ul>
            </div>
          )}
          {open && (
            <>
              <UploadTray uploads={uploads} label={t("homework.myFiles")} />
              <div>
                <button type="button" className="secondary small" onClick={() => input.current?.click()}>
                  {t("homework.addFiles")}
                </button>
                <input
                  ref={input}
                  type="file"
                  multiple
                  hidden
                  data-testid="handin-input"
                  onChange={(e) => {
                    const list = e.target.files ? Array.from(e.target.files) : [];
                    e.target.value = "";
                    uploads.add(list);
                  }}
                />
              </div>
            </>
          )}
          <div className="field">
            <label htmlFor={`${id}-comment`}>{t("homework.comment")}</label>
            <textarea
              id={`${id}-comment`}
              rows={3}
              maxLength={2000}
              value={comment}
              readOnly={!open}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <Alert>{error}</Alert>
          <Alert kind="ok">{note}</Alert>
          <div className="dialog-actions">
            {mine && open && (
              <button type="button" className="danger" disabled={busy} onClick={() => void pull()}>
                {t("homework.withdraw")}
              </button>
            )}
            <button type="button" onClick={() => ref.current?.close()}>
              {t("common.close")}
            </button>
            {open && (
              <button type="submit" className="primary" disabled={busy || uploads.busy}>
                {mine ? t("homework.saveChanges") : t("homework.submit")}
              </button>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}
