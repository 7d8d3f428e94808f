// /guest/<code>: a guest by name joins an event's meeting (when its organiser allows guests).
// No sign-in: the guest gives a name, chooses camera and microphone, and waits until the host
// lets them in. The guest's own socket (?as=guest) carries the call's events and media frames.
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { api, ApiError, ok } from "../../api/client";
import { Alert, CardPage, Field, Spinner, errorText } from "../../components/ui";
import { LiveRegion } from "../../components/LiveRegion";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { RealtimeSocket, eventsUrl } from "../../realtime/socket";
import { CallWindow } from "./CallWindow";
import { exposeForTests } from "./manager";
import { CallSession, type CallBackend, type SessionDeps } from "./session";
import type { GuestInvite, JoinOut } from "./types";
import "./calls.css";

type Stage = "form" | "call" | "done";

export function GuestPage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const [invite, setInvite] = useState<GuestInvite | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState("");
  const [stage, setStage] = useState<Stage>("form");
  const [session, setSession] = useState<CallSession | null>(null);
  const [myId, setMyId] = useState("");
  const [announcements, setAnnouncements] = useState<string[]>([]);
  const socketRef = useRef<RealtimeSocket | null>(null);

  const load = () => {
    setError(null);
    ok(api.GET("/api/v1/guest/links/{code}", { params: { path: { code } } }))
      .then(setInvite)
      .catch((err: unknown) => setError(err));
  };
  useEffect(load, [code]);
  useEffect(() => () => socketRef.current?.stop(), []);

  const when = useMemo(() => {
    if (!invite) return "";
    const f = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeStyle: "short" });
    return `${f.format(new Date(invite.starts_at))} – ${new Intl.DateTimeFormat(lang, { timeStyle: "short" }).format(new Date(invite.ends_at))}`;
  }, [invite, lang]);

  const start = (e: FormEvent) => {
    e.preventDefault();
    if (!invite || session) return;
    let csrf = "";
    let sessionId: string | null = null;
    const deps: SessionDeps & { myId: string } = {
      myId: "",
      send: (frame) => socketRef.current?.send(frame) ?? false,
      sessionId: () => sessionId,
      announce: (kind, who) => {
        const key = kind === "joined" ? "calls.announceJoined" : kind === "left" ? "calls.announceLeft" : "calls.announceHand";
        setAnnouncements((list) => [...list.slice(-4), t(key, { name: who })]);
      },
      onClosed: () => {
        socketRef.current?.stop();
        setStage("done");
      },
    };
    const backend: CallBackend = {
      join: async (): Promise<JoinOut> => {
        const out = await ok(api.POST("/api/v1/guest/links/{code}/join", { params: { path: { code } }, body: { name } }));
        csrf = out.csrf_token;
        deps.myId = out.account_id;
        setMyId(out.account_id);
        if (!socketRef.current) {
          // The guest cookie exists from now on: the socket can sign in with it.
          const socket = new RealtimeSocket(
            {
              onEvent: (ev) => call.event(ev),
              onOpen: (hello) => {
                sessionId = typeof hello.session_id === "string" ? hello.session_id : null;
                void call.reconnected();
              },
              onStatus: () => undefined,
              onUnauthorized: () => call.close(),
            },
            `${eventsUrl()}?as=guest`,
          );
          socketRef.current = socket;
          socket.start();
        }
        return out;
      },
      get: async () => (await ok(api.GET("/api/v1/guest/call"))).call,
      leave: () => ok(api.POST("/api/v1/guest/call/leave", { headers: { "X-CSRF-Token": csrf } })),
    };
    // The session keeps this object: the guest's id, known after joining, is read from it.
    const call = new CallSession(
      Object.assign(deps, { backend }),
      { chatId: "", orgId: "", media: invite.media === "audio" ? "audio" : "video", callId: null, call: null, lesson: null, phase: "prejoin" },
    );
    exposeForTests(() => call);
    setSession(call);
    setStage("call");
    void call.openMedia();
  };

  if (stage === "call" && session) {
    return (
      <LiveRegion>
        <GuestCall session={session} myId={myId} announcements={announcements} />
      </LiveRegion>
    );
  }
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <CardPage title={invite ? t("guest.title", { title: invite.title }) : t("calls.meeting")}>
      {stage === "done" ? (
        <p role="status">{t("guest.done")}</p>
      ) : error ? (
        <Alert>{missing ? t("guest.missing") : errorText(t, error)}</Alert>
      ) : !invite ? (
        <Spinner label={t("common.loading")} />
      ) : (
        <>
          <p>{t("guest.org", { org: invite.org_name })}</p>
          <p>{t("guest.when", { when })}</p>
          {!invite.running ? (
            <>
              <p role="status">{t("guest.notStarted")}</p>
              <button type="button" className="secondary" onClick={load}>
                {t("guest.check")}
              </button>
            </>
          ) : (
            <form onSubmit={start}>
              <p>{t("guest.intro")}</p>
              <Field
                label={t("guest.name")}
                hint={t("guest.nameHint")}
                value={name}
                autoComplete="name"
                required
                minLength={2}
                maxLength={60}
                onChange={(e) => setName(e.target.value)}
              />
              <button type="submit" className="primary">
                {t("guest.continue")}
              </button>
            </form>
          )}
          <p className="muted small">{t("guest.privacy")}</p>
        </>
      )}
    </CardPage>
  );
}

function GuestCall({ session, myId, announcements }: { session: CallSession; myId: string; announcements: string[] }) {
  // Re-render when the session's state changes (the window reads it itself).
  useStore(session.store, (s) => s.phase);
  return <CallWindow session={session} myId={myId} announcements={announcements} />;
}
