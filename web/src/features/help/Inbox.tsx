// A support inbox (the organisation's administrators, the operator): requests by status with
// their counts, latest activity first; one request opens beside the list's place with its
// thread. Reloads on demand and, where the realtime socket lives, on `support.ticket`.
import { useCallback, useEffect, useState } from "react";
import { Link, useLocation } from "../../app/router";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { usePaged } from "../operator/kit";
import { TICKET_STATUSES, type Detail, type Inbox, type Ticket, type ThreadApi, type TicketStatus } from "./api";
import { TicketList } from "./TicketList";
import { ViewHeading } from "./kit";
import { Thread } from "./Thread";
import "./help.css";

type Filter = TicketStatus | "all";
const FILTERS: Filter[] = ["open", "answered", "closed", "all"];

export function InboxView({
  base,
  load,
  showOrg = false,
}: {
  /** The inbox's address; a status goes in ?status=. */
  base: string;
  load(status: TicketStatus | null, cursor: string | null): Promise<Inbox>;
  showOrg?: boolean;
}) {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const raw = query.get("status") ?? "open";
  const filter: Filter = (FILTERS as string[]).includes(raw) ? (raw as Filter) : "open";
  const status = filter === "all" ? null : filter;
  const [counts, setCounts] = useState<Record<string, number>>({});
  const list = usePaged<Ticket>(
    (cursor) =>
      load(status, cursor).then((page) => {
        setCounts(page.counts);
        return page;
      }),
    filter,
  );
  const total = TICKET_STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const sep = base.includes("?") ? "&" : "?";
  return (
    <>
      <div className="help-view-head">
        <nav aria-label={t("help.statusFilter")}>
          <ul className="help-tabs">
            {FILTERS.map((f) => (
              <li key={f}>
                <Link href={f === "open" ? base : `${base}${sep}status=${f}`} aria-current={f === filter ? "page" : undefined}>
                  {t(`help.filter.${f}` as Key)} ({f === "all" ? total : (counts[f] ?? 0)})
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" onClick={list.reload}>
          {t("help.refresh")}
        </button>
      </div>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="help-empty">{t("help.inboxEmpty")}</p>
      ) : (
        <TicketList items={list.items} href={(x) => ticketHref(base, x.id)} lang={lang} showOrg={showOrg} />
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {t("help.more")}
        </button>
      )}
    </>
  );
}

function ticketHref(base: string, id: string): string {
  return base.startsWith("/operator") ? `/operator/support/${id}` : `${base}?ticket=${id}`;
}

/** One request of an inbox: its thread, and the way back to the list. */
export function InboxTicket({
  back,
  load,
  api,
  showOrg = false,
  level = 2,
}: {
  back: string;
  load(): Promise<Detail>;
  api: ThreadApi;
  showOrg?: boolean;
  /** The subject's heading level: 1 where the page has no other heading. */
  level?: 1 | 2;
}) {
  const { t } = useI18n();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(() => {
    load()
      .then((d) => {
        setDetail(d);
        setError(null);
      })
      .catch(setError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(reload, [reload]);
  return (
    <div className="help-page">
      <p className="help-backlink">
        <Link href={back}>
          <span aria-hidden="true">←</span> {t("help.toInbox")}
        </Link>
      </p>
      {error !== null && detail === null ? (
        <Alert>{errorText(t, error)}</Alert>
      ) : detail === null ? (
        <Spinner label={t("common.loading")} />
      ) : (
        <>
          <div className="help-view-head">
            <ViewHeading level={level}>{detail.subject}</ViewHeading>
            <button type="button" onClick={reload}>
              {t("help.refresh")}
            </button>
          </div>
          <Thread detail={detail} api={api} onChange={setDetail} showOrg={showOrg} />
        </>
      )}
    </div>
  );
}
