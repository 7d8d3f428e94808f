// One event in a list (the chosen day, the agenda) and as a chip in the month grid: its time,
// title, place and my answer — coloured by the answer and marked with a sign, so the colour
// is never the only cue.
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import type { CalEvent } from "./api";
import { audienceText, kindText, LOOK_MARK, lookOf, timeOf, whenText } from "./format";

export function eventHref(ev: CalEvent): string {
  return `/calendar/e/${ev.id}`;
}

export function EventRow({ ev, tz }: { ev: CalEvent; tz: string }) {
  const { t, lang } = useI18n();
  const look = lookOf(ev);
  const where = [ev.place, ev.online ? t("cal.online") : ""].filter(Boolean).join(", ");
  return (
    <li className={`cal-row cal-look-${look}`}>
      <span className="cal-row-time">{whenText(ev, tz, lang, t, false)}</span>
      <span className="cal-row-main">
        <span>
          <span aria-hidden="true" className="cal-mark">
            {LOOK_MARK[look]}
          </span>{" "}
          <Link href={eventHref(ev)} className="cal-row-title">
            {ev.title}
            <span className="sr-only">, {t(`cal.state.${look}`)}</span>
          </Link>
        </span>
        <span className="cal-row-sub">
          {kindText(ev.kind, t)} · {audienceText(ev, t)}
          {where && <> · {where}</>}
        </span>
      </span>
      <span className="cal-row-state" aria-hidden="true">
        {t(`cal.state.${look}`)}
      </span>
    </li>
  );
}

/** A compact link in a month cell: "18:00 Title". Not in the tab order: the grid's keyboard
 * path goes through the chosen day's list, which has the same links. */
export function EventChip({ ev, tz }: { ev: CalEvent; tz: string }) {
  const { t, lang } = useI18n();
  const look = lookOf(ev);
  return (
    <Link href={eventHref(ev)} tabIndex={-1} className={`cal-chip cal-look-${look}`}>
      <span aria-hidden="true" className="cal-mark">
        {LOOK_MARK[look]}
      </span>
      {!ev.all_day && <span className="cal-chip-time">{timeOf(Date.parse(ev.starts_at), tz, lang)} </span>}
      <span className="cal-chip-title">{ev.title}</span>
      <span className="sr-only">, {t(`cal.state.${look}`)}</span>
    </Link>
  );
}
