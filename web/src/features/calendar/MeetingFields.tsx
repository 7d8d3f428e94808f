// The online meeting planned with an event: a video call or a lesson in Parta, opened by the
// organiser at the time; optionally guests by name, and the chat it appears in.
import { useI18n } from "../../i18n";
import type { Draft } from "./draft";

interface Props {
  id: string;
  d: Draft;
  set<K extends keyof Draft>(key: K, value: Draft[K]): void;
  /** Chats the organiser may pick for the call. */
  chats: { id: string; name: string }[];
}

export function MeetingFields({ id, d, set, chats }: Props) {
  const { t } = useI18n();
  const lessonPossible = d.scope === "class" || d.scope === "group" || d.scope === "chat";
  return (
    <div className="cal-meeting">
      <label className="check">
        <input type="checkbox" checked={d.meeting !== ""} onChange={(e) => set("meeting", e.target.checked ? "group" : "")} />
        {t("cal.meet.on")}
      </label>
      {d.meeting !== "" && (
        <div className="cal-meeting-opts">
          {lessonPossible && (
            <fieldset className="radio-row">
              <legend>{t("cal.meet.kind")}</legend>
              <label className="check">
                <input type="radio" name={`${id}-meet`} checked={d.meeting === "group"} onChange={() => set("meeting", "group")} />
                {t("cal.meet.group")}
              </label>
              <label className="check">
                <input type="radio" name={`${id}-meet`} checked={d.meeting === "lesson"} onChange={() => set("meeting", "lesson")} />
                {t("cal.meet.lesson")}
              </label>
            </fieldset>
          )}
          <div className="field">
            <label htmlFor={`${id}-meet-chat`}>{t("cal.meet.chat")}</label>
            <select id={`${id}-meet-chat`} value={d.meetingChat} aria-describedby={`${id}-meet-chat-hint`} onChange={(e) => set("meetingChat", e.target.value)}>
              <option value="">{t("cal.meet.chatAuto")}</option>
              {chats.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
            <p className="hint" id={`${id}-meet-chat-hint`}>
              {t("cal.meet.chatHint")}
            </p>
          </div>
          <label className="check">
            <input type="checkbox" checked={d.guests} aria-describedby={`${id}-guests-hint`} onChange={(e) => set("guests", e.target.checked)} />
            {t("cal.meet.guests")}
          </label>
          <p className="hint" id={`${id}-guests-hint`}>
            {t("cal.meet.guestsHint")}
          </p>
        </div>
      )}
    </div>
  );
}
