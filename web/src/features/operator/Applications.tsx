// The applications queue: waiting (oldest first, as the API returns it), approved, rejected.
import { api, ok, type Schemas } from "../../api/client";
import { Link, useLocation } from "../../app/router";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { StatusTabs, usePaged, when } from "./kit";

type Item = Schemas["ApplicationItem"];
const STATUSES = ["pending", "approved", "rejected"] as const;
type Status = (typeof STATUSES)[number];

export function Applications() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const raw = query.get("status");
  const status: Status = (STATUSES as readonly string[]).includes(raw ?? "") ? (raw as Status) : "pending";
  const list = usePaged<Item>(
    (cursor) =>
      ok(api.GET("/api/v1/operator/applications", { params: { query: { status, cursor, limit: 50 } } })),
    status,
  );

  return (
    <>
      <h1>{t("op.applications")}</h1>
      <StatusTabs
        label={t("op.statusFilter")}
        statuses={STATUSES}
        current={status}
        href={(s) => `/operator/applications${s === "pending" ? "" : `?status=${s}`}`}
        text={(s) => t(`op.status.${s}` as Key)}
      />
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="op-empty">{t("op.emptyQueue")}</p>
      ) : (
        <ul className="op-cards">
          {list.items.map((a) => (
            <li key={a.id} className="op-card">
              <div className="op-card-main">
                <h2 className="op-card-title">
                  <Link href={`/operator/applications/${a.id}`}>
                    {a.org_name}
                  </Link>
                </h2>
                <p className="op-card-sub">
                  {t(`apply.kind.${a.kind}` as Key)} · {a.region} · {t("op.field.inn")} {a.inn}
                </p>
                <p className="op-card-sub">{a.admin_full_name}</p>
              </div>
              <div className="op-card-side">
                <span className={`status-pill ${a.status === "approved" ? "ok" : a.status === "rejected" ? "warn" : "accent"}`}>
                  {t(`op.statusOne.${a.status}` as Key)}
                </span>
                <time className="muted small-text" dateTime={a.created_at}>
                  {t("op.submitted", { when: when(a.created_at, lang) })}
                </time>
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {list.loadingMore ? t("common.loading") : t("op.more")}
        </button>
      )}
    </>
  );
}
