// Under a permission slip (an important message with a yes/no question): recipients answer
// Yes or No with an optional comment, changeable until the deadline — in a class's parents'
// chat the answer is the family's ("Your family answered: Yes (by …)"). Its author (and the
// chat's moderators) see "Yes 12 · No 3 · No answer 8", the details, and the CSV.
import { useEffect, useId, useState } from "react";
import { ApiError } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { Message } from "../chats/types";
import { whenLabel } from "../polls/PollCard";
import { AckDetails } from "./AckDetails";
import { answer, applyCounts, csvUrl, remind, report } from "./api";
import type { Ack } from "./events";
import "./acks.css";

interface Props {
  m: Message;
  ack: Ack;
  /** My message: I asked the question. */
  mine: boolean;
  /** The author or a chat moderator: sees the answers. */
  canSee: boolean;
}

/** Answers are open until the deadline (checked when drawn; a late click gets 409 slip_closed, shown as the error). */
export function slipOpen(ack: Ack, now = Date.now()): boolean {
  return !ack.deadline || new Date(ack.deadline).getTime() > now;
}

export function SlipBar({ m, ack, mine, canSee }: Props) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [comment, setComment] = useState(ack.my_comment ?? "");
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tooSoon, setTooSoon] = useState(false);
  const [details, setDetails] = useState(false);
  const counted = ack.confirmed != null && ack.total != null && ack.yes != null && ack.no != null;
  const open = slipOpen(ack);
  const answered = ack.my_answer === "yes" || ack.my_answer === "no";

  // A message that came by event carries the neutral view (no counts): ask once.
  useEffect(() => {
    if (!canSee || counted) return;
    report(runtime, m)
      .then((r) => applyCounts(runtime, m, r))
      .catch(() => undefined);
    // Once per message.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [m.id, canSee]);

  const doAnswer = async (said: "yes" | "no") => {
    setBusy(true);
    setError(null);
    try {
      await answer(runtime, m, said, comment.trim());
      setEditing(false);
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  const doRemind = async () => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const n = await remind(runtime, m);
      setNote(n > 0 ? t("acks.reminded", { count: n }) : t("slips.nobodyToRemind"));
    } catch (err) {
      if (err instanceof ApiError && err.code === "remind_too_soon") setTooSoon(true);
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  const answerText = (a: string | null | undefined) => (a === "yes" ? t("slips.yes") : a === "no" ? t("slips.no") : "");
  const showForm = !mine && open && (!answered || editing);
  const none = (ack.total ?? 0) - (ack.confirmed ?? 0);

  return (
    <div className="ack-bar slip">
      <p className="slip-question" id={`${id}-q`}>
        {ack.question}
      </p>
      <p className="slip-when">
        {!open
          ? t("slips.closed")
          : ack.deadline
            ? t("slips.until", { when: whenLabel(ack.deadline, lang) })
            : t("slips.noDeadline")}
      </p>
      {!mine && (
        <div role="status" className="slip-mine">
          {answered && !editing && (
            <>
              <p className={`slip-answer ${ack.my_answer ?? ""}`}>
                {ack.by_family
                  ? t("slips.familyAnswered", { answer: answerText(ack.my_answer), name: ack.answered_by ?? "" })
                  : t("slips.youAnswered", { answer: answerText(ack.my_answer) })}
              </p>
              {ack.my_comment && <p className="slip-comment">{t("slips.withComment", { comment: ack.my_comment })}</p>}
            </>
          )}
          {!answered && !open && <p className="muted">{t("slips.notAnswered")}</p>}
        </div>
      )}
      {!mine && answered && !editing && open && (
        <button
          type="button"
          className="small"
          onClick={() => {
            setComment(ack.my_comment ?? "");
            setEditing(true);
          }}
        >
          {t("slips.change")}
        </button>
      )}
      {showForm && (
        <div className="slip-form" role="group" aria-labelledby={`${id}-q`}>
          <label className="field">
            <span>{t("slips.comment")}</span>
            <textarea rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          <div className="ack-actions">
            <button type="button" className="small primary" disabled={busy} aria-pressed={ack.my_answer === "yes"} onClick={() => void doAnswer("yes")}>
              {t("slips.yes")}
            </button>
            <button type="button" className="small primary" disabled={busy} aria-pressed={ack.my_answer === "no"} onClick={() => void doAnswer("no")}>
              {t("slips.no")}
            </button>
            {editing && (
              <button type="button" className="small ghost" onClick={() => setEditing(false)}>
                {t("common.cancel")}
              </button>
            )}
          </div>
        </div>
      )}
      {canSee && (
        <div className="ack-author">
          <p className="ack-count" aria-live="polite">
            {counted ? t("slips.counts", { yes: ack.yes ?? 0, no: ack.no ?? 0, none }) : t("common.loading")}
          </p>
          <div className="ack-actions">
            <button type="button" className="small" aria-haspopup="dialog" onClick={() => setDetails(true)}>
              {t("slips.details")}
            </button>
            <a className="button small ghost" href={csvUrl(runtime, m)} download>
              {t("slips.download")}
            </a>
            {mine && open && (
              <button
                type="button"
                className="small"
                disabled={busy || tooSoon || (counted && none === 0)}
                aria-describedby={error || note ? `${id}-note` : undefined}
                onClick={() => void doRemind()}
              >
                {t("slips.remind")}
              </button>
            )}
          </div>
        </div>
      )}
      {(note || error) && (
        <p id={`${id}-note`} className={error ? "field-error" : "ack-note"} role={error ? "alert" : "status"}>
          {error ?? note}
        </p>
      )}
      {details && <AckDetails m={m} onClose={() => setDetails(false)} />}
    </div>
  );
}
