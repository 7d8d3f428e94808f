// Providers and routes.
import { lazy, Suspense, useEffect } from "react";
import { CardPage, Spinner } from "../components/ui";
import { ResetPassword } from "../features/auth/ResetPassword";
import { SessionProvider, useSession } from "../features/auth/session";
import { SignIn } from "../features/auth/SignIn";
import { usePush } from "../features/profile/push";
import { I18nProvider, useT } from "../i18n";
import { ThemeProvider } from "../theme/theme";
import { Link, match, navigate, useLocation } from "./router";
import { sectionOf } from "./sections";

const AppShell = lazy(() => import("./AppShell"));
const AdminConsole = lazy(() => import("../features/admin/AdminConsole"));
const OperatorConsole = lazy(() => import("../features/operator/OperatorConsole"));
const ProfilePage = lazy(() => import("../features/profile/ProfilePage"));
const ApplyPage = lazy(() => import("../features/apply/ApplyPage").then((m) => ({ default: m.ApplyPage })));
const GuestPage = lazy(() => import("../features/calls/GuestPage").then((m) => ({ default: m.GuestPage })));
const InviteLanding = lazy(() =>
  import("../features/invites/InviteLanding").then((m) => ({ default: m.InviteLanding })),
);

export function App() {
  return (
    <I18nProvider>
      <ThemeProvider>
        <SessionProvider>
          <Routes />
        </SessionProvider>
      </ThemeProvider>
    </I18nProvider>
  );
}

function Loading() {
  const t = useT();
  return (
    <div className="center">
      <Spinner label={t("common.loading")} />
    </div>
  );
}

function Routes() {
  const { path } = useLocation();
  if (path === "/sign-in") return <SignIn />;
  if (path === "/reset-password") return <ResetPassword />;
  const invite = match("/invite/:token", path);
  if (invite) {
    return (
      <Suspense fallback={<Loading />}>
        <InviteLanding token={invite.token ?? ""} />
      </Suspense>
    );
  }
  const guest = match("/guest/:code", path);
  if (guest) {
    return (
      <Suspense fallback={<Loading />}>
        <GuestPage code={guest.code ?? ""} />
      </Suspense>
    );
  }
  if (path === "/apply") {
    return (
      <Suspense fallback={<Loading />}>
        <ApplyPage />
      </Suspense>
    );
  }
  if (path === "/operator" || path.startsWith("/operator/")) return <SignedIn chatId={null} page="operator" />;
  if (path === "/settings" || path.startsWith("/settings/")) return <SignedIn chatId={null} page="settings" />;
  const chat = match("/chats/:chatId", path);
  if (path === "/" || chat) return <SignedIn chatId={chat?.chatId ?? null} />;
  if (path === "/search") return <SignedIn chatId={null} search />;
  if (sectionOf(path)) return <SignedIn chatId={null} />;
  const admin = path === "/admin" ? { section: "" } : match("/admin/:section", path);
  if (admin) return <SignedIn chatId={null} adminSection={admin.section ?? ""} />;
  return <NotFound />;
}

function SignedIn({
  chatId,
  adminSection,
  page,
  search = false,
}: {
  chatId: string | null;
  adminSection?: string;
  page?: "operator" | "settings";
  search?: boolean;
}) {
  const t = useT();
  const session = useSession();
  const { path } = useLocation();
  usePush(session.account?.id ?? null); // pushes: re-register after sign-in, open on click
  useEffect(() => {
    if (session.status === "signed-out") {
      const next = path === "/" ? "" : `?next=${encodeURIComponent(path)}`;
      navigate(`/sign-in${next}`, { replace: true });
    }
  }, [session.status, path]);
  if (session.status === "unreachable") {
    return (
      <CardPage title={t("app.name")}>
        <p role="alert">{t("error.network")}</p>
        <button type="button" className="primary" onClick={session.retry}>
          {t("common.retry")}
        </button>
      </CardPage>
    );
  }
  if (session.status !== "signed-in") return <Loading />;
  return (
    <Suspense fallback={<Loading />}>
      {page === "operator" ? (
        <OperatorConsole />
      ) : page === "settings" ? (
        <ProfilePage />
      ) : adminSection !== undefined ? (
        <AdminConsole section={adminSection || null} />
      ) : (
        <AppShell chatId={chatId} search={search} />
      )}
    </Suspense>
  );
}

function NotFound() {
  const t = useT();
  return (
    <CardPage title={t("notFound.title")}>
      <p>
        <Link href="/">{t("notFound.home")}</Link>
      </p>
    </CardPage>
  );
}
