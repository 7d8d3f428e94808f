// One report for its handlers: who reported whom and why, the message with its context as
// it was when reported (kept after deletion), the actions and their history, and closing
// with an outcome, an internal note and a reply to the reporter.
import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { Link } from "../../app/router";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { ViewHeading } from "../help/kit";
import { when } from "../operator/kit";
import {
  OUTCOMES,
  SILENCES,
  act,
  closeReport,
  getReport,
  liftSilence,
  type Action,
  type Outcome,
  type Report,
} from "./api";
import { statusKey } from "./logic";

export function ReportView({ orgId, reportId, onChange }: { orgId: string; reportId: string; onChange(): void }) {
  const { t, lang } = useI18n();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const load = useCallback(() => {
    getReport(orgId, reportId)
      .then((r) => {
        setReport(r);
        setError(null);
      })
      .catch(setError);
  }, [orgId, reportId]);
  useEffect(load, [load]);

  const updated = (r: Report, text: string) => {
    setReport(r);
    setNote(text);
    onChange();
  };

  if (error && !report) return <Alert>{errorText(t, error)}</Alert>;
  if (!report) return <Spinner label={t("common.loading")} />;
  const reason = t(`mod.reason.${report.reason}` as Key);
  return (
    <>
      <p className="help-backlink">
        <Link href="/moderation">
          <span aria-hidden="true">←</span> {t("mod.toQueue")}
        </Link>
      </p>
      <ViewHeading>{t("mod.detailTitle", { reason })}</ViewHeading>
      <dl className="help-facts">
        <div>
          <dt>{t("mod.target")}</dt>
          <dd>{report.target.name}</dd>
        </div>
        <div>
          <dt>{t("mod.reporter")}</dt>
          <dd>{report.reporter.name}</dd>
        </div>
        {report.chat && (
          <div>
            <dt>{t("mod.acc.chat")}</dt>
            <dd>{report.chat.title || t(`kind.${report.chat.kind}` as Key)}</dd>
          </div>
        )}
        <div>
          <dt>{t("mod.when")}</dt>
          <dd>{when(report.created_at, lang)}</dd>
        </div>
        <div>
          <dt>{t("mod.outcomeLegend")}</dt>
          <dd>
            <span className={`help-pill${report.status === "closed" ? " ok" : " accent"}`}>{t(statusKey(report))}</span>
          </dd>
        </div>
      </dl>
      {report.comment && (
        <section aria-labelledby="mod-comment">
          <h3 id="mod-comment">{t("mod.commentLabel")}</h3>
          <p className="help-card-text">{report.comment}</p>
        </section>
      )}
      {!report.as_handler && <Alert kind="info">{t("mod.notHandlerView")}</Alert>}
      {report.evidence && <EvidenceView report={report} />}
      <p className="sr-only" role="status">
        {note}
      </p>
      {note && <Alert kind="ok">{note}</Alert>}
      {report.as_handler && report.status === "open" && (
        <Actions orgId={orgId} report={report} onDone={(r) => updated(r, t("mod.done"))} />
      )}
      {report.as_handler && report.history.length > 0 && (
        <section aria-labelledby="mod-history">
          <h3 id="mod-history">{t("mod.history")}</h3>
          <ul className="mod-history">
            {report.history.map((h, i) => (
              <li key={i}>
                <time dateTime={h.created_at}>{when(h.created_at, lang)}</time> — {h.actor.name}{" "}
                {t(`mod.did.${h.action}` as Key)}
                {typeof h.data.outcome === "string" && `: ${t(`mod.outcome.${h.data.outcome}` as Key)}`}
                {typeof h.data.note === "string" && h.data.note && ` — «${h.data.note}»`}
              </li>
            ))}
          </ul>
        </section>
      )}
      {report.status === "closed" && (report.note || report.reply) && (
        <section aria-labelledby="mod-closed">
          <h3 id="mod-closed">{t("mod.closedAt", { when: when(report.closed_at, lang) })}</h3>
          {report.note && (
            <p>
              <strong>{t("mod.note")}:</strong> {report.note}
            </p>
          )}
          {report.reply && (
            <p>
              <strong>{t("mod.reply")}:</strong> {report.reply}
            </p>
          )}
        </section>
      )}
      {report.as_handler && report.status === "open" && (
        <CloseForm orgId={orgId} reportId={report.id} onDone={(r) => updated(r, t("mod.done"))} />
      )}
    </>
  );
}

function EvidenceView({ report }: { report: Report }) {
  const { t, lang } = useI18n();
  const proof = report.evidence;
  if (!proof) return null;
  return (
    <section aria-labelledby="mod-evidence" className="mod-evidence">
      <h3 id="mod-evidence">{t("mod.evidence")}</h3>
      <p className="muted">{t("mod.evidenceNote")}</p>
      {proof.deleted_since && <Alert kind="info">{proof.deleted_by_author ? t("mod.deletedByAuthor") : t("mod.deletedSince")}</Alert>}
      {proof.edited_since && !proof.deleted_since && <Alert kind="info">{t("mod.editedSince")}</Alert>}
      <ol className="mod-context">
        {proof.messages.map((m) => (
          <li key={m.id} className={m.reported ? "mod-reported" : undefined}>
            <article aria-label={m.reported ? t("mod.reportedMark") : undefined}>
              <p className="mod-msg-head">
                <strong>{m.author?.name ?? "—"}</strong> <time dateTime={m.created_at}>{when(m.created_at, lang)}</time>
                {m.reported && <span className="chip strong">{t("mod.reportedMark")}</span>}
              </p>
              {m.deleted ? (
                <p className="muted">{t("mod.alreadyDeleted")}</p>
              ) : (
                <p className="mod-msg-body">{m.body}</p>
              )}
              {m.files.length > 0 && (
                <p className="muted">{t("mod.files", { names: m.files.map((f) => f.name).join(", ") })}</p>
              )}
            </article>
          </li>
        ))}
      </ol>
      {proof.edits.length > 0 && (
        <details>
          <summary>{t("mod.earlier")}</summary>
          <ul>
            {proof.edits.map((e, i) => (
              <li key={i}>
                <time dateTime={e.edited_at}>{when(e.edited_at, lang)}</time>: {e.body}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function Actions({ orgId, report, onDone }: { orgId: string; report: Report; onDone(r: Report): void }) {
  const { t, lang } = useI18n();
  const [minutes, setMinutes] = useState<number>(SILENCES[0]);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const name = report.target.name;

  const run = async (action: Action) => {
    const ask: Partial<Record<Action, string>> = {
      delete_message: t("mod.confirm.delete_message"),
      remove_from_chat: t("mod.confirm.remove_from_chat", { name }),
      suspend: t("mod.confirm.suspend", { name }),
    };
    const question = ask[action];
    if (question && !window.confirm(question)) return;
    setBusy(action);
    setError(null);
    try {
      onDone(await act(orgId, report.id, action === "silence" ? { action, minutes, note: "" } : { action, note: "" }));
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };

  const lift = async (silenceId: string) => {
    setBusy("lift");
    setError(null);
    try {
      await liftSilence(orgId, silenceId);
      onDone(await getReport(orgId, report.id));
    } catch (err) {
      setError(err);
    }
    setBusy(null);
  };

  const silence = report.silence;
  if (report.actions.length === 0 && !silence && !report.suspended) return null;
  return (
    <section aria-labelledby={`${id}-title`} className="mod-actions">
      <h3 id={`${id}-title`}>{t("mod.actionsTitle")}</h3>
      {silence && (
        <p className="mod-state">
          {t("mod.silencedUntil", { time: when(silence.until, lang) })}{" "}
          <button type="button" className="small" disabled={busy !== null} onClick={() => void lift(silence.id)}>
            {t("mod.liftSilence")}
          </button>
        </p>
      )}
      {report.suspended && <p className="mod-state">{t("mod.suspended")}</p>}
      <div className="mod-action-row">
        {report.actions.includes("delete_message") && !report.evidence?.deleted_since && (
          <button type="button" className="danger" disabled={busy !== null} onClick={() => void run("delete_message")}>
            {t("mod.action.delete_message")}
          </button>
        )}
        {report.actions.includes("silence") && (
          <span className="mod-silence">
            <label htmlFor={`${id}-silence`}>{t("mod.silenceFor")}</label>
            <select id={`${id}-silence`} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
              {SILENCES.map((m) => (
                <option key={m} value={m}>
                  {t(`mod.silence.${m}` as Key)}
                </option>
              ))}
            </select>
            <button type="button" disabled={busy !== null} onClick={() => void run("silence")}>
              {t("mod.action.silence")}
            </button>
          </span>
        )}
        {report.actions.includes("remove_from_chat") && (
          <button type="button" disabled={busy !== null} onClick={() => void run("remove_from_chat")}>
            {t("mod.action.remove_from_chat")}
          </button>
        )}
        {report.actions.includes("suspend") && !report.suspended && (
          <button type="button" className="danger" disabled={busy !== null} onClick={() => void run("suspend")}>
            {t("mod.action.suspend")}
          </button>
        )}
      </div>
      {error !== null && <Alert>{errorText(t, error)}</Alert>}
    </section>
  );
}

function CloseForm({ orgId, reportId, onDone }: { orgId: string; reportId: string; onDone(r: Report): void }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<Outcome>("action_taken");
  const [note, setNote] = useState("");
  const [reply, setReply] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await closeReport(orgId, reportId, { outcome, note, reply }));
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <form className="stack help-escalate mod-close" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("mod.closeTitle")}</h3>
      <fieldset>
        <legend>{t("mod.outcomeLegend")}</legend>
        {OUTCOMES.map((o) => (
          <label key={o} className="check">
            <input type="radio" name={`${id}-outcome`} checked={outcome === o} onChange={() => setOutcome(o)} />
            {t(`mod.outcome.${o}` as Key)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-note`}>{t("mod.note")}</label>
        <textarea id={`${id}-note`} rows={2} maxLength={2000} value={note} aria-describedby={`${id}-note-hint`} onChange={(e) => setNote(e.target.value)} />
        <p className="hint" id={`${id}-note-hint`}>
          {t("mod.noteHint")}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reply`}>{t("mod.reply")}</label>
        <textarea id={`${id}-reply`} rows={2} maxLength={1000} value={reply} aria-describedby={`${id}-reply-hint`} onChange={(e) => setReply(e.target.value)} />
        <p className="hint" id={`${id}-reply-hint`}>
          {t("mod.replyHint")}
        </p>
      </div>
      {error !== null && <Alert>{errorText(t, error)}</Alert>}
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {t("mod.close")}
        </button>
      </div>
    </form>
  );
}
