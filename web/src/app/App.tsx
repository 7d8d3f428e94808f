// Providers and routes.
import { lazy, Suspense, useEffect } from "react";
import { CardPage, Spinner } from "../components/ui";
import { ResetPassword } from "../features/auth/ResetPassword";
import { SessionProvider, useSession } from "../features/auth/session";
import { SignIn } from "../features/auth/SignIn";
import { I18nProvider, useT } from "../i18n";
import { ThemeProvider } from "../theme/theme";
import { Link, match, navigate, useLocation } from "./router";

const AppShell = lazy(() => import("./AppShell"));
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
  const chat = match("/chats/:chatId", path);
  if (path === "/" || chat) return <SignedIn chatId={chat?.chatId ?? null} />;
  return <NotFound />;
}

function SignedIn({ chatId }: { chatId: string | null }) {
  const t = useT();
  const session = useSession();
  const { path } = useLocation();
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
      <AppShell chatId={chatId} />
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
