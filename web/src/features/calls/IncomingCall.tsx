// A call ringing for me: a visual ring (no sound), answer or decline, keyboard first.
import { useEffect, useRef } from "react";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { Avatar } from "../profile/Avatar";
import { useCalls } from "./CallProvider";

export function IncomingCall() {
  const { t } = useI18n();
  const { manager } = useCalls();
  const ring = useStore(manager.ring, (r) => r);
  const answer = useRef<HTMLButtonElement>(null);
  const back = useRef<Element | null>(null);

  useEffect(() => {
    if (!ring) return;
    back.current = document.activeElement;
    answer.current?.focus();
    return () => {
      if (back.current instanceof HTMLElement && document.contains(back.current)) back.current.focus();
    };
  }, [ring?.call.id]);

  if (!ring) return null;
  const from = ring.fromName || ring.call.started_by_name || "";
  const caller = ring.call.participants.find((p) => p.account_id === ring.call.started_by);
  return (
    <div
      className="incoming-call"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="incoming-title"
      aria-describedby="incoming-text"
      onKeyDown={(e) => {
        if (e.key === "Escape") void manager.decline();
      }}
    >
      <div className="ring-visual" aria-hidden="true">
        <Avatar name={from} url={caller?.avatar_url ?? null} size={56} />
      </div>
      <div className="incoming-main">
        <h2 id="incoming-title">{t("calls.ringTitle")}</h2>
        <p id="incoming-text">{ring.call.media === "video" ? t("calls.ringVideo", { name: from }) : t("calls.ringAudio", { name: from })}</p>
        <div className="incoming-actions">
          <button type="button" ref={answer} className="call-accept" onClick={() => manager.accept()}>
            {t("calls.accept")}
          </button>
          <button type="button" className="danger" onClick={() => void manager.decline()}>
            {t("calls.decline")}
          </button>
        </div>
      </div>
    </div>
  );
}
