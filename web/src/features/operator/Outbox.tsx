// Outgoing mail, newest first, with bodies (without SMTP, mail is only logged and read here).
import { api, ok, type Schemas } from "../../api/client";
import { useLocation } from "../../app/router";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { StatusTabs, usePaged, when } from "./kit";

type Row = Schemas["OutboxRow"];
const STATUSES = ["all", "pending", "sent", "logged", "failed"] as const;
type Status = (typeof STATUSES)[number];

export default function Outbox() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const raw = query.get("status");
  const status: Status = (STATUSES as readonly string[]).includes(raw ?? "") ? (raw as Status) : "all";
  const list = usePaged<Row>(
    (cursor) =>
      ok(
        api.GET("/api/v1/operator/outbox", {
          params: { query: { status: status === "all" ? null : status, cursor, limit: 50 } },
        }),
      ),
    status,
  );
  return (
    <>
      <h1>{t("op.outbox")}</h1>
      <StatusTabs
        label={t("op.outboxFilter")}
        statuses={STATUSES}
        current={status}
        href={(s) => `/operator/outbox${s === "all" ? "" : `?status=${s}`}`}
        text={(s) => t(`op.mail.${s}` as Key)}
      />
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="op-empty">{t("op.mailEmpty")}</p>
      ) : (
        <ul className="op-cards">
          {list.items.map((m) => (
            <li key={m.id} className="op-card op-mail">
              <div className="op-card-main">
                <h2 className="op-card-title">{m.subject}</h2>
                <p className="op-card-sub">{t("op.mailTo", { to: m.to_address })}</p>
                {m.last_error && <p className="field-error">{t("op.mailError", { error: m.last_error })}</p>}
                <details>
                  <summary>{t("op.mailBody")}</summary>
                  <pre className="op-mail-body">{m.body}</pre>
                </details>
              </div>
              <div className="op-card-side">
                <span className={`status-pill ${m.status === "failed" ? "warn" : m.status === "sent" ? "ok" : ""}`}>
                  {t(`op.mailOne.${m.status}` as Key)}
                </span>
                <time className="muted small-text" dateTime={m.created_at}>
                  {when(m.created_at, lang)}
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
