// The organiser's view of the answers: counts, then the people by answer (the waiting list
// in queue order), and for class events each family with its children and parents. Updates
// by itself when someone answers (event.rsvp).
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { Alert, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { eventResponses, getEvent, type CalEvent, type ResponseRow, type Responses } from "./api";
import { eventIdOf } from "./events";
import { dateTime, whenText } from "./format";
import { BackToCalendar, BackToChats, type CalContext } from "./kit";

type Group = "going" | "waiting" | "maybe" | "not_going" | "none";
const GROUPS: Group[] = ["going", "waiting", "maybe", "not_going", "none"];

function groupOf(row: Pick<ResponseRow, "answer">): Group {
  return row.answer ?? "none";
}

export default function AnswersPage({ cal, eventId }: { cal: CalContext; eventId: string }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const [ev, setEv] = useState<CalEvent | null>(null);
  const [data, setData] = useState<Responses | null>(null);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(() => {
    Promise.all([getEvent(cal.orgId, eventId), eventResponses(cal.orgId, eventId)])
      .then(([e, r]) => {
        setEv(e);
        setData(r);
        setError(null);
      })
      .catch((err: unknown) => setError(err));
  }, [cal.orgId, eventId]);

  useEffect(() => load(), [load]);
  useEffect(() => {
    if (ev) heading.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ev?.id]);
  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (eventIdOf(e) === eventId && (e.type === "event.rsvp" || e.type === "event.updated")) load();
      }),
    [runtime, eventId, load],
  );

  const head = (
    <header className="cal-head">
      <BackToChats />
      <BackToCalendar to={`/calendar/e/${eventId}`} event />
    </header>
  );
  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <>
        {head}
        <Alert>{missing ? t("cal.notFound") : errorText(t, error)}</Alert>
      </>
    );
  }
  if (!ev || !data) return <p className="loading">{t("common.loading")}</p>;

  const counts: Record<Group, number> = {
    going: data.counts.going,
    waiting: data.counts.waiting,
    maybe: data.counts.maybe,
    not_going: data.counts.not_going,
    none: data.counts.no_answer ?? 0,
  };
  const roleNames = (roles: string[]) => roles.map((r) => t(`role.${r}` as Key)).join(", ");

  return (
    <section className="cal-answers-page" aria-labelledby="cal-ans-title">
      {head}
      <h1 id="cal-ans-title" ref={heading} tabIndex={-1}>
        {t("cal.ans.title", { title: ev.title })}
      </h1>
      <p className="muted">
        {whenText(ev, cal.tz, lang, t)} · {t("cal.ans.live")}
      </p>
      <h2>{t("cal.ans.summary")}</h2>
      <dl className="cal-tally">
        {GROUPS.map((g) => (
          <div key={g} className={`cal-tally-item cal-look-${g}`}>
            <dt>{t(`cal.ans.${g}`)}</dt>
            <dd>{counts[g]}</dd>
          </div>
        ))}
      </dl>

      {data.families && data.families.length > 0 && (
        <>
          <h2>{t("cal.ans.families")}</h2>
          <table className="cal-table">
            <thead>
              <tr>
                <th scope="col">{t("cal.ans.children")}</th>
                <th scope="col">{t("cal.ans.parents")}</th>
                <th scope="col">{t("cal.ans.answer")}</th>
              </tr>
            </thead>
            <tbody>
              {data.families.map((f) => (
                <tr key={[...f.children, ...f.parents.map((p) => p.account_id)].join("|")}>
                  <th scope="row">{f.children.join(", ")}</th>
                  <td>
                    {f.parents.length === 0 ? (
                      <span className="muted">{t("cal.ans.noParents")}</span>
                    ) : (
                      f.parents.map((p) => (
                        <div key={p.account_id}>
                          {p.name} — {t(`cal.ans.${groupOf(p)}`).toLocaleLowerCase()}
                        </div>
                      ))
                    )}
                  </td>
                  <td className={`cal-look-${f.answer ?? "none"}`}>{t(`cal.ans.${f.answer ?? "none"}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h2>{t("cal.ans.people")}</h2>
      {GROUPS.map((g) => {
        const rows = data.people.filter((p) => groupOf(p) === g);
        // The waiting list is a queue: its order means something.
        const List = g === "waiting" ? "ol" : "ul";
        return (
          <section key={g} className="cal-ans-group" aria-labelledby={`cal-ans-${g}`}>
            <h3 id={`cal-ans-${g}`}>
              {t(`cal.ans.${g}`)} ({rows.length})
            </h3>
            {rows.length === 0 ? (
              <p className="muted">{t("cal.ans.empty")}</p>
            ) : (
              <List className={g === "waiting" ? "cal-people cal-queue" : "cal-people"}>
                {rows.map((p) => (
                  <li key={p.account_id}>
                    <span className="cal-person">{p.name}</span> <span className="muted">{roleNames(p.roles)}</span>
                    {g === "waiting" && p.waiting_position !== null && <span className="cal-pos"> · {t("cal.ans.position", { position: p.waiting_position })}</span>}
                    {p.answered_at && <span className="muted cal-at"> · {dateTime(p.answered_at, cal.tz, lang)}</span>}
                  </li>
                ))}
              </List>
            )}
          </section>
        );
      })}
    </section>
  );
}
