// The call window: above the app (a modal dialog) while a call is open. Before joining:
// device choice with preview; in the call: the videos, the controls and a side panel
// (participants and lesson controls, the chat, devices); after: the outcome, and
// attendance for the teacher of a lesson.
import { useEffect, useRef, useState } from "react";
import { ApiError } from "../../api/client";
import { useOptionalRuntime } from "../../app/AppShell";
import { codeText, errorText } from "../../components/ui";
import { useI18n, type Key, type T } from "../../i18n";
import { createStore, useStore } from "../../lib/store";
import type { Chat } from "../chats/types";
import { chatTitle } from "../chats/ChatList";
import { Attendance } from "./Attendance";
import { CallChat } from "./CallChat";
import { Controls, type Panel } from "./Controls";
import { Devices } from "./Devices";
import { People } from "./People";
import type { CallSession } from "./session";
import { Stage, type View } from "./Stage";

const NO_CHATS = createStore<{ chats: Record<string, Chat> }, null>((x) => x, { chats: {} });

function problem(t: T, err: unknown): string | null {
  if (!err) return null;
  if (err instanceof ApiError) return errorText(t, err);
  if (typeof err === "string") return codeText(t, err);
  return t("error.generic");
}

interface Props {
  session: CallSession;
  myId: string;
  /** Lines for the window's own live region (the app's is outside the modal). */
  announcements: string[];
}

export function CallWindow({ session, myId, announcements }: Props) {
  const { t } = useI18n();
  const runtime = useOptionalRuntime();
  const ref = useRef<HTMLDialogElement>(null);
  const s = useStore(session.store, (x) => x);
  const chats = useStore(runtime?.store ?? NO_CHATS, (x) => x.chats);
  const chat = chats[s.chatId];
  const [view, setView] = useState<View>("grid");
  const [panel, setPanel] = useState<Panel>(null);
  const [now, setNow] = useState(Date.now());
  const lesson = s.call?.mode === "lesson" || Boolean(s.lesson?.lesson);
  const title = s.call?.title || (chat ? chatTitle(chat, t) : t("calls.meeting"));
  const me = s.call?.participants.find((p) => p.account_id === myId);
  // The in-call chat is the chat's own: only its members (not guests, not those let in by
  // the event or the link) read and write it.
  const withChat = Boolean(runtime && chat && (!me || me.via === "chat"));
  const joinedCount = s.call?.participants.filter((p) => p.state === "joined").length ?? 0;

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    const back = document.activeElement;
    return () => {
      if (back instanceof HTMLElement && document.contains(back)) back.focus();
    };
  }, []);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const quality = now < s.weakUntil ? "poor" : s.quality;
  const qualityKey = `calls.quality${quality[0]?.toUpperCase()}${quality.slice(1)}` as Key;
  const error = problem(t, s.error);

  return (
    <dialog
      ref={ref}
      className="call-window"
      aria-labelledby="call-title"
      onCancel={(e) => {
        // Escape never drops a call by accident; panels close first.
        e.preventDefault();
        if (panel) setPanel(null);
      }}
    >
      <header className="call-top">
        <h2 id="call-title">{lesson ? t("calls.windowLesson", { title }) : t("calls.window", { title })}</h2>
        {s.phase === "in" && (
          <>
            <span className="call-count">{t("calls.inCall", { count: joinedCount })}</span>
            <span className={`call-quality q-${quality}`} role="status">
              <span className="q-bars" aria-hidden="true">
                <i />
                <i />
                <i />
              </span>
              {s.connected || s.call?.mode !== "direct" ? t(qualityKey) : t("calls.connecting")}
            </span>
          </>
        )}
      </header>
      {error && (
        <p className="call-error" role="alert">
          {error}
        </p>
      )}
      {me?.muted_by_host && s.phase === "in" && (
        <p className="call-note strong" id="muted-by-host" role="status">
          {t("calls.mutedByHost")}
        </p>
      )}
      {me?.camera_off_by_host && s.phase === "in" && (
        <p className="call-note strong" id="camera-by-host" role="status">
          {t("calls.cameraOffByHost")}
        </p>
      )}
      {s.phase === "prejoin" && <Prejoin session={session} />}
      {s.phase === "joining" && (
        <p className="call-center" role="status">
          {t("calls.joining")}
        </p>
      )}
      {s.phase === "waiting" && (
        <div className="call-center">
          <p role="status">{lesson ? t("calls.waiting") : t("calls.waitingHost")}</p>
          <button type="button" className="secondary" onClick={() => void session.leave()}>
            {t("calls.leave")}
          </button>
        </div>
      )}
      {s.phase === "in" && (
        <>
          <div className={`call-body${panel ? " with-panel" : ""}`}>
            <Stage session={session} view={view} myId={myId} />
            {panel && (
              <aside id="call-panel" className="call-panel" aria-label={t(panel === "people" ? "calls.panelPeople" : panel === "chat" ? "calls.panelChat" : "calls.panelDevices")}>
                {panel === "people" && <People session={session} myId={myId} />}
                {panel === "chat" && withChat && <CallChat chatId={s.chatId} orgId={s.orgId} myId={myId} />}
                {panel === "devices" && <Devices session={session} preview={false} />}
              </aside>
            )}
          </div>
          <Controls session={session} myId={myId} view={view} onView={setView} panel={panel} onPanel={setPanel} withChat={withChat} />
        </>
      )}
      {(s.phase === "ended" || s.phase === "removed") && (
        <div className="call-center">
          <p role="status">{s.phase === "removed" ? t("calls.removed") : lesson ? t("calls.endedLesson") : t("calls.ended")}</p>
          {s.attendance && s.callId && <Attendance orgId={s.orgId} callId={s.callId} />}
          <button type="button" onClick={() => session.close()}>
            {t("calls.close")}
          </button>
        </div>
      )}
      <div className="sr-only" aria-live="polite" aria-relevant="additions">
        {announcements.map((a, i) => (
          <p key={`${i}-${a}`}>{a}</p>
        ))}
        {s.reactions.map((r) => (
          <p key={r.id}>
            {t("calls.reactionFrom", {
              name: s.call?.participants.find((p) => p.account_id === r.accountId)?.name ?? "",
              emoji: r.emoji,
            })}
          </p>
        ))}
      </div>
    </dialog>
  );
}

function Prejoin({ session }: { session: CallSession }) {
  const { t } = useI18n();
  const s = useStore(session.store, (x) => x);
  const lessonOpts = s.lesson;
  const go = useRef<HTMLButtonElement>(null);
  useEffect(() => go.current?.focus(), []);
  const label =
    s.callId || session.joinsPlanned ? t("calls.joinNow") : lessonOpts?.lesson ? t("calls.startLessonNow") : t("calls.startNow");
  return (
    <div className="call-prejoin">
      <h3>{t("calls.prejoin")}</h3>
      <Devices session={session} />
      {lessonOpts?.lesson && !s.callId && !session.joinsPlanned && (
        <fieldset className="call-options">
          <legend className="sr-only">{t("calls.lesson")}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={lessonOpts.waiting_room !== false}
              onChange={(e) => session.store.dispatch({ lesson: { ...lessonOpts, waiting_room: e.target.checked } })}
            />
            {t("calls.optWaiting")}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={Boolean(lessonOpts.cameras_teacher_only)}
              onChange={(e) => session.store.dispatch({ lesson: { ...lessonOpts, cameras_teacher_only: e.target.checked } })}
            />
            {t("calls.optCameras")}
          </label>
        </fieldset>
      )}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={() => session.close()}>
          {t("calls.cancel")}
        </button>
        <button type="button" ref={go} onClick={() => void session.go()}>
          {label}
        </button>
      </div>
    </div>
  );
}
