// Platform-level audit events (applications, operators, sign-ins), newest first, filtered by
// action and dates.
import { useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field, Spinner, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { usePaged, when } from "./kit";

type Row = Schemas["AuditRow"];
interface Filter {
  action: string;
  since: string;
  until: string;
}
const NONE: Filter = { action: "", since: "", until: "" };

/** The day after a yyyy-mm-dd date (the API's `until` is exclusive; people mean "up to and including"). */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export default function Audit() {
  const { t, lang } = useI18n();
  const [draft, setDraft] = useState<Filter>(NONE);
  const [filter, setFilter] = useState<Filter>(NONE);
  const list = usePaged<Row>(
    (cursor) =>
      ok(
        api.GET("/api/v1/operator/audit", {
          params: {
            query: {
              action: filter.action.trim() || null,
              since: filter.since || null,
              until: filter.until ? dayAfter(filter.until) : null,
              cursor,
              limit: 50,
            },
          },
        }),
      ),
    JSON.stringify(filter),
  );
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(draft);
  };
  return (
    <>
      <h1>{t("op.audit")}</h1>
      <form className="op-filter" onSubmit={apply} aria-label={t("op.filter")}>
        <Field
          label={t("op.filterAction")}
          hint={t("op.filterActionHint")}
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          maxLength={60}
          spellCheck={false}
        />
        <Field label={t("op.filterSince")} type="date" value={draft.since} onChange={(e) => setDraft({ ...draft, since: e.target.value })} />
        <Field label={t("op.filterUntil")} type="date" value={draft.until} onChange={(e) => setDraft({ ...draft, until: e.target.value })} />
        <div className="op-filter-actions">
          <button type="submit" className="primary">
            {t("op.apply")}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(NONE);
              setFilter(NONE);
            }}
          >
            {t("op.reset")}
          </button>
        </div>
      </form>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="op-empty">{t("op.auditEmpty")}</p>
      ) : (
        <div className="op-table-wrap wide" role="region" aria-labelledby="op-audit-caption" tabIndex={0}>
          <table className="op-table">
            <caption id="op-audit-caption" className="sr-only">
              {t("op.auditTable")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("op.col.time")}</th>
                <th scope="col">{t("op.col.action")}</th>
                <th scope="col">{t("op.col.actor")}</th>
                <th scope="col">{t("op.col.target")}</th>
                <th scope="col">{t("op.col.ip")}</th>
                <th scope="col">{t("op.col.data")}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">
                    <time dateTime={e.created_at}>{when(e.created_at, lang)}</time>
                  </td>
                  <th scope="row">
                    <code>{e.action}</code>
                  </th>
                  <td>{e.actor_id ? <code>{e.actor_id}</code> : t("op.system")}</td>
                  <td>
                    {e.target_type ? (
                      <>
                        {e.target_type} <code>{e.target_id}</code>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>{e.ip || "—"}</td>
                  <td>
                    {Object.keys(e.data).length ? (
                      <dl className="op-data">
                        {Object.entries(e.data).map(([k, v]) => (
                          <div key={k} className="facts-row">
                            <dt>{k}</dt>
                            <dd>{typeof v === "string" ? v : JSON.stringify(v)}</dd>
                          </div>
                        ))}
                      </dl>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {list.loadingMore ? t("common.loading") : t("op.more")}
        </button>
      )}
    </>
  );
}
