// The platform operator's console (/operator/...): the applications queue and one
// application with its document, approve and reject; organisations; the content catalogue's
// review queue; support requests passed on by organisations, suggestions and the platform's
// posts (features/help); the platform audit log; the mail outbox. Only for operator accounts — others
// see "page not found", as the API answers them 404 too.
import { lazy, Suspense, useEffect } from "react";
import { Link, navigate, useLocation } from "../../app/router";
import { CardPage, Spinner } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useSession } from "../auth/session";
import { PageFrame } from "../profile/PageFrame";
import { ApplicationView } from "./ApplicationView";
import { Applications } from "./Applications";
import "./operator.css";

const Orgs = lazy(() => import("./Orgs"));
const Audit = lazy(() => import("./Audit"));
const Outbox = lazy(() => import("./Outbox"));
const CatalogueReview = lazy(() => import("../catalogue/Review"));
const Support = lazy(() => import("../help/OperatorSupport"));
const Suggestions = lazy(() => import("../help/OperatorSuggestions"));
const NewsEditor = lazy(() => import("../help/NewsEditor"));

const SECTIONS = ["applications", "orgs", "catalogue", "support", "suggestions", "news", "audit", "outbox"] as const;
type Section = (typeof SECTIONS)[number];
const TITLES: Record<Section, Key> = {
  applications: "op.applications",
  orgs: "op.orgs",
  catalogue: "cat.op.nav",
  support: "help.op.support",
  suggestions: "help.op.suggestions",
  news: "help.op.news",
  audit: "op.audit",
  outbox: "op.outbox",
};

export default function OperatorConsole() {
  const { t } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  const parts = path.split("/").filter(Boolean); // ["operator", section?, id?]
  const section = (SECTIONS as readonly string[]).includes(parts[1] ?? "") ? (parts[1] as Section) : null;
  const appId = section === "applications" ? (parts[2] ?? null) : null;
  const isOperator = session.account?.is_operator === true;

  useEffect(() => {
    if (isOperator && !section && parts.length <= 1) navigate("/operator/applications", { replace: true });
  }, [isOperator, section, parts.length]);

  useEffect(() => {
    document.title = `${section ? t(TITLES[section]) + " — " : ""}${t("op.title")}`;
    return () => {
      document.title = t("app.name");
    };
  }, [section, t]);

  if (!isOperator || (!section && parts.length > 1)) {
    return (
      <CardPage title={t("notFound.title")}>
        <p>
          <Link href="/">{t("notFound.home")}</Link>
        </p>
      </CardPage>
    );
  }

  const nav = SECTIONS.map((s) => ({ href: `/operator/${s}`, label: t(TITLES[s]), current: s === section }));
  let body = <Spinner label={t("common.loading")} />;
  if (section === "applications") body = appId ? <ApplicationView key={appId} id={appId} /> : <Applications />;
  else if (section === "orgs") body = <Orgs />;
  else if (section === "catalogue") body = <CatalogueReview />;
  else if (section === "support") body = <Support id={parts[2] ?? null} />;
  else if (section === "suggestions") body = <Suggestions />;
  else if (section === "news") body = <NewsEditor id={parts[2] ?? null} />;
  else if (section === "audit") body = <Audit />;
  else if (section === "outbox") body = <Outbox />;

  return (
    <PageFrame
      title={t("op.title")}
      navLabel={t("op.nav")}
      nav={nav}
      backLabel={t("op.toChats")}
      focusKey={path}
    >
      <Suspense fallback={<Spinner label={t("common.loading")} />}>{body}</Suspense>
    </PageFrame>
  );
}
