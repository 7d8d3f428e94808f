// Support requests as cards (my requests, the inboxes): subject, status, whose turn it is,
// the last activity.
import { Link } from "../../app/router";
import { useI18n, type Key, type Lang } from "../../i18n";
import type { Ticket } from "./api";
import { StatusPill, when } from "./Thread";

/** Requests as cards: subject, status, whose turn it is, the last activity. */
export function TicketList({
  items,
  href,
  lang,
  mine = false,
  showOrg = false,
  current,
}: {
  items: Ticket[];
  href(x: Ticket): string;
  lang: Lang;
  mine?: boolean;
  showOrg?: boolean;
  current?: string | null;
}) {
  const { t } = useI18n();
  return (
    <ul className="help-cards">
      {items.map((x) => {
        const waiting = mine ? x.status === "answered" : x.status === "open";
        return (
          <li key={x.id} className={`help-card${waiting ? " waiting" : ""}`}>
            <div className="help-card-main">
              <Link href={href(x)} className="help-card-title" aria-current={current === x.id ? "page" : undefined}>
                {x.subject}
              </Link>
              <p className="muted help-card-sub">
                {!mine && `${x.requester.name}${showOrg ? ` · ${x.org_name}` : ""} · `}
                {t(`help.lastSide.${x.last_side}` as Key)}
                {x.escalated && ` · ${t("help.escalatedShort")}`}
              </p>
            </div>
            <div className="help-card-side">
              <StatusPill status={x.status} />
              <time className="muted" dateTime={x.last_activity_at}>
                {when(x.last_activity_at, lang)}
              </time>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

