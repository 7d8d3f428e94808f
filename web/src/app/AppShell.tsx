// The signed-in app: top bar (organisation, settings), chat list, open chat, connection
// banner, live announcements and the unread count in the tab title.
import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { api, ok, type Schemas } from "../api/client";
import { Logo, Spinner } from "../components/ui";
import { LiveRegion, useAnnouncer } from "../components/LiveRegion";
import { useSession } from "../features/auth/session";
import { ChatList } from "../features/chats/ChatList";
import { ChatView } from "../features/chats/ChatView";
import { isAdmin } from "../features/channels/NewChannelButton";
import { NewChatButtons, isVerifiedStaff } from "../features/chats/NewChat";
import { NotifyPrompt, useBrowserNotifications } from "../features/chats/Notify";
import { AckReminders } from "../features/acks/AckReminders";
import { EventNotices } from "../features/calendar/EventNotices";
import { GradebookLinks } from "../features/orgs/GradebookLinks";
import { CallProvider } from "../features/calls/CallProvider";
import { SearchView } from "../features/search/SearchView";
import { totalUnread } from "../features/chats/reducer";
import type { Message } from "../features/chats/types";
import { OrgSwitcher } from "../features/orgs/OrgSwitcher";
import { SettingsDialog } from "../features/settings/SettingsDialog";
import { Avatar } from "../features/profile/Avatar";
import { hasConsole } from "../features/admin/access";
import { useI18n } from "../i18n";
import { useStore } from "../lib/store";
import { createRuntime, type Runtime } from "../realtime/runtime";
import { Link, navigate, useLocation } from "./router";
import { SECTIONS, sectionOf } from "./sections";

type MyOrg = Schemas["MyOrg"];

// Channels open in their own view, loaded when the first channel is opened.
const ChannelView = lazy(() => import("../features/channels/ChannelView").then((m) => ({ default: m.ChannelView })));

const RuntimeCtx = createContext<Runtime | null>(null);
/** The runtime, or null outside the signed-in app (a guest's call page). */
export function useOptionalRuntime(): Runtime | null {
  return useContext(RuntimeCtx);
}

export function useRuntime(): Runtime {
  const r = useContext(RuntimeCtx);
  if (!r) throw new Error("useRuntime outside AppShell");
  return r;
}

export default function AppShell({ chatId, search = false }: { chatId: string | null; search?: boolean }) {
  const session = useSession();
  const account = session.account;
  const runtime = useMemo(
    () => (account ? createRuntime(account.id, () => void session.signOut()) : null),
    [account?.id],
  );
  useEffect(() => {
    if (!runtime) return;
    runtime.start();
    return () => runtime.stop();
  }, [runtime]);
  if (!runtime || !account) return null;
  return (
    <RuntimeCtx.Provider value={runtime}>
      <LiveRegion>
        <CallProvider myId={account.id}>
          <Shell chatId={chatId} myId={account.id} search={search} />
        </CallProvider>
      </LiveRegion>
    </RuntimeCtx.Provider>
  );
}

function Shell({ chatId, myId, search }: { chatId: string | null; myId: string; search: boolean }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const session = useSession();
  const announce = useAnnouncer();
  const [orgs, setOrgs] = useState<MyOrg[] | null>(null);
  const [orgId, setOrgId] = useState<string | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const chats = useStore(runtime.store, (s) => s.chats);
  const unread = useStore(runtime.store, totalUnread);
  const status = useStore(runtime.status, (s) => s);
  const openChat = chatId ? chats[chatId] : undefined;
  const { path } = useLocation();
  const inSection = sectionOf(path);

  useEffect(() => {
    ok(api.GET("/api/v1/me/orgs"))
      .then((list) => {
        setOrgs(list);
        setOrgId((cur) => cur ?? list.find((o) => o.current)?.org_id ?? list[0]?.org_id ?? null);
      })
      .catch(() => setOrgs([]));
  }, []);

  // A deep link into a chat of another organisation switches to it.
  useEffect(() => {
    if (openChat && openChat.org_id !== orgId) setOrgId(openChat.org_id);
  }, [openChat, orgId]);

  const switchOrg = useCallback((id: string) => {
    setOrgId(id);
    navigate("/");
    void ok(api.PUT("/api/v1/me/current-org", { body: { org_id: id } })).catch(() => undefined);
  }, []);

  useEffect(() => {
    document.title = unread > 0 ? t("title.unread", { count: unread }) : t("app.name");
  }, [unread, t]);

  // Announce incoming messages politely: in full for the open chat, briefly for others.
  const openRef = useRef(chatId);
  openRef.current = chatId;
  useEffect(
    () =>
      runtime.onIncoming((event) => {
        const m = event.data as unknown as Message;
        if (m.author_id === myId) return;
        const chat = runtime.store.getState().chats[m.chat_id];
        if (!chat || chat.muted) return;
        const name = m.author_name ?? "";
        if (m.chat_id === openRef.current) {
          announce(t("chat.announce", { name, text: m.body.slice(0, 300) }));
        } else {
          announce(t("chat.announceIn", { chat: chat.title || chat.peer?.name || "", name }));
        }
      }),
    [runtime, announce, myId, t],
  );

  const currentOrg = orgs?.find((o) => o.org_id === orgId) ?? null;
  useBrowserNotifications(runtime, chatId);

  return (
    <div className={chatId || search || inSection ? "app has-chat" : "app"}>
      <a className="skip" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <div className="brand">
          <Logo size={28} />
          <span className="brand-name">{t("app.name")}</span>
        </div>
        {orgs && <OrgSwitcher orgs={orgs} current={currentOrg} onChange={switchOrg} />}
        <div className="topbar-actions">
          <Link href="/search" className="button ghost" aria-current={search ? "page" : undefined}>
            {t("search.nav")}
          </Link>
          {currentOrg && hasConsole(currentOrg.roles) && (
            <Link href="/admin" className="button ghost">
              {t("nav.admin")}
            </Link>
          )}
          <button type="button" className="ghost" onClick={() => setSettingsOpen(true)}>
            {t("nav.settings")}
          </button>
          {session.account?.is_operator && (
            <Link href="/operator" className="button ghost">
              {t("profile.console")}
            </Link>
          )}
          <button type="button" className="ghost" onClick={() => void session.signOut()}>
            {t("nav.signOut")}
          </button>
          {session.account && (
            <Link href="/settings" className="me-link">
              <Avatar name={session.account.display_name} url={session.account.avatar_url} size={32} />
              <span className="sr-only">{t("profile.mePrefix")}</span>
              <span className="me-name">{session.account.display_name}</span>
            </Link>
          )}
        </div>
      </header>
      {status !== "open" && (
        <div className="banner" role="status">
          {status === "connecting" ? t("banner.connecting") : t("banner.offline")}
        </div>
      )}
      <AckReminders />
      <EventNotices myId={myId} />
      <div className="panes">
        <nav className="sidebar" aria-label={t("nav.chats")}>
          {currentOrg && <SectionLinks org={currentOrg} current={inSection?.section.id ?? null} />}
          {orgId && <GradebookLinks orgId={orgId} />}
          <h2 className="sidebar-title">{t("nav.chats")}</h2>
          {orgId && (
            <NewChatButtons
              orgId={orgId}
              staff={isVerifiedStaff(currentOrg?.roles ?? [])}
              admin={isAdmin(currentOrg?.roles ?? [])}
            />
          )}
          <NotifyPrompt />
          {orgs === null ? <Spinner label={t("common.loading")} /> : <ChatList orgId={orgId} activeId={chatId} />}
        </nav>
        <main id="main" className="chat-pane" tabIndex={-1}>
          {inSection && orgId && currentOrg ? (
            <Suspense fallback={<Spinner label={t("common.loading")} />}>
              <inSection.section.Page key={orgId} orgId={orgId} org={currentOrg} myId={myId} rest={inSection.rest} />
            </Suspense>
          ) : inSection ? (
            <Spinner label={t("common.loading")} />
          ) : search ? (
            <SearchView orgId={orgId} myId={myId} />
          ) : chatId && openChat ? (
            openChat.kind === "channel" ? (
              <Suspense fallback={<Spinner label={t("common.loading")} />}>
                <ChannelView key={chatId} chat={openChat} myId={myId} />
              </Suspense>
            ) : (
              <ChatView key={chatId} chat={openChat} myId={myId} />
            )
          ) : (
            <div className="empty-pane">
              <p>{chatId ? t("common.loading") : t("chat.pick")}</p>
            </div>
          )}
        </main>
      </div>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}

/** Links to the sections beside the chats (calendar, materials, help...) the person may see. */
function SectionLinks({ org, current }: { org: MyOrg; current: string | null }) {
  const { t } = useI18n();
  const shown = SECTIONS.filter((s) => !s.visible || s.visible(org));
  if (shown.length === 0) return null;
  return (
    <ul className="section-links">
      {shown.map((s) => (
        <li key={s.id}>
          <Link href={`/${s.path}`} aria-current={current === s.id ? "page" : undefined}>
            {t(s.label)}
          </Link>
        </li>
      ))}
    </ul>
  );
}
