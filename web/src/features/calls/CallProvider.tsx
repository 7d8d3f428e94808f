// Calls in the signed-in app: one CallManager fed by the realtime runtime, the incoming-call
// dialog and the call window (above everything while a call is open).
import { createContext, lazy, Suspense, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ok } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { isVerifiedStaff } from "../chats/NewChat";
import { IncomingCall } from "./IncomingCall";
import { CallManager } from "./manager";
import "./calls.css";

// The window's code loads when a call first opens (the first screen stays light).
const CallWindow = lazy(() => import("./CallWindow").then((m) => ({ default: m.CallWindow })));

interface CallsCtx {
  manager: CallManager;
  myId: string;
  /** Organisations where I am verified staff (may start lessons). */
  staffOrgs: ReadonlySet<string>;
  /** Lines for the call window's own live region (the app's is outside the modal). */
  announcements: string[];
}

const Ctx = createContext<CallsCtx | null>(null);

export function useCalls(): CallsCtx {
  const c = useContext(Ctx);
  if (!c) throw new Error("useCalls outside CallProvider");
  return c;
}

export function CallProvider({ myId, children }: { myId: string; children: ReactNode }) {
  const runtime = useRuntime();
  const { t } = useI18n();
  const [announcements, setAnnouncements] = useState<string[]>([]);
  const [staffOrgs, setStaffOrgs] = useState<ReadonlySet<string>>(new Set());
  const manager = useMemo(
    () =>
      new CallManager({
        runtime,
        myId,
        announce: (kind, name) => {
          const key = kind === "joined" ? "calls.announceJoined" : kind === "left" ? "calls.announceLeft" : "calls.announceHand";
          setAnnouncements((list) => [...list.slice(-4), t(key, { name })]);
        },
      }),
    // The manager lives as long as the runtime; `t` changes only with the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [runtime, myId],
  );
  useEffect(() => manager.attach(), [manager]);
  useEffect(() => {
    ok(api.GET("/api/v1/me/orgs"))
      .then((orgs) => setStaffOrgs(new Set(orgs.filter((o) => isVerifiedStaff(o.roles)).map((o) => o.org_id))))
      .catch(() => undefined);
  }, []);
  const session = useStore(manager.current, (s) => s);
  const value = useMemo(() => ({ manager, myId, staffOrgs, announcements }), [manager, myId, staffOrgs, announcements]);
  return (
    <Ctx.Provider value={value}>
      {children}
      <IncomingCall />
      {session && (
        <Suspense fallback={null}>
          <CallWindow key={session.id} session={session} myId={myId} announcements={announcements} />
        </Suspense>
      )}
    </Ctx.Provider>
  );
}
