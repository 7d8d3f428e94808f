// The agenda: the days of the span that have events, each with its events in order.
import { useI18n } from "../../i18n";
import type { CalEvent } from "./api";
import { addDays, daysBetween, type Day } from "./dates";
import { EventRow } from "./EventRow";
import { longDay } from "./format";

export function AgendaView({
  first,
  last,
  today,
  days,
  tz,
  loading,
}: {
  first: Day;
  last: Day;
  today: Day;
  days: Map<Day, CalEvent[]>;
  tz: string;
  loading: boolean;
}) {
  const { t, lang } = useI18n();
  const span = Array.from({ length: daysBetween(first, last) + 1 }, (_, i) => addDays(first, i));
  const busy = span.filter((d) => (days.get(d) ?? []).length > 0);
  if (loading) return <p className="muted">{t("common.loading")}</p>;
  if (busy.length === 0) return <p className="cal-empty">{t("cal.noEventsRange")}</p>;
  return (
    <div className="cal-agenda">
      {busy.map((d) => (
        <section key={d} className={d === today ? "cal-aday cal-today" : "cal-aday"} aria-labelledby={`cal-a-${d}`}>
          <h3 id={`cal-a-${d}`}>
            {longDay(d, lang)}
            {d === today && <span className="cal-today-tag"> · {t("cal.todayMark")}</span>}
          </h3>
          <ul className="cal-rows">
            {(days.get(d) ?? []).map((ev) => (
              <EventRow key={ev.id} ev={ev} tz={tz} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
