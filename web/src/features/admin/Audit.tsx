// The audit log: who did what and when, newest first, with filters by action, person and
// dates, one page at a time.
import { useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useT, type Key, type T } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { LoadState, SelectField, dateTime, formError, useLang, useLoad } from "./kit";

type Event = Schemas["AuditEventOut"];

export const AUDIT_ACTIONS = [
  "member.joined",
  "member.verified",
  "member.unverified",
  "member.role_changed",
  "member.removed",
  "member.moved",
  "parent_link.requested",
  "parent_link.confirmed",
  "parent_link.rejected",
  "invitation.created",
  "invitation.used",
  "invitation.revoked",
  "roster.previewed",
  "roster.applied",
  "org.updated",
  "policy.direct_changed",
  "year.created",
  "year.made_current",
  "year.finished",
  "class.created",
  "class.updated",
  "class.deleted",
  "group.created",
  "group.updated",
  "group.archived",
  "account.registered",
] as const;
const PREFIXES = ["member.", "parent_link.", "invitation.", "roster.", "org.", "policy.", "year.", "class.", "group."];

export function actionLabel(t: T, action: string): string {
  const key = `admin.audit.action.${action}` as Key;
  const text = t(key);
  return text === key ? action : text;
}

interface Filters {
  action: string;
  actor: string;
  since: string;
  until: string;
}

function toIso(date: string, plusDays = 0): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
}

function details(e: Event): string {
  return Object.entries(e.data)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join("; ");
}

export default function Audit() {
  const t = useT();
  const lang = useLang();
  const admin = useAdmin();
  const empty: Filters = { action: "", actor: "", since: "", until: "" };
  const [form, setForm] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const [more, setMore] = useState<{ items: Event[]; cursor: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const people = useLoad(
    () =>
      ok(api.GET("/api/v1/orgs/{org_id}/members", { params: { path: { org_id: admin.orgId }, query: { limit: 200 } } })).then(
        (p) => p.items.filter((m) => m.account_id && ["admin", "head", "teacher", "staff"].includes(m.role)),
      ),
    [admin.orgId],
  );

  const query = (cursor: string | null) => ({
    action: filters.action || null,
    actor_id: filters.actor || null,
    since: toIso(filters.since),
    until: toIso(filters.until, 1),
    cursor,
    limit: 50,
  });
  const page = useLoad(() => {
    setMore(null);
    return ok(api.GET("/api/v1/orgs/{org_id}/audit", { params: { path: { org_id: admin.orgId }, query: query(null) } }));
  }, [admin.orgId, filters]);
  const items = [...(page.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (page.data?.next_cursor ?? null);

  const loadMore = async () => {
    if (!cursor) return;
    setError(null);
    try {
      const next = await ok(
        api.GET("/api/v1/orgs/{org_id}/audit", { params: { path: { org_id: admin.orgId }, query: query(cursor) } }),
      );
      setMore({ items: [...(more?.items ?? []), ...next.items], cursor: next.next_cursor ?? null });
    } catch (err) {
      setError(err);
    }
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...form });
  };

  return (
    <div className="stack">
      <form className="adm-filters" role="search" aria-label={t("admin.audit.filters")} onSubmit={apply}>
        <SelectField label={t("admin.audit.action")} value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })}>
          <option value="">{t("admin.any")}</option>
          <optgroup label={t("admin.audit.groups")}>
            {PREFIXES.map((p) => (
              <option key={p} value={p}>
                {t(`admin.audit.prefix.${p.slice(0, -1)}` as Key)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t("admin.audit.exact")}>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(t, a)}
              </option>
            ))}
          </optgroup>
        </SelectField>
        <SelectField label={t("admin.audit.actor")} value={form.actor} onChange={(e) => setForm({ ...form, actor: e.target.value })}>
          <option value="">{t("admin.any")}</option>
          {(people.data ?? []).map((m) => (
            <option key={m.membership_id} value={m.account_id ?? ""}>
              {m.name}
            </option>
          ))}
        </SelectField>
        <Field label={t("admin.audit.since")} type="date" value={form.since} onChange={(e) => setForm({ ...form, since: e.target.value })} />
        <Field label={t("admin.audit.until")} type="date" value={form.until} onChange={(e) => setForm({ ...form, until: e.target.value })} />
        <div className="adm-filter-buttons">
          <button type="submit" className="primary">
            {t("admin.audit.apply")}
          </button>
          <button
            type="button"
            onClick={() => {
              setForm(empty);
              setFilters(empty);
            }}
          >
            {t("admin.audit.reset")}
          </button>
        </div>
      </form>
      {error ? <Alert>{formError(t, error)}</Alert> : null}
      <LoadState state={page}>
        {() =>
          items.length === 0 ? (
            <p className="muted">{t("admin.audit.none")}</p>
          ) : (
            <>
              <div className="adm-table-wrap">
                <table className="adm-table adm-audit">
                  <caption className="sr-only">{t("admin.audit.caption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("admin.audit.col.when")}</th>
                      <th scope="col">{t("admin.audit.col.who")}</th>
                      <th scope="col">{t("admin.audit.col.what")}</th>
                      <th scope="col">{t("admin.audit.col.details")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((e) => (
                      <tr key={e.id}>
                        <td data-label={t("admin.audit.col.when")}>
                          <time dateTime={e.created_at}>{dateTime(e.created_at, lang)}</time>
                        </td>
                        <td data-label={t("admin.audit.col.who")}>{e.actor_name ?? t("admin.audit.system")}</td>
                        <td data-label={t("admin.audit.col.what")}>
                          {actionLabel(t, e.action)}
                          <span className="adm-code"> {e.action}</span>
                        </td>
                        <td data-label={t("admin.audit.col.details")} className="adm-details">
                          {details(e) || "—"}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {cursor && (
                <p>
                  <button type="button" onClick={() => void loadMore()}>
                    {t("admin.showMore")}
                  </button>
                </p>
              )}
            </>
          )
        }
      </LoadState>
    </div>
  );
}
