// The month as an ARIA grid (Monday first). One day is in the tab order at a time; arrow
// keys move by day and week, Home/End to the week's ends, Page Up/Down by month (with Shift
// by year), Enter or Space to the chosen day's events below. Selection follows focus.
import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from "react";
import { useI18n } from "../../i18n";
import type { CalEvent } from "./api";
import { addDays, addMonths, monthGrid, sameMonth, startOfWeek, type Day } from "./dates";
import { EventChip } from "./EventRow";
import { dayNumber, longDay, weekdayNames } from "./format";

const MAX_CHIPS = 3;

export interface GridProps {
  day: Day;
  today: Day;
  days: Map<Day, CalEvent[]>;
  labelledBy: string;
  tz: string;
  onDay(day: Day): void;
}

/** Where a key press moves the chosen day in a month grid (null: not ours). */
export function monthKey(key: string, day: Day, shift: boolean): Day | null {
  switch (key) {
    case "ArrowLeft":
      return addDays(day, -1);
    case "ArrowRight":
      return addDays(day, 1);
    case "ArrowUp":
      return addDays(day, -7);
    case "ArrowDown":
      return addDays(day, 7);
    case "Home":
      return startOfWeek(day);
    case "End":
      return addDays(startOfWeek(day), 6);
    case "PageUp":
      return addMonths(day, shift ? -12 : -1);
    case "PageDown":
      return addMonths(day, shift ? 12 : 1);
    default:
      return null;
  }
}

/** Move focus to the chosen day's list (its first event, else the list itself). */
export function focusDayPanel(): void {
  const panel = document.getElementById("cal-day-panel");
  const first = panel?.querySelector<HTMLElement>("a, button");
  (first ?? panel)?.focus();
}

export function MonthGrid({ day, today, days, labelledBy, tz, onDay }: GridProps) {
  const { t, lang } = useI18n();
  const table = useRef<HTMLTableElement>(null);
  const moved = useRef(false);
  const names = weekdayNames(lang);
  const weeks = monthGrid(day);

  // After a key moved the choice (maybe into another month), focus follows it.
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    table.current?.querySelector<HTMLElement>(`[data-day="${day}"]`)?.focus();
  }, [day]);

  const onKey = (e: KeyboardEvent<HTMLTableElement>) => {
    if (!(e.target as HTMLElement).matches("[data-day]")) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      focusDayPanel();
      return;
    }
    const next = monthKey(e.key, day, e.shiftKey);
    if (!next) return;
    e.preventDefault();
    moved.current = true;
    onDay(next);
  };
  const onClick = (d: Day) => (e: MouseEvent) => {
    if ((e.target as HTMLElement).closest("a")) return; // a chip opens its event
    onDay(d);
  };

  return (
    <>
      <p className="sr-only" id={`${labelledBy}-hint`}>
        {t("cal.monthHint")}
      </p>
      <table ref={table} role="grid" className="cal-month" aria-labelledby={labelledBy} aria-describedby={`${labelledBy}-hint`} onKeyDown={onKey}>
        <thead>
          <tr role="row">
            {names.short.map((n, i) => (
              <th key={n} role="columnheader" scope="col" abbr={names.long[i]}>
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr role="row" key={week[0]}>
              {week.map((d) => {
                const list = days.get(d) ?? [];
                const cls = ["cal-cell", sameMonth(d, day) ? "" : "cal-outside", d === today ? "cal-today" : "", d === day ? "cal-chosen" : ""];
                return (
                  <td
                    key={d}
                    role="gridcell"
                    data-day={d}
                    tabIndex={d === day ? 0 : -1}
                    aria-selected={d === day}
                    aria-current={d === today ? "date" : undefined}
                    className={cls.filter(Boolean).join(" ")}
                    onClick={onClick(d)}
                  >
                    <span className="cal-num">
                      <span aria-hidden="true">{dayNumber(d)}</span>
                      <span className="sr-only">
                        {longDay(d, lang)}
                        {d === today ? `, ${t("cal.todayMark")}` : ""}
                        {list.length ? `, ${t("cal.events", { count: list.length })}` : ""}
                      </span>
                    </span>
                    {list.length > 0 && (
                      <ul className="cal-chips">
                        {list.slice(0, MAX_CHIPS).map((ev) => (
                          <li key={ev.id}>
                            <EventChip ev={ev} tz={tz} />
                          </li>
                        ))}
                        {list.length > MAX_CHIPS && (
                          <li className="cal-more" aria-hidden="true">
                            {t("cal.more", { count: list.length - MAX_CHIPS })}
                          </li>
                        )}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
