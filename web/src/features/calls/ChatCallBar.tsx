// In the chat header: start an audio or video call (teachers in class and group chats also
// a lesson); under it, a bar to join the chat's running call.
import { useEffect } from "react";
import { useRuntime } from "../../app/AppShell";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { mayPostIn } from "../chats/ForwardDialog";
import type { Chat } from "../chats/types";
import { useCalls } from "./CallProvider";

const LESSON_KINDS = new Set(["class", "group"]);

export function CallButtons({ chat }: { chat: Chat }) {
  const { t } = useI18n();
  const { manager, staffOrgs } = useCalls();
  const running = useStore(manager.running, (r) => r[chat.id]);
  const inCall = useStore(manager.current, (c) => c !== null);
  if (!mayPostIn(chat) || running) return null;
  const lessons = LESSON_KINDS.has(chat.kind) && staffOrgs.has(chat.org_id);
  return (
    <>
      <button type="button" className="ghost small call-icon" aria-label={t("calls.audio")} title={t("calls.audio")} disabled={inCall} onClick={() => manager.prepare(chat.org_id, chat.id, "audio")}>
        <span aria-hidden="true">📞</span>
      </button>
      <button type="button" className="ghost small call-icon" aria-label={t("calls.video")} title={t("calls.video")} disabled={inCall} onClick={() => manager.prepare(chat.org_id, chat.id, "video")}>
        <span aria-hidden="true">🎥</span>
      </button>
      {lessons && (
        <button
          type="button"
          className="ghost small call-icon"
          aria-label={t("calls.lesson")}
          title={t("calls.lesson")}
          disabled={inCall}
          onClick={() => manager.prepare(chat.org_id, chat.id, "video", { lesson: { media: "video", lesson: true, waiting_room: true, cameras_teacher_only: false } })}
        >
          <span aria-hidden="true">🎓</span>
        </button>
      )}
    </>
  );
}

export function CallJoinBar({ chat }: { chat: Chat }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const { manager, myId } = useCalls();
  const running = useStore(manager.running, (r) => r[chat.id]);
  const current = useStore(manager.current, (c) => c);
  const status = useStore(runtime.status, (s) => s);

  // What runs in the chat now (on opening it, and after the socket comes back).
  useEffect(() => {
    if (status === "open") void manager.refresh(chat.org_id, chat.id);
  }, [manager, chat.org_id, chat.id, status]);

  if (!running) return null;
  const here = current?.state.callId === running.id;
  const me = running.participants.find((p) => p.account_id === myId);
  const count = running.participants.filter((p) => p.state === "joined").length;
  // A direct call ringing for me is answered from the incoming-call dialog.
  if (here || (running.mode === "direct" && me?.state === "invited")) return null;
  return (
    <div className="call-bar" role="region" aria-label={running.mode === "lesson" ? t("calls.runningLesson") : t("calls.runningCall")}>
      <span className="call-bar-dot" aria-hidden="true" />
      <span>
        {running.mode === "lesson" ? t("calls.runningLesson") : t("calls.runningCall")} · {t("calls.inCall", { count })}
      </span>
      <button type="button" className="small" disabled={current !== null} onClick={() => manager.prepare(chat.org_id, chat.id, running.media, { callId: running.id })}>
        {t("calls.join")}
      </button>
    </div>
  );
}
