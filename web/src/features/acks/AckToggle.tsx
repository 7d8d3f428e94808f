// "Important: ask to confirm" in the composer (verified staff and administrators only), with
// an optional yes/no question and deadline that turn it into a permission slip.
import { useId } from "react";
import { useT } from "../../i18n";
import "./acks.css";

export interface Slip {
  on: boolean;
  question: string;
  /** A datetime-local value (the browser's time zone), or "" for no deadline. */
  deadline: string;
}

export const noSlip: Slip = { on: false, question: "", deadline: "" };

/** What a slip adds to the message sent (nothing without a question). */
export function slipExtra(slip: Slip): { ack_question?: string; ack_deadline?: string | null } {
  const question = slip.question.trim();
  if (!slip.on || !question) return {};
  const at = slip.deadline ? new Date(slip.deadline) : null;
  return { ack_question: question, ack_deadline: at && !Number.isNaN(at.getTime()) ? at.toISOString() : null };
}

function localNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

interface Props {
  checked: boolean;
  onChange(on: boolean): void;
  slip?: Slip;
  onSlip?(slip: Slip): void;
}

export function AckToggle({ checked, onChange, slip, onSlip }: Props) {
  const t = useT();
  const id = useId();
  return (
    <div className={checked ? "ack-toggle on" : "ack-toggle"}>
      <label className="check small">
        <input type="checkbox" checked={checked} aria-describedby={`${id}-hint`} onChange={(e) => onChange(e.target.checked)} />
        {t("acks.toggle")}
      </label>
      <span className="sr-only" id={`${id}-hint`}>
        {t("acks.toggleHint")}
      </span>
      {checked && slip && onSlip && (
        <div className="slip-fields">
          <label className="check small">
            <input type="checkbox" checked={slip.on} aria-describedby={`${id}-slip-hint`} onChange={(e) => onSlip({ ...slip, on: e.target.checked })} />
            {t("slips.toggle")}
          </label>
          <span className="sr-only" id={`${id}-slip-hint`}>
            {t("slips.toggleHint")}
          </span>
          {slip.on && (
            <div className="slip-inputs">
              <label className="field">
                <span>{t("slips.question")}</span>
                <input
                  type="text"
                  maxLength={300}
                  value={slip.question}
                  placeholder={t("slips.questionPlaceholder")}
                  onChange={(e) => onSlip({ ...slip, question: e.target.value })}
                />
              </label>
              <label className="field">
                <span>{t("slips.deadline")}</span>
                <input type="datetime-local" min={localNow()} value={slip.deadline} onChange={(e) => onSlip({ ...slip, deadline: e.target.value })} />
              </label>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
