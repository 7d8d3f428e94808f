// Every organisation on the platform, newest first, with active members by role.
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { usePaged, when } from "./kit";

type Row = Schemas["OrgRow"];
const ROLES = ["admin", "head", "teacher", "staff", "student", "parent"];

export default function Orgs() {
  const { t, lang } = useI18n();
  const list = usePaged<Row>((cursor) => ok(api.GET("/api/v1/operator/orgs", { params: { query: { cursor, limit: 50 } } })), "orgs");
  const members = (m: Record<string, number>) => {
    const parts = ROLES.filter((r) => m[r]).map((r) => `${t(`role.${r}` as Key)}: ${m[r]}`);
    return parts.length ? parts.join(", ") : t("op.membersNone");
  };
  const status = (s: string) => (s === "active" ? t("op.orgStatus.active") : s);
  return (
    <>
      <h1>{t("op.orgs")}</h1>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="op-empty">{t("op.orgsEmpty")}</p>
      ) : (
        <div className="op-table-wrap wide" role="region" aria-labelledby="op-orgs-caption" tabIndex={0}>
          <table className="op-table">
            <caption id="op-orgs-caption" className="sr-only">
              {t("op.orgsTable")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("op.col.name")}</th>
                <th scope="col">{t("op.col.kind")}</th>
                <th scope="col">{t("op.col.region")}</th>
                <th scope="col">{t("op.col.inn")}</th>
                <th scope="col">{t("op.col.status")}</th>
                <th scope="col">{t("op.col.created")}</th>
                <th scope="col">{t("op.col.members")}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.name}</th>
                  <td>{t(`apply.kind.${o.kind}` as Key)}</td>
                  <td>{o.region}</td>
                  <td>{o.inn || "—"}</td>
                  <td>{status(o.status)}</td>
                  <td>
                    <time dateTime={o.created_at}>{when(o.created_at, lang)}</time>
                  </td>
                  <td>{members(o.members)}</td>
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
