// Pieces shared by the calendar's screens: what every screen knows (the organisation, my
// zone, where I may organise) and the narrow screens' way back to the chats.
import { useEffect, useId, useRef } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import type { Places } from "./api";

export interface CalContext {
  orgId: string;
  myId: string;
  /** The zone times are shown in (the person's). */
  tz: string;
  /** The organisation's zone (all-day events' days, the school's clock). */
  orgTz: string;
  /** Where I may organise (null while loading; may_organise false for most people). */
  places: Places | null;
}

/** "Back to the chats", shown on narrow screens where the section replaces the chat list. */
export function BackToChats() {
  const { t } = useI18n();
  return (
    <Link href="/" className="back button ghost">
      <span aria-hidden="true">←</span> <span className="back-text">{t("chat.back")}</span>
    </Link>
  );
}

/** "Back to the calendar" from an event's screens ("back to the event" from its answers
 * and its form). */
export function BackToCalendar({ to = "/calendar", event = false }: { to?: string; event?: boolean }) {
  const { t } = useI18n();
  return (
    <Link href={to} className="cal-backlink">
      <span aria-hidden="true">←</span> {event ? t("cal.backToEvent") : t("cal.back")}
    </Link>
  );
}

/** A yes/no question in a modal dialog; focus starts on the safe answer and returns to where
 * it was when the dialog closes. */
export function Confirm({
  title,
  body,
  yes,
  no,
  onDone,
}: {
  title: string;
  body: string;
  yes: string;
  no: string;
  onDone(ok: boolean): void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const result = useRef(false);
  useEffect(() => {
    const back = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => back?.focus?.();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={`${id}-t`}
      aria-describedby={`${id}-b`}
      onClose={() => onDone(result.current)}
    >
      <h2 id={`${id}-t`}>{title}</h2>
      <p id={`${id}-b`}>{body}</p>
      <div className="cal-actions">
        <button type="button" autoFocus onClick={() => ref.current?.close()}>
          {no}
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            result.current = true;
            ref.current?.close();
          }}
        >
          {yes}
        </button>
      </div>
    </dialog>
  );
}
