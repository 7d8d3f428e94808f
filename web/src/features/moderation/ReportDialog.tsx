// Report a message or a person: a reason (radio buttons), a comment, and what happens next.
// A modal <dialog>: focus stays inside, Escape closes, focus returns to the menu button.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { REASONS, fileReport, type Reason } from "./api";
import "./moderation.css";

export type ReportTarget =
  | { kind: "message"; chatId: string; messageId: string; author: string; text: string }
  | { kind: "person"; accountId: string; name: string };

export function ReportDialog({ orgId, target, onClose }: { orgId: string; target: ReportTarget; onClose(): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState<Reason | null>(null);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [sent, setSent] = useState<"new" | "again" | null>(null);
  const id = useId();

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body =
        target.kind === "message"
          ? { kind: "message" as const, reason, comment, chat_id: target.chatId, message_id: target.messageId }
          : { kind: "person" as const, reason, comment, account_id: target.accountId };
      const { created } = await fileReport(orgId, body);
      setSent(created ? "new" : "again");
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  const title = target.kind === "message" ? t("mod.reportTitleMessage") : t("mod.reportTitlePerson", { name: target.name });
  return (
    <dialog ref={ref} className="dialog wide-dialog mod-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>{title}</h2>
      {target.kind === "message" && (
        <blockquote className="msg-quote">
          <span className="msg-quote-author">{target.author}</span>
          <span className="msg-quote-text">{target.text.slice(0, 200)}</span>
        </blockquote>
      )}
      {sent ? (
        <div className="stack">
          <Alert kind="ok">{sent === "new" ? t("mod.sent") : t("mod.sentAgain")}</Alert>
          <div className="dialog-actions">
            <Link href="/settings/safety" className="button" onClick={onClose}>
              {t("mod.myReports")}
            </Link>
            <button type="button" className="primary" autoFocus onClick={onClose}>
              {t("common.close")}
            </button>
          </div>
        </div>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
          <fieldset
            className="mod-reasons"
            aria-describedby={missing && !reason ? `${id}-missing` : undefined}
            aria-invalid={missing && !reason ? true : undefined}
          >
            <legend>{t("mod.reasonLegend")}</legend>
            {REASONS.map((r) => (
              <label key={r} className="check">
                <input type="radio" name={`${id}-reason`} value={r} checked={reason === r} onChange={() => setReason(r)} />
                {t(`mod.reason.${r}` as Key)}
              </label>
            ))}
            {missing && !reason && (
              <p className="field-error" id={`${id}-missing`}>
                {t("mod.chooseReason")}
              </p>
            )}
          </fieldset>
          {reason === "self_harm" && <Alert kind="info">{t("mod.selfHarmHint")}</Alert>}
          <div className="field">
            <label htmlFor={`${id}-comment`}>
              {t("mod.comment")} <span className="muted">({t("common.optional")})</span>
            </label>
            <textarea
              id={`${id}-comment`}
              rows={3}
              maxLength={1000}
              value={comment}
              aria-describedby={`${id}-hint`}
              onChange={(e) => setComment(e.target.value)}
            />
            <p className="hint" id={`${id}-hint`}>
              {target.kind === "message" ? t("mod.commentHint") : t("mod.personHint")}
            </p>
          </div>
          {error !== null && <Alert>{errorText(t, error)}</Alert>}
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? t("mod.sending") : t("mod.send")}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
