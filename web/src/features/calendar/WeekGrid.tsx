// The week as an ARIA grid of seven day columns (Monday first) on a 24-hour scale: all-day
// events on top, timed ones placed by their wall-clock time in my zone, overlapping ones side
// by side, a line at the current time today. Left/Right move by day (across weeks),
// Home/End to the week's ends, Page Up/Down by week, Enter or Space to the day's events.
import { useEffect, useLayoutEffect, useRef, type CSSProperties, type KeyboardEvent, type MouseEvent } from "react";
import { Link } from "../../app/router";
import { useI18n } from "../../i18n";
import { addDays, layoutDay, minutesOfDay, segmentOn, startOfWeek, weekDays, type Day } from "./dates";
import { EventChip, eventHref } from "./EventRow";
import { LOOK_MARK, dayNumber, longDay, lookOf, timeOf, weekdayNames } from "./format";
import { focusDayPanel, type GridProps } from "./MonthGrid";

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const FIRST_HOUR = 7;

export function weekKey(key: string, day: Day): Day | null {
  switch (key) {
    case "ArrowLeft":
      return addDays(day, -1);
    case "ArrowRight":
      return addDays(day, 1);
    case "Home":
      return startOfWeek(day);
    case "End":
      return addDays(startOfWeek(day), 6);
    case "PageUp":
      return addDays(day, -7);
    case "PageDown":
      return addDays(day, 7);
    default:
      return null;
  }
}

export function WeekGrid({ day, today, days, labelledBy, tz, onDay }: GridProps) {
  const { t, lang } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  const names = weekdayNames(lang);
  const week = weekDays(day);
  const allDay = week.map((d) => (days.get(d) ?? []).filter((ev) => ev.all_day));
  const rows = Math.max(0, ...allDay.map((l) => l.length));
  const now = Date.now();

  // Open at the week's first event (an hour before it), else at the morning.
  const scrolledFor = useRef("");
  useLayoutEffect(() => {
    const box = scroller.current;
    const key = `${week[0]}|${days.size > 0}`;
    if (!box || scrolledFor.current === key) return;
    scrolledFor.current = key;
    let first: number | null = null;
    for (const d of week) {
      for (const ev of days.get(d) ?? []) {
        const seg = segmentOn(ev, d, tz);
        if (seg && (first === null || seg.start < first)) first = seg.start;
      }
    }
    const hour = first === null ? FIRST_HOUR : Math.max(0, Math.floor(first / 60) - 1);
    const mark = box.querySelector<HTMLElement>(`[data-hour="${hour}"]`);
    const head = box.querySelector<HTMLElement>(".cal-week-headrow");
    if (!mark) return;
    const offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = Math.max(0, offset - (head?.offsetHeight ?? 0) - 8);
    // Once per week (and once more when its events arrive), not on every live update.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [week[0], days]);

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-day="${day}"]`)?.focus({ preventScroll: true });
  }, [day]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!(e.target as HTMLElement).matches("[data-day]")) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      focusDayPanel();
      return;
    }
    const next = weekKey(e.key, day);
    if (!next) return;
    e.preventDefault();
    moved.current = true;
    onDay(next);
  };
  const onClick = (d: Day) => (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest("a")) return;
    onDay(d);
  };

  return (
    <div className="cal-week-scroll" ref={scroller} style={{ "--cal-allday": rows } as CSSProperties}>
      <p className="sr-only" id={`${labelledBy}-hint`}>
        {t("cal.weekHint")}
      </p>
      <div role="grid" className="cal-week" aria-labelledby={labelledBy} aria-describedby={`${labelledBy}-hint`} onKeyDown={onKey}>
        <div role="row" className="cal-week-row cal-week-headrow">
          <div className="cal-gutter" aria-hidden="true" />
          {week.map((d, i) => (
            <div key={d} role="columnheader" className={d === today ? "cal-whead cal-today" : "cal-whead"}>
              <span aria-hidden="true">
                {names.short[i]} <strong>{dayNumber(d)}</strong>
              </span>
              <span className="sr-only">{longDay(d, lang)}</span>
            </div>
          ))}
        </div>
        <div role="row" className="cal-week-row">
          <div className="cal-gutter cal-hours" aria-hidden="true">
            <div className="cal-wallday" />
            <div className="cal-wtimes">
              {HOURS.map((h) => (
                <span key={h} data-hour={h} className="cal-hour" style={{ top: `${(h / 24) * 100}%` }}>
                  {h > 0 ? `${String(h).padStart(2, "0")}:00` : ""}
                </span>
              ))}
            </div>
          </div>
          {week.map((d, i) => {
            const list = days.get(d) ?? [];
            const timed = layoutDay(
              list.flatMap((ev) => {
                const seg = segmentOn(ev, d, tz);
                return seg ? [{ item: ev, ...seg }] : [];
              }),
            );
            const cls = ["cal-wcol", d === today ? "cal-today" : "", d === day ? "cal-chosen" : ""];
            return (
              <div
                key={d}
                role="gridcell"
                data-day={d}
                tabIndex={d === day ? 0 : -1}
                aria-selected={d === day}
                aria-current={d === today ? "date" : undefined}
                className={cls.filter(Boolean).join(" ")}
                onClick={onClick(d)}
              >
                <span className="sr-only">
                  {longDay(d, lang)}
                  {d === today ? `, ${t("cal.todayMark")}` : ""}
                  {list.length ? `, ${t("cal.events", { count: list.length })}` : ""}
                </span>
                <ul className="cal-wallday">
                  {(allDay[i] ?? []).map((ev) => (
                    <li key={ev.id}>
                      <EventChip ev={ev} tz={tz} />
                    </li>
                  ))}
                </ul>
                <div className="cal-wtimes">
                  {timed.map((p) => {
                    const look = lookOf(p.item);
                    const style: CSSProperties = {
                      top: `${(p.start / 1440) * 100}%`,
                      height: `${((p.end - p.start) / 1440) * 100}%`,
                      left: `${(p.col / p.cols) * 100}%`,
                      width: `${100 / p.cols}%`,
                    };
                    return (
                      <Link key={p.item.id} href={eventHref(p.item)} tabIndex={-1} className={`cal-block cal-look-${look}`} style={style}>
                        <span className="cal-block-time">
                          <span aria-hidden="true" className="cal-mark">
                            {LOOK_MARK[look]}
                          </span>{" "}
                          {timeOf(Date.parse(p.item.starts_at), tz, lang)}
                        </span>
                        <span className="cal-block-title">{p.item.title}</span>
                        <span className="sr-only">, {t(`cal.state.${look}`)}</span>
                      </Link>
                    );
                  })}
                  {d === today && <span className="cal-now" aria-hidden="true" style={{ top: `${(minutesOfDay(now, tz) / 1440) * 100}%` }} />}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
