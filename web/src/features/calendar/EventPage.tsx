// An event's page: what, when (in my zone, and the school's when it differs), where or
// online (with "Join" for a linked call), for whom, the organiser, files, my answer
// (going / maybe / not going; places and my place in the waiting list for sign-up events),
// and the organiser's edit, answers and cancel. Changes arrive live.
import { useEffect, useId, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { Link, navigate } from "../../app/router";
import { useAnnouncer } from "../../components/LiveRegion";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { useCalls } from "../calls/CallProvider";
import { MessageAttachments } from "../files/MessageAttachments";
import { answerEvent, cancelEvent, getCall, getEvent, type Answer, type CalEvent } from "./api";
import { dayIn } from "./dates";
import { applyToEvent, eventIdOf } from "./events";
import { audienceText, dateTime, kindText, lookOf, reminderText, whenText, zoneLabel } from "./format";
import { BackToCalendar, BackToChats, Confirm, type CalContext } from "./kit";

const ANSWERS: Answer[] = ["going", "maybe", "not_going"];

export default function EventPage({ cal, eventId }: { cal: CalContext; eventId: string }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const announce = useAnnouncer();
  const [ev, setEv] = useState<CalEvent | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    setEv(null);
    setError(null);
    getEvent(cal.orgId, eventId)
      .then((e) => live && setEv(e))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [cal.orgId, eventId]);

  useEffect(() => {
    if (ev) heading.current?.focus();
    // Only when the page opens with its event, not on each live update.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ev?.id]);

  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (eventIdOf(e) !== eventId) return;
        setEv((cur) => (cur ? applyToEvent(cur, e) : cur));
      }),
    [runtime, eventId],
  );

  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <>
        <header className="cal-head">
          <BackToChats />
          <BackToCalendar />
        </header>
        <Alert>{missing ? t("cal.notFound") : errorText(t, error)}</Alert>
      </>
    );
  }
  if (!ev) return <p className="loading">{t("common.loading")}</p>;

  const cancelled = ev.status === "cancelled";
  const over = Date.parse(ev.ends_at) <= Date.now();
  const day = ev.all_day && ev.start_date ? ev.start_date : dayIn(Date.parse(ev.starts_at), cal.tz);
  const sameZone = ev.all_day || zoneLabel(ev.timezone, lang, Date.parse(ev.starts_at)) === zoneLabel(cal.tz, lang, Date.parse(ev.starts_at));
  const where = [ev.place, ev.online ? t("cal.online") : ""].filter(Boolean).join(", ");
  const full = ev.capacity !== null && (ev.places_left ?? 0) <= 0 && ev.my_answer !== "going";

  const answer = async (a: Answer) => {
    setBusy(true);
    setActionError(null);
    try {
      const next = await answerEvent(cal.orgId, ev.id, a);
      // The answer's copy leaves out who has not answered; mine no longer counts there.
      const noAnswer = ev.counts.no_answer == null ? null : Math.max(0, ev.counts.no_answer - (ev.my_answer ? 0 : 1));
      setEv({ ...next, counts: { ...next.counts, no_answer: next.counts.no_answer ?? noAnswer } });
      announce(t("cal.answerSaved", { state: t(`cal.state.${lookOf(next)}`) }));
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };
  const cancel = async (yes: boolean) => {
    setConfirming(false);
    if (!yes) return;
    setBusy(true);
    setActionError(null);
    try {
      setEv(await cancelEvent(cal.orgId, ev.id));
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className={`cal-event cal-look-${lookOf(ev)}`} aria-labelledby="cal-event-title">
      <header className="cal-head">
        <BackToChats />
        <BackToCalendar to={`/calendar?day=${day}`} />
      </header>
      <p className="cal-kind">{kindText(ev.kind, t)}</p>
      <h1 id="cal-event-title" ref={heading} tabIndex={-1} className={cancelled ? "cal-struck" : undefined}>
        {ev.title}
      </h1>
      {cancelled && (
        <div className="cal-cancelled" role="status">
          <strong>{t("cal.cancelled")}.</strong>{" "}
          {t("cal.cancelledAt", { date: dateTime(ev.cancelled_at ?? ev.updated_at, cal.tz, lang) })}
        </div>
      )}
      <dl className="cal-facts">
        <dt>{t("cal.when")}</dt>
        <dd>
          {whenText(ev, cal.tz, lang, t)}
          {!ev.all_day && <span className="muted"> · {zoneLabel(cal.tz, lang, Date.parse(ev.starts_at))}</span>}
          {!sameZone && (
            <div className="muted">
              {t("cal.inZone", { zone: zoneLabel(ev.timezone, lang, Date.parse(ev.starts_at)), time: whenText(ev, ev.timezone, lang, t) })}
            </div>
          )}
        </dd>
        {where && (
          <>
            <dt>{t("cal.where")}</dt>
            <dd>
              {where}
              {ev.call_id && !ev.call_plan && !cancelled && <JoinCall orgId={cal.orgId} callId={ev.call_id} />}
            </dd>
          </>
        )}
        {ev.call_plan && !cancelled && (
          <>
            <dt>{t("cal.meet.on")}</dt>
            <dd>
              <MeetingBar orgId={cal.orgId} ev={ev} />
            </dd>
          </>
        )}
        <dt>{t("cal.audience")}</dt>
        <dd>{audienceText(ev, t)}</dd>
        <dt>{t("cal.organiser")}</dt>
        <dd>{ev.organiser.name}</dd>
        <dt>{t("cal.reminders")}</dt>
        <dd>{ev.reminders.length ? ev.reminders.map((m) => reminderText(m, t)).join(", ") : t("cal.remindersNone")}</dd>
      </dl>
      {ev.description_html && <div className="cal-desc msg-body" dangerouslySetInnerHTML={{ __html: ev.description_html }} />}
      {ev.attachments.length > 0 && ev.chat_id && (
        <section className="cal-files" aria-label={t("cal.files")}>
          <MessageAttachments chatId={ev.chat_id} attachments={ev.attachments} />
        </section>
      )}

      <section className="cal-rsvp" aria-labelledby="cal-rsvp-title">
        <h2 id="cal-rsvp-title">{t("cal.yourAnswer")}</h2>
        {ev.capacity !== null && (
          <p className="cal-places">
            {(ev.places_left ?? 0) > 0
              ? t("cal.places", { capacity: ev.capacity, left: ev.places_left ?? 0 })
              : ev.my_answer === "going" || ev.my_answer === "waiting"
                ? t("cal.placesNone", { capacity: ev.capacity })
                : t("cal.placesFull", { capacity: ev.capacity })}
          </p>
        )}
        <p className="cal-status">
          {ev.my_answer === "waiting"
            ? t("cal.status.waiting", { position: ev.my_waiting_position ?? 0 })
            : ev.my_answer === "going" && ev.capacity !== null
              ? t("cal.status.signedUp")
              : t(`cal.status.${ev.my_answer ?? "none"}`)}
        </p>
        {over && !cancelled && <p className="muted">{t("cal.over")}</p>}
        {!cancelled && !over && (
          <div className="cal-answers" role="group" aria-labelledby="cal-rsvp-title">
            {ANSWERS.map((a) => {
              const pressed = a === "going" ? ev.my_answer === "going" || ev.my_answer === "waiting" : ev.my_answer === a;
              const label =
                a === "going" && ev.capacity !== null && !pressed ? (full ? t("cal.answer.queue") : t("cal.answer.signUp")) : t(`cal.answer.${a}`);
              return (
                <button key={a} type="button" className={`cal-answer cal-answer-${a}`} aria-pressed={pressed} disabled={busy} onClick={() => void answer(a)}>
                  {pressed && <span aria-hidden="true">✓</span>}
                  {label}
                </button>
              );
            })}
          </div>
        )}
        <p className="cal-counts">
          {t("cal.counts", { going: ev.counts.going, maybe: ev.counts.maybe, not_going: ev.counts.not_going })}
          {ev.counts.waiting > 0 && <> · {t("cal.countsWaiting", { waiting: ev.counts.waiting })}</>}
          {ev.counts.no_answer != null && <> · {t("cal.countsNoAnswer", { count: ev.counts.no_answer })}</>}
        </p>
      </section>
      {actionError !== null && <Alert>{errorText(t, actionError)}</Alert>}

      {ev.may_manage && (
        <div className="cal-actions cal-manage">
          <Link href={`/calendar/e/${ev.id}/answers`} className="button">
            {t("cal.answers")}
          </Link>
          {!cancelled && (
            <>
              <Link href={`/calendar/e/${ev.id}/edit`} className="button">
                {t("cal.edit")}
              </Link>
              <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
                {t("cal.cancel")}
              </button>
            </>
          )}
        </div>
      )}
      {confirming && (
        <Confirm title={t("cal.cancelTitle")} body={t("cal.cancelConfirm", { title: ev.title })} yes={t("cal.cancelYes")} no={t("cal.cancelNo")} onDone={(yes) => void cancel(yes)} />
      )}
    </article>
  );
}

/** The meeting planned with the event: its organiser starts it, the invited join it (the
 * server says "not started yet" until then); the organiser also sees the guest link. */
function MeetingBar({ orgId, ev }: { orgId: string; ev: CalEvent }) {
  const { t } = useI18n();
  const { manager } = useCalls();
  const inCall = useStore(manager.current, (c) => c !== null);
  const [copied, setCopied] = useState(false);
  const hint = useId();
  return (
    <div className="cal-meet-bar">
      <button type="button" className="small primary" disabled={inCall} aria-describedby={ev.may_manage ? undefined : hint} onClick={() => manager.prepareEvent(orgId, ev)}>
        {ev.may_manage && !ev.call_id ? t("cal.meet.start") : t("cal.meet.join")}
      </button>
      {!ev.may_manage && !ev.call_id && (
        <p className="hint" id={hint}>
          {t("cal.meet.notYet")}
        </p>
      )}
      {ev.guest_url && (
        <div className="cal-guest-link">
          <label htmlFor={`${hint}-guest`}>{t("cal.meet.guestLink")}</label>
          <div className="call-link-row">
            <input id={`${hint}-guest`} type="text" readOnly value={ev.guest_url} aria-describedby={`${hint}-guest-hint`} onFocus={(e) => e.currentTarget.select()} />
            <button
              type="button"
              className="small secondary"
              onClick={() => void navigator.clipboard?.writeText(ev.guest_url ?? "").then(() => setCopied(true), () => setCopied(false))}
            >
              {copied ? t("cal.meet.copied") : t("cal.meet.copy")}
            </button>
          </div>
          <p className="hint" id={`${hint}-guest-hint`}>
            {t("cal.meet.guestLinkHint")}
          </p>
        </div>
      )}
    </div>
  );
}

/** "Join" for an online event's call: into the call while it runs, else to its chat. */
function JoinCall({ orgId, callId }: { orgId: string; callId: string }) {
  const { t } = useI18n();
  const { manager } = useCalls();
  const [error, setError] = useState<unknown>(null);
  const id = useId();
  const join = async () => {
    setError(null);
    try {
      const call = await getCall(orgId, callId);
      if (call.ended_at) navigate(`/chats/${call.chat_id}`);
      else manager.prepare(orgId, call.chat_id, call.media, { callId: call.id });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      {" "}
      <button type="button" className="small primary" onClick={() => void join()} aria-describedby={error ? id : undefined}>
        {t("cal.join")}
      </button>
      {error !== null && (
        <span id={id} className="field-error">
          {errorText(t, error)}
        </span>
      )}
    </>
  );
}
