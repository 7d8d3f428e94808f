// A call in the chat history: "Video call · 12 min", "Missed call", "Declined", or "Join"
// while it runs.
import { useRuntime } from "../../app/AppShell";
import { useI18n } from "../../i18n";
import { useStore } from "../../lib/store";
import { useCalls } from "./CallProvider";
import { minutesOf, outcome } from "./events";
import type { CallOut } from "./types";

export function CallMessage({ call }: { call: CallOut }) {
  const { t } = useI18n();
  const { manager } = useCalls();
  const runtime = useRuntime();
  const orgId = useStore(runtime.store, (s) => s.chats[call.chat_id]?.org_id ?? "");
  const current = useStore(manager.current, (c) => c);
  const kind = call.mode === "lesson" ? t("calls.msgLesson") : call.media === "video" ? t("calls.msgVideo") : t("calls.msgAudio");
  const o = outcome(call);
  const text =
    o === "running" ? `${kind} · ${t("calls.msgRunning")}`
    : o === "missed" ? t("calls.msgMissed")
    : o === "declined" ? t("calls.msgDeclined")
    : o === "cancelled" ? t("calls.msgCancelled")
    : `${kind} · ${t("calls.msgMinutes", { count: minutesOf(call) })}`;
  return (
    <div className={`msg-body call-msg call-${o}`}>
      <span aria-hidden="true">{call.media === "video" ? "🎥 " : "📞 "}</span>
      <span className="call-msg-text">{text}</span>
      {o === "running" && current?.state.callId !== call.id && (
        <button
          type="button"
          className="small"
          disabled={current !== null}
          onClick={() => manager.prepare(orgId, call.chat_id, call.media, { callId: call.id })}
        >
          {t("calls.join")}
        </button>
      )}
    </div>
  );
}
