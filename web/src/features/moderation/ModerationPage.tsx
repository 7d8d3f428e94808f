// The moderation section (/moderation): the reports I handle (/moderation, ?status=closed,
// one at /moderation/reports/<id>), the trust line's conversations for those who answer it
// (/moderation/trust[/<id>]), and for administrators the recorded access to chats
// (/moderation/access[/<grant>]) and the suspended members (/moderation/suspensions).
// The server decides every request; the tabs only follow the person's duties.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useRuntime } from "../../app/AppShell";
import { Link, useLocation } from "../../app/router";
import type { SectionProps } from "../../app/sections";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { BackToChats, ViewHeading } from "../help/kit";
import { usePaged, when } from "../operator/kit";
import { overview, queue, type Overview, type ReportRow } from "./api";
import { AccessList, AccessReader } from "./ChatAccess";
import { modTabs, parseModPath, statusKey, type ModTab } from "./logic";
import { ReportView } from "./ReportView";
import { Suspensions } from "./Suspensions";
import { TrustInbox, TrustThreadView } from "./TrustThread";
import "../help/help.css";
import "./moderation.css";

const TAB_PATH: Record<ModTab, string> = {
  reports: "/moderation",
  trust: "/moderation/trust",
  access: "/moderation/access",
  suspensions: "/moderation/suspensions",
};

/** Run `reload` when a realtime event of `type` about this organisation arrives. */
export function useModEvents(type: string, orgId: string, reload: () => void) {
  const runtime = useRuntime();
  const ref = useRef(reload);
  ref.current = reload;
  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (e.type === type && e.data.org_id === orgId) ref.current();
      }),
    [runtime, type, orgId],
  );
}

export default function ModerationPage({ orgId, rest }: SectionProps) {
  const { t } = useI18n();
  const { query } = useLocation();
  const [info, setInfo] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    overview(orgId)
      .then((o) => {
        setInfo(o);
        setError(null);
      })
      .catch(setError);
  }, [orgId]);
  useEffect(load, [load]);
  useModEvents("moderation.report", orgId, load);
  useModEvents("trust.thread", orgId, load);

  const view = parseModPath(rest, query);
  const tabs = info ? modTabs(info) : [];
  let body: ReactNode;
  if (error) body = <Alert>{errorText(t, error)}</Alert>;
  else if (!info) body = <Spinner label={t("common.loading")} />;
  else if (view === null || !tabs.includes(view.tab)) {
    body = (
      <>
        <ViewHeading>{t("notFound.title")}</ViewHeading>
        <p>
          <Link href="/moderation">{t("mod.toQueue")}</Link>
        </p>
      </>
    );
  } else if (view.tab === "reports") {
    body = view.reportId ? (
      <ReportView key={view.reportId} orgId={orgId} reportId={view.reportId} onChange={load} />
    ) : info.handler ? (
      <Queue orgId={orgId} status={view.status} counts={info} />
    ) : (
      <>
        <ViewHeading>{t("mod.tab.reports")}</ViewHeading>
        <p className="help-empty">{t("mod.nothing")}</p>
      </>
    );
  } else if (view.tab === "trust") {
    body = view.threadId ? (
      <TrustThreadView key={view.threadId} orgId={orgId} threadId={view.threadId} side="responder" onChange={load} />
    ) : (
      <TrustInbox orgId={orgId} />
    );
  } else if (view.tab === "access") {
    body = view.grantId ? <AccessReader key={view.grantId} orgId={orgId} grantId={view.grantId} /> : <AccessList orgId={orgId} />;
  } else {
    body = <Suspensions orgId={orgId} />;
  }

  const current = view?.tab ?? null;
  return (
    <div className="section-page help-page mod-page">
      <div className="help-head">
        <BackToChats />
        <h1>{t("mod.title")}</h1>
      </div>
      {tabs.length > 1 && (
        <nav aria-label={t("mod.tabs")}>
          <ul className="help-tabs">
            {tabs.map((x) => (
              <li key={x}>
                <Link href={TAB_PATH[x]} aria-current={x === current ? "page" : undefined}>
                  {t(`mod.tab.${x}` as Key)}
                  {x === "reports" && info && info.open_reports > 0 && <span className="mod-count">{info.open_reports}</span>}
                  {x === "trust" && info && info.unread_trust > 0 && <span className="mod-count">{info.unread_trust}</span>}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="help-view">{body}</div>
    </div>
  );
}

function Queue({ orgId, status, counts }: { orgId: string; status: "open" | "closed"; counts: Overview }) {
  const { t, lang } = useI18n();
  const list = usePaged<ReportRow>((cursor) => queue(orgId, status, cursor), `${orgId}-${status}`);
  useModEvents("moderation.report", orgId, list.reload);
  return (
    <>
      <ViewHeading>{t("mod.tab.reports")}</ViewHeading>
      <nav aria-label={t("mod.statusTabs")}>
        <ul className="help-tabs">
          {(["open", "closed"] as const).map((s) => (
            <li key={s}>
              <Link href={s === "open" ? "/moderation" : "/moderation?status=closed"} aria-current={s === status ? "page" : undefined}>
                {t(s === "open" ? "mod.open" : "mod.closed")}
                {s === "open" && counts.open_reports > 0 && <span className="mod-count">{counts.open_reports}</span>}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="help-empty">{t("mod.empty")}</p>
      ) : (
        <ReportCards items={list.items} lang={lang} href={(r) => `/moderation/reports/${r.id}`} />
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {t("mod.more")}
        </button>
      )}
    </>
  );
}

/** Reports as cards: the reason, who and where, the excerpt, the status. */
export function ReportCards({
  items,
  lang,
  href,
}: {
  items: ReportRow[];
  lang: "ru" | "en";
  href?: (r: ReportRow) => string;
}) {
  const { t } = useI18n();
  return (
    <ul className="help-cards">
      {items.map((r) => {
        const title = `${t(`mod.reason.${r.reason}` as Key)} · ${r.target.name}`;
        return (
          <li key={r.id} className={`help-card${r.status === "open" ? " waiting" : ""}`}>
            <div className="help-card-main">
              {href ? (
                <Link href={href(r)} className="help-card-title">
                  {title}
                </Link>
              ) : (
                <p className="help-card-title">{title}</p>
              )}
              <p className="muted help-card-sub">
                {t(`mod.kind.${r.kind}` as Key)}
                {r.chat && ` · ${t("mod.inChat", { chat: r.chat.title || t(`kind.${r.chat.kind}` as Key) })}`}
                {r.reporter && ` · ${t("mod.from", { name: r.reporter.name })}`}
              </p>
              {r.excerpt && <p className="help-card-text">{r.excerpt}</p>}
              {r.reply && (
                <p className="help-reply-text">
                  <span className="sr-only">{t("mod.replyFrom")}: </span>
                  {r.reply}
                </p>
              )}
            </div>
            <div className="help-card-side">
              <span className={`help-pill${r.status === "closed" ? " ok" : " accent"}`}>{t(statusKey(r))}</span>
              <p className="muted help-when">
                <time dateTime={r.created_at}>{when(r.created_at, lang)}</time>
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
