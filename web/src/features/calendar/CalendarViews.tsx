// The calendar's main screen: the toolbar (today, previous/next, the period, month · week ·
// list), the chosen view, the chosen day's events and the colour legend. The view and the
// day live in the address (?view=week&day=2026-12-05), so Back from an event returns here.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useRuntime } from "../../app/AppShell";
import { Link, navigate, useLocation } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { listEvents, type CalEvent } from "./api";
import { BackToChats, type CalContext } from "./kit";
import { byDay, dayIn, isDay, step, viewRange, type Day, type View } from "./dates";
import { applyToList, eventIdOf } from "./events";
import { LOOK_MARK, longDay, monthTitle, rangeTitle, type Look } from "./format";
import { AgendaView } from "./AgendaView";
import { EventRow } from "./EventRow";
import { MonthGrid } from "./MonthGrid";
import { WeekGrid } from "./WeekGrid";

const VIEWS: View[] = ["month", "week", "agenda"];
const LOOKS: Look[] = ["going", "maybe", "waiting", "not_going", "none", "cancelled"];

function href(view: View, day: Day): string {
  return `/calendar?view=${view}&day=${day}`;
}

export function CalendarViews({ cal }: { cal: CalContext }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const { query } = useLocation();
  const titleId = useId();
  const today = dayIn(Date.now(), cal.tz);
  const qView = query.get("view");
  const view: View = VIEWS.includes(qView as View) ? (qView as View) : "month";
  const qDay = query.get("day");
  const day: Day = isDay(qDay) ? qDay : today;
  const range = useMemo(() => viewRange(view, day, cal.tz), [view, day, cal.tz]);
  const [events, setEvents] = useState<CalEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const rangeRef = useRef(range);
  rangeRef.current = range;

  const load = useCallback(() => {
    const r = rangeRef.current;
    listEvents(cal.orgId, r.from, r.to)
      .then((list) => {
        if (rangeRef.current.from === r.from && rangeRef.current.to === r.to) {
          setEvents(list);
          setError(null);
        }
      })
      .catch((err: unknown) => setError(err));
  }, [cal.orgId]);

  useEffect(() => load(), [load, range.from, range.to]);

  // Live: changes, cancellations and answers arrive as private notifications; after a
  // reconnection the range is fetched again (notifications are not replayed).
  useEffect(() => {
    const offEvent = runtime.onEvent((e) => {
      if (!eventIdOf(e)) return;
      setEvents((list) => (list ? applyToList(list, e, rangeRef.current.from, rangeRef.current.to) : list));
    });
    const offConnected = runtime.onConnected(() => load());
    return () => {
      offEvent();
      offConnected();
    };
  }, [runtime, load]);

  const go = (v: View, d: Day, replace = false) => navigate(href(v, d), { replace });
  const days = useMemo(() => byDay(events ?? [], cal.tz), [events, cal.tz]);
  const title =
    view === "month" ? monthTitle(day, lang) : rangeTitle(range.first, range.last, lang);
  const mayOrganise = cal.places?.may_organise ?? false;

  return (
    <>
      <header className="cal-head">
        <BackToChats />
        <h1>{t("cal.title")}</h1>
        <div className="cal-head-actions">
          {mayOrganise && (
            <Link href={`/calendar/new?day=${day}`} className="button primary">
              {t("cal.new")}
            </Link>
          )}
          <Link href="/calendar/feed" className="button ghost">
            {t("cal.feedLink")}
          </Link>
        </div>
      </header>
      <div className="cal-toolbar">
        <button type="button" onClick={() => go(view, today)}>
          {t("cal.today")}
        </button>
        <div className="cal-step">
          <button type="button" className="ghost" onClick={() => go(view, step(view, day, -1, today))} aria-label={t(`cal.prev.${view}`)} title={t(`cal.prev.${view}`)}>
            <span aria-hidden="true">‹</span>
          </button>
          <button type="button" className="ghost" onClick={() => go(view, step(view, day, 1, today))} aria-label={t(`cal.next.${view}`)} title={t(`cal.next.${view}`)}>
            <span aria-hidden="true">›</span>
          </button>
        </div>
        <h2 id={titleId} className="cal-period" aria-live="polite">
          {title}
        </h2>
        <div className="cal-views" role="group" aria-label={t("cal.views")}>
          {VIEWS.map((v) => (
            <button key={v} type="button" className="small" aria-pressed={v === view} onClick={() => go(v, day)}>
              {t(`cal.view.${v}`)}
            </button>
          ))}
        </div>
      </div>
      <p className="hint cal-zone">{t("cal.zoneNote", { zone: cal.tz.replace(/_/g, " ") })}</p>
      {error !== null && (
        <Alert>
          {t("cal.loadError")} {errorText(t, error)}{" "}
          <button type="button" className="small" onClick={load}>
            {t("common.retry")}
          </button>
        </Alert>
      )}
      <div className="cal-body" aria-busy={events === null}>
        {view === "month" && (
          <MonthGrid day={day} today={today} days={days} labelledBy={titleId} tz={cal.tz} onDay={(d) => go("month", d, true)} />
        )}
        {view === "week" && (
          <WeekGrid day={day} today={today} days={days} labelledBy={titleId} tz={cal.tz} onDay={(d) => go("week", d, true)} />
        )}
        {view === "agenda" && <AgendaView first={range.first} last={range.last} today={today} days={days} tz={cal.tz} loading={events === null} />}
      </div>
      {view !== "agenda" && (
        <section className="cal-day" aria-labelledby={`${titleId}-day`} id="cal-day-panel" tabIndex={-1}>
          <h2 id={`${titleId}-day`}>
            {longDay(day, lang)}
            {day === today && <span className="cal-today-tag"> · {t("cal.todayMark")}</span>}
          </h2>
          {(days.get(day) ?? []).length === 0 ? (
            <p className="muted">{events === null ? t("common.loading") : t("cal.noEvents")}</p>
          ) : (
            <ul className="cal-rows">
              {(days.get(day) ?? []).map((ev) => (
                <EventRow key={ev.id} ev={ev} tz={cal.tz} />
              ))}
            </ul>
          )}
          {mayOrganise && (
            <Link href={`/calendar/new?day=${day}`} className="button small">
              {t("cal.newOnDay")}
            </Link>
          )}
        </section>
      )}
      <section className="cal-legend" aria-label={t("cal.legend")}>
        <ul>
          {LOOKS.map((l) => (
            <li key={l}>
              <span className={`cal-swatch cal-look-${l}`} aria-hidden="true">
                {LOOK_MARK[l]}
              </span>{" "}
              {t(`cal.state.${l}`)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
