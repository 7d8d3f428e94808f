// The author's view of an assignment: who has handed in (when, late, comment, files) and
// who has not; close submissions; download everything as one zip. Refreshes live.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useRuntime } from "../../app/AppShell";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { FileCard } from "../files/MessageAttachments";
import { archiveUrl, closeAssignment, submissions, type Submissions } from "./api";
import { formatWhen } from "./AssignmentCard";
import { authorProgress, type Assignment } from "./status";

export function SubmissionsDialog({
  orgId,
  assignment,
  author,
  onCounts,
  onClose,
}: {
  orgId: string;
  assignment: Assignment;
  /** The teacher who set it: may close it and download the zip (moderators only look). */
  author: boolean;
  onCounts(c: { submitted: number; expected: number }): void;
  onClose(): void;
}) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [data, setData] = useState<Submissions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const load = useCallback(() => {
    submissions(orgId, assignment.id).then(
      (s) => {
        setData(s);
        onCounts({ submitted: s.submitted, expected: s.expected });
      },
      (err: unknown) => setError(errorText(t, err)),
    );
    // onCounts is a fresh closure each render; the load depends on the assignment only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orgId, assignment.id, t]);

  useEffect(() => load(), [load]);
  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (e.type === "assignment.updated" && e.data.assignment_id === assignment.id) load();
      }),
    [runtime, assignment.id, load],
  );

  const close = async () => {
    if (!window.confirm(t("homework.confirmClose"))) return;
    setBusy(true);
    setError(null);
    try {
      const a = await closeAssignment(orgId, assignment.id);
      runtime.store.dispatch({
        type: "event",
        event: { type: "assignment.updated", data: { assignment_id: a.id, closed: true } },
        now: Date.now(),
      });
      load();
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  const a = data?.assignment ?? assignment;
  const done = data?.students.filter((s) => s.submitted_at) ?? [];
  const missing = data?.students.filter((s) => !s.submitted_at) ?? [];
  const progress = data ? authorProgress({ ...a, submitted: data.submitted, expected: data.expected }) : null;

  return (
    <dialog ref={ref} className="dialog wide-dialog submissions-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>{t("homework.submissionsTitle", { title: a.title })}</h2>
      <p className="muted">
        {a.deadline ? t("homework.due", { date: formatWhen(a.deadline, lang) }) : t("homework.noDeadline")}
        {a.closed && <> · {t("homework.state.closed")}</>}
      </p>
      {progress && (
        <p className="assignment-progress" aria-live="polite" data-testid="submissions-progress">
          <strong>{t(progress.key, progress.vars)}</strong>
        </p>
      )}
      <Alert>{error}</Alert>
      {!data && !error && (
        <p className="muted" role="status">
          {t("common.loading")}
        </p>
      )}
      {data && (
        <>
          <h3>
            {t("homework.handedIn")} ({done.length})
          </h3>
          {done.length === 0 ? (
            <p className="muted">{t("homework.nobody")}</p>
          ) : (
            <ul className="submission-list">
              {done.map((s) => (
                <li key={s.account_id} className="submission" data-testid="submission">
                  <p className="submission-head">
                    <strong>{s.name}</strong>{" "}
                    <span className="muted">{formatWhen(s.submitted_at as string, lang)}</span>
                    {s.late && <span className="chip tone-late">{t("homework.late")}</span>}
                  </p>
                  {s.comment && <p className="submission-comment">{s.comment}</p>}
                  {s.files.length === 0 ? (
                    <p className="muted">{t("homework.noFiles")}</p>
                  ) : (
                    <ul className="plain-list">
                      {s.files.map((f) => (
                        <li key={f.id}>
                          <FileCard a={f} orgId={orgId} />
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h3>
            {t("homework.notHandedIn")} ({missing.length})
          </h3>
          {missing.length === 0 ? (
            <p className="muted">{t("homework.everyone")}</p>
          ) : (
            <ul className="missing-list">
              {missing.map((s) => (
                <li key={s.account_id}>{s.name}</li>
              ))}
            </ul>
          )}
        </>
      )}
      <div className="dialog-actions">
        {author && data && data.submitted > 0 && (
          <a className="button small" href={archiveUrl(orgId, a.id)} download>
            {t("homework.zip")}
          </a>
        )}
        {author && !a.closed && (
          <button type="button" className="danger" disabled={busy} onClick={() => void close()}>
            {t("homework.close")}
          </button>
        )}
        <button type="button" className="primary" onClick={() => ref.current?.close()}>
          {t("common.close")}
        </button>
      </div>
    </dialog>
  );
}
