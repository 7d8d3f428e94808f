// Under an important message (permission slips: SlipBar): recipients confirm they have read it; its author (and the
// chat's moderators) see "confirmed by N of M", the details, and can remind the others.
import { useEffect, useState } from "react";
import { ApiError } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { errorText } from "../../components/ui";
import { useT } from "../../i18n";
import type { Message } from "../chats/types";
import { AckDetails } from "./AckDetails";
import { SlipBar } from "./SlipBar";
import { applyCounts, confirm, remind, report } from "./api";
import type { Ack } from "./events";
import "./acks.css";

interface Props {
  m: Message;
  ack: Ack;
  /** My message: I asked for confirmation. */
  mine: boolean;
  /** The author or a chat moderator: sees who has confirmed. */
  canSee: boolean;
}

/** A permission slip (a yes/no question) or a plain "please confirm". */
export function AckBar(props: Props) {
  return props.ack.question ? <SlipBar {...props} /> : <ConfirmBar {...props} />;
}

function ConfirmBar({ m, ack, mine, canSee }: Props) {
  const t = useT();
  const runtime = useRuntime();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tooSoon, setTooSoon] = useState(false);
  const [details, setDetails] = useState(false);
  const counted = ack.confirmed != null && ack.total != null;

  // A message that came by event carries the neutral view (no counts): ask once.
  useEffect(() => {
    if (!canSee || counted) return;
    report(runtime, m)
      .then((r) => applyCounts(runtime, m, r))
      .catch(() => undefined);
    // Once per message.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [m.id, canSee]);

  const doConfirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await confirm(runtime, m);
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
      setNote(n > 0 ? t("acks.reminded", { count: n }) : t("acks.nobodyToRemind"));
    } catch (err) {
      if (err instanceof ApiError && err.code === "remind_too_soon") setTooSoon(true);
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  // Everyone but the author is asked (a live message carries the neutral view: null = not yet).
  const recipient = !mine;
  const countText = counted
    ? t(ack.by_family ? "acks.countFamilies" : "acks.countPeople", { confirmed: ack.confirmed ?? 0, count: ack.total ?? 0 })
    : null;

  return (
    <div className="ack-bar">
      {recipient &&
        (ack.confirmed_by_me ? (
          <p className="ack-done" role="status">
            {t("acks.confirmed")}
          </p>
        ) : (
          <button type="button" className="small primary" disabled={busy} onClick={() => void doConfirm()}>
            {t("acks.confirm")}
          </button>
        ))}
      {canSee && (
        <div className="ack-author">
          <p className="ack-count" aria-live="polite">
            {countText ?? t("common.loading")}
          </p>
          <div className="ack-actions">
            <button type="button" className="small" aria-haspopup="dialog" onClick={() => setDetails(true)}>
              {t("acks.details")}
            </button>
            {mine && (
              <button
                type="button"
                className="small"
                disabled={busy || tooSoon || (counted && ack.confirmed === ack.total)}
                aria-describedby={error || note ? `ack-note-${m.id}` : undefined}
                onClick={() => void doRemind()}
              >
                {t("acks.remind")}
              </button>
            )}
          </div>
        </div>
      )}
      {(note || error) && (
        <p id={`ack-note-${m.id}`} className={error ? "field-error" : "ack-note"} role={error ? "alert" : "status"}>
          {error ?? note}
        </p>
      )}
      {details && <AckDetails m={m} onClose={() => setDetails(false)} />}
    </div>
  );
}
