// My submissions: each with its review status, and the reason when it was rejected.
import { Link } from "../../app/router";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { usePaged } from "../operator/kit";
import { mine, type Item } from "./api";
import { ItemSummary, StatusPill } from "./ItemParts";

export function Mine({ submitted }: { submitted: boolean }) {
  const { t, lang } = useI18n();
  const list = usePaged<Item>((cursor) => mine(cursor), "mine");
  return (
    <>
      <h2>{t("cat.mineTitle")}</h2>
      {submitted && <Alert kind="ok">{t("cat.submitted")}</Alert>}
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <p className="loading" role="status">
          {t("common.loading")}
        </p>
      ) : list.items.length === 0 ? (
        <p className="muted">
          {t("cat.mineEmpty")} <Link href="/catalogue/new">{t("cat.tab.new")}</Link>
        </p>
      ) : (
        <ul className="cat-list">
          {list.items.map((item) => (
            <li key={item.id} className="cat-card">
              <ItemSummary item={item} href={`/catalogue/items/${item.id}`}>
                <p className="cat-review">
                  <StatusPill status={item.status} />{" "}
                  <span className="muted">
                    {t("cat.sentOn", {
                      date: new Intl.DateTimeFormat(lang, { dateStyle: "medium" }).format(new Date(item.created_at)),
                    })}
                  </span>
                </p>
                {item.status === "rejected" && item.reject_reason && (
                  <p className="cat-reason">{t("cat.rejectedBecause", { reason: item.reject_reason })}</p>
                )}
              </ItemSummary>
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {list.loadingMore ? t("common.loading") : t("cat.more")}
        </button>
      )}
    </>
  );
}
