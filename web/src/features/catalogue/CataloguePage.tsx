// The catalogue section (/catalogue...): verified educational content for teachers. Browse
// by subject, grade and words; an item's page with "share into a chat"; my submissions with
// their review status; the form to submit an item. Verified teachers, heads, administrators.
import { useEffect, useRef } from "react";
import { Link, useLocation } from "../../app/router";
import type { SectionProps } from "../../app/sections";
import { useI18n, type Key } from "../../i18n";
import { Browse } from "./Browse";
import { isCatalogueTeacher } from "./grades";
import { ItemView } from "./ItemView";
import { Mine } from "./Mine";
import { Submit } from "./Submit";

type View = "browse" | "mine" | "new";
const TABS: { view: View; href: string; label: Key }[] = [
  { view: "browse", href: "/catalogue", label: "cat.tab.browse" },
  { view: "mine", href: "/catalogue/mine", label: "cat.tab.mine" },
  { view: "new", href: "/catalogue/new", label: "cat.tab.new" },
];

export default function CataloguePage({ orgId, org, rest }: SectionProps) {
  const { t } = useI18n();
  const { query } = useLocation();
  const parts = rest.split("/").filter(Boolean);
  const itemId = parts[0] === "items" && parts[1] ? parts[1] : null;
  const view: View | null = itemId ? null : parts[0] === "mine" ? "mine" : parts[0] === "new" ? "new" : "browse";
  const main = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = `${t("cat.title")} — ${t("app.name")}`;
    return () => {
      document.title = t("app.name");
    };
  }, [t]);

  const allowed = isCatalogueTeacher(org.roles);

  return (
    <section className="cat section-page" aria-labelledby="cat-h1">
      <header className="mat-head">
        <Link href="/" className="back button ghost">
          <span aria-hidden="true">←</span> <span className="back-text">{t("chat.back")}</span>
        </Link>
        <h1 id="cat-h1">{t("cat.title")}</h1>
      </header>
      {!allowed ? (
        <p>{t("cat.teachersOnly")}</p>
      ) : (
        <>
          <p className="cat-lead muted">{t("cat.lead")}</p>
          <nav className="cat-tabs" aria-label={t("cat.tabs")}>
            <ul>
              {TABS.map((tab) => (
                <li key={tab.view}>
                  <Link href={tab.href} aria-current={view === tab.view ? "page" : undefined}>
                    {t(tab.label)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div ref={main}>
            {itemId ? (
              <ItemView key={itemId} id={itemId} orgId={orgId} />
            ) : view === "mine" ? (
              <Mine submitted={query.get("sent") === "1"} />
            ) : view === "new" ? (
              <Submit orgId={orgId} />
            ) : (
              <Browse query={query} />
            )}
          </div>
        </>
      )}
    </section>
  );
}
