// Who is signed in: resolved once from GET /me, updated by the sign-in screens.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ok, onUnauthorized, type Schemas } from "../../api/client";

export type Account = Schemas["MyAccount"];
type Status = "loading" | "signed-in" | "signed-out" | "unreachable";

interface Session {
  status: Status;
  account: Account | null;
  signedIn(account: Account): void;
  signOut(): Promise<void>;
  retry(): void;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>("loading");
  const [account, setAccount] = useState<Account | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    ok(api.GET("/api/v1/me"))
      .then((a) => {
        if (!live) return;
        setAccount(a);
        setStatus("signed-in");
      })
      .catch((err: unknown) => {
        if (!live) return;
        const network = err instanceof Error && "isNetwork" in err && (err as { isNetwork: boolean }).isNetwork;
        setStatus(network ? "unreachable" : "signed-out");
      });
    return () => {
      live = false;
    };
  }, [attempt]);

  useEffect(() => {
    onUnauthorized(() => {
      setAccount(null);
      setStatus((s) => (s === "signed-in" ? "signed-out" : s));
    });
  }, []);

  const signedIn = useCallback((a: Account) => {
    setAccount(a);
    setStatus("signed-in");
  }, []);

  const signOut = useCallback(async () => {
    try {
      await ok(api.POST("/api/v1/auth/sign-out"));
    } catch {
      // the cookie is cleared by the server; if it is unreachable we forget locally anyway
    }
    setAccount(null);
    setStatus("signed-out");
  }, []);

  const value = useMemo<Session>(
    () => ({ status, account, signedIn, signOut, retry: () => setAttempt((n) => n + 1) }),
    [status, account, signedIn, signOut],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}

/** Where to go after signing in: only paths of this site. The URL parser decides, as the
 * browser would: "/\\evil.example", "/\t/evil.example" and the like leave the site. */
export function safeNext(next: string | null, origin: string = window.location.origin): string {
  if (!next || !next.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin || next.startsWith("//") || next.includes("\\")) return "/";
  return url.pathname + url.search + url.hash;
}
