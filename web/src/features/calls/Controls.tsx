// The call's buttons: microphone, camera, screen, hand, reactions, view, panels, leave.
import { useRef, useState } from "react";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { isHost } from "./People";
import type { CallSession } from "./session";
import type { View } from "./Stage";
import { CALL_REACTIONS } from "./types";

export type Panel = "people" | "chat" | "devices" | null;

interface Props {
  session: CallSession;
  myId: string;
  view: View;
  onView(v: View): void;
  panel: Panel;
  onPanel(p: Panel): void;
  /** The chat's panel (members of the call's chat only). */
  withChat: boolean;
}

export function Controls({ session, myId, view, onView, panel, onPanel, withChat }: Props) {
  const { t } = useI18n();
  const s = useStore(session.store, (x) => x);
  const [reacting, setReacting] = useState(false);
  const reactButton = useRef<HTMLButtonElement>(null);
  const me = s.call?.participants.find((p) => p.account_id === myId);
  const mutedByHost = Boolean(me?.muted_by_host);
  const camByHost = Boolean(me?.camera_off_by_host);
  const mayShare = me?.may_share_screen !== false;
  const host = isHost(s.call, myId);
  const group = s.call?.mode !== "direct";
  const hasCam = (s.local?.getVideoTracks().length ?? 0) > 0;
  const panelButton = (p: Exclude<Panel, null>, label: string) => (
    <button type="button" className="call-btn" aria-expanded={panel === p} aria-controls="call-panel" onClick={() => onPanel(panel === p ? null : p)}>
      {label}
    </button>
  );

  return (
    <div className="call-controls" role="group" aria-label={t("calls.controls")}>
      <button
        type="button"
        className={`call-btn${s.micOn ? "" : " off"}`}
        disabled={!s.micOn && mutedByHost}
        aria-describedby={mutedByHost ? "muted-by-host" : undefined}
        onClick={() => session.setMic(!s.micOn)}
      >
        <span aria-hidden="true">{s.micOn ? "🎙️" : "🔇"} </span>
        {s.micOn ? t("calls.micOff") : t("calls.micOn")}
      </button>
      {hasCam && (
        <button
          type="button"
          className={`call-btn${s.camOn ? "" : " off"}`}
          disabled={!s.camOn && camByHost}
          aria-describedby={camByHost ? "camera-by-host" : undefined}
          onClick={() => session.setCam(!s.camOn)}
        >
          <span aria-hidden="true">📷 </span>
          {s.camOn ? t("calls.camOff") : t("calls.camOn")}
        </button>
      )}
      {(mayShare || s.screen) && (
        <button type="button" className="call-btn" onClick={() => void (s.screen ? session.stopScreen() : session.startScreen())}>
          <span aria-hidden="true">🖥️ </span>
          {s.screen ? t("calls.screenStop") : t("calls.screenStart")}
        </button>
      )}
      {group && (
        <button type="button" className="call-btn" aria-pressed={Boolean(me?.hand_raised)} onClick={() => void session.hand(!me?.hand_raised)}>
          <span aria-hidden="true">✋ </span>
          {me?.hand_raised ? t("calls.handLower") : t("calls.handRaise")}
        </button>
      )}
      <span className="call-react">
        <button type="button" ref={reactButton} className="call-btn" aria-expanded={reacting} aria-controls="call-reactions" onClick={() => setReacting(!reacting)}>
          <span aria-hidden="true">🙂 </span>
          {t("calls.reactions")}
        </button>
        {reacting && (
          <span
            id="call-reactions"
            className="call-reaction-picker"
            role="group"
            aria-label={t("calls.reactions")}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                e.stopPropagation();
                setReacting(false);
                reactButton.current?.focus();
              }
            }}
          >
            {CALL_REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                className="ghost"
                aria-label={t("calls.reactWith", { emoji })}
                onClick={() => {
                  setReacting(false);
                  reactButton.current?.focus();
                  void session.react(emoji);
                }}
              >
                {emoji}
              </button>
            ))}
          </span>
        )}
      </span>
      {group && (
        <button type="button" className="call-btn" onClick={() => onView(view === "grid" ? "speaker" : "grid")}>
          {view === "grid" ? t("calls.viewSpeaker") : t("calls.viewGrid")}
        </button>
      )}
      {panelButton("people", t("calls.panelPeople"))}
      {withChat && panelButton("chat", t("calls.panelChat"))}
      {panelButton("devices", t("calls.panelDevices"))}
      <button type="button" className="call-btn leave" onClick={() => void session.leave(false)}>
        {t("calls.leave")}
      </button>
      {host && group && (
        <button type="button" className="call-btn leave" onClick={() => void session.leave(true)}>
          {t("calls.endAll")}
        </button>
      )}
    </div>
  );
}
