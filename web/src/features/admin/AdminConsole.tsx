// The organisation admin console: /admin/<section>. Administrators see every section; the
// head and class teachers the parts their rights allow (see access.ts). The current
// organisation is the one chosen in the main layout (PUT /me/current-org).
import {
  Component,
  createContext,
  lazy,
  Suspense,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ComponentType,
  type ReactNode,
} from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Link, navigate } from "../../app/router";
import { Alert, Logo, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useSession } from "../auth/session";
import { SettingsDialog } from "../settings/SettingsDialog";
import { invitableRoles, rightsOf, sectionsFor, type Right, type Section } from "./access";
import { ConfirmProvider, useLoad } from "./kit";
import "./admin.css";

type Org = Schemas["OrgOut"];
type ClassOut = Schemas["ClassOut"];

export interface Admin {
  orgId: string;
  org: Org;
  rights: Set<Right>;
  can(r: Right): boolean;
  isAdmin: boolean;
  myMembershipIds: string[];
  /** Classes of the current year; for a class teacher, `ledClasses` are theirs. */
  classes: ClassOut[];
  ledClasses: ClassOut[];
  reloadClasses(): void;
  /** Load the organisation again (after its settings changed). */
  reloadOrg(): void;
  invitable: ReturnType<typeof invitableRoles>;
}

const AdminCtx = createContext<Admin | null>(null);
export function useAdmin(): Admin {
  const a = useContext(AdminCtx);
  if (!a) throw new Error("useAdmin outside AdminConsole");
  return a;
}

const PAGES: Record<Section, ComponentType> = {
  members: lazy(() => import("./Members")),
  "parent-links": lazy(() => import("./ParentLinks")),
  invitations: lazy(() => import("./Invitations")),
  structure: lazy(() => import("./Structure")),
  roster: lazy(() => import("./Roster")),
  policies: lazy(() => import("./Policies")),
  integrations: lazy(() => import("./Integrations")),
  support: lazy(() => import("../help/AdminSupport")),
  audit: lazy(() => import("./Audit")),
};

export default function AdminConsole({ section }: { section: string | null }) {
  const { t } = useI18n();
  const orgs = useLoad(() => ok(api.GET("/api/v1/me/orgs")), []);
  const current = orgs.data?.find((o) => o.current) ?? orgs.data?.[0] ?? null;
  const orgId = current?.org_id ?? null;
  const org = useLoad(
    () => (orgId ? ok(api.GET("/api/v1/orgs/{org_id}", { params: { path: { org_id: orgId } } })) : Promise.resolve(null)),
    [orgId],
  );
  const classes = useLoad(
    () =>
      orgId
        ? ok(api.GET("/api/v1/orgs/{org_id}/classes", { params: { path: { org_id: orgId } } }))
        : Promise.resolve([] as ClassOut[]),
    [orgId],
  );

  const admin = useMemo<Admin | null>(() => {
    if (!orgId || !org.data) return null;
    const roles = org.data.my_roles;
    const rights = rightsOf(roles);
    const mine = roles.map((r) => r.membership_id);
    const all = classes.data ?? [];
    const led = all.filter((c) => c.class_teacher && mine.includes(c.class_teacher.membership_id));
    return {
      orgId,
      org: org.data,
      rights,
      can: (r) => rights.has(r),
      isAdmin: roles.some((r) => r.role === "admin"),
      myMembershipIds: mine,
      classes: all,
      ledClasses: led,
      reloadClasses: classes.reload,
      reloadOrg: org.reload,
      invitable: invitableRoles(roles),
    };
  }, [orgId, org.data, classes.data, classes.reload, org.reload]);

  const sections = admin
    ? sectionsFor(admin.org.my_roles, classes.data === null || admin.ledClasses.length > 0)
    : [];
  const active = sections.find((s) => s === section) ?? null;

  useEffect(() => {
    if (admin && classes.data !== null && !active && sections[0]) {
      navigate(`/admin/${sections[0]}`, { replace: true });
    }
  }, [admin, classes.data, active, sections]);

  useEffect(() => {
    document.title = active
      ? `${t(`admin.section.${active}` as Key)} — ${t("admin.title")}`
      : t("admin.title");
    return () => {
      document.title = t("app.name");
    };
  }, [active, t]);

  const error = orgs.error ?? org.error;
  let body;
  if (error) {
    body = <Alert>{errorText(t, error)}</Alert>;
  } else if (!admin || classes.data === null) {
    body = <Spinner label={t("common.loading")} />;
  } else if (sections.length === 0) {
    body = (
      <>
        <h1>{t("admin.title")}</h1>
        <p>{t("admin.noAccess")}</p>
      </>
    );
  } else if (!active) {
    body = <Spinner label={t("common.loading")} />;
  } else {
    const Page = PAGES[active];
    body = (
      <>
        <h1 id="admin-h1">{t(`admin.section.${active}` as Key)}</h1>
        <SectionBoundary key={active} text={t("admin.sectionFailed")} retry={t("common.retry")}>
          <Suspense fallback={<Spinner label={t("common.loading")} />}>
            <Page key={`${admin.orgId}-${active}`} />
          </Suspense>
        </SectionBoundary>
      </>
    );
  }

  return (
    <ConfirmProvider>
      <AdminFrame orgName={current?.name ?? ""} sections={sections} active={active}>
        {admin ? <AdminCtx.Provider value={admin}>{body}</AdminCtx.Provider> : body}
      </AdminFrame>
    </ConfirmProvider>
  );
}

function AdminFrame({
  orgName,
  sections,
  active,
  children,
}: {
  orgName: string;
  sections: Section[];
  active: Section | null;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const session = useSession();
  const [settingsOpen, setSettingsOpen] = useState(false);
  // Moving between sections puts the keyboard (and a screen reader) at the new page's start.
  const shown = useRef<Section | null>(null);
  useEffect(() => {
    if (active && shown.current && shown.current !== active) document.getElementById("main")?.focus();
    shown.current = active;
  }, [active]);
  return (
    <div className="app admin">
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <div className="brand">
          <Logo size={28} />
          <span className="brand-name">{t("app.name")}</span>
        </div>
        {orgName && <span className="org-name">{orgName}</span>}
        <div className="topbar-actions">
          <Link href="/" className="button ghost">
            <span aria-hidden="true">←</span> {t("admin.toChats")}
          </Link>
          <button type="button" className="ghost" onClick={() => setSettingsOpen(true)}>
            {t("nav.settings")}
          </button>
          <button type="button" className="ghost" onClick={() => void session.signOut()}>
            {t("nav.signOut")}
          </button>
        </div>
      </header>
      <div className="adm-body">
        {sections.length > 0 && (
          <nav className="adm-nav" aria-label={t("admin.nav")}>
            <p className="adm-nav-title" aria-hidden="true">
              {t("admin.title")}
            </p>
            <ul>
              {sections.map((s) => (
                <li key={s}>
                  <Link href={`/admin/${s}`} aria-current={s === active ? "page" : undefined}>
                    {t(`admin.section.${s}` as Key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main" className="adm-main" tabIndex={-1} aria-labelledby={active ? "admin-h1" : undefined}>
          {children}
        </main>
      </div>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}

/** A section that fails to load (a new release replaced its file, a crash) says so calmly. */
class SectionBoundary extends Component<{ text: string; retry: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="stack">
        <Alert>{this.props.text}</Alert>
        <p>
          <button type="button" onClick={() => window.location.reload()}>
            {this.props.retry}
          </button>
        </p>
      </div>
    );
  }
}
