// In the chat's info panel, for its moderators: the chat's quiet hours — the school's, none,
// or its own (from–to and days that are quiet all day).
import { useEffect, useId, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, errorText } from "../../components/ui";
import { useT, type Key } from "../../i18n";
import type { Chat } from "../chats/types";

type Mode = Schemas["ChatQuietIn"]["mode"];
const MODES: Mode[] = ["org", "off", "custom"];
const DAYS = [1, 2, 3, 4, 5, 6, 7];

export function ChatQuietSettings({ chat }: { chat: Chat }) {
  const t = useT();
  const id = useId();
  const [may, setMay] = useState(false);
  const [mode, setMode] = useState<Mode>("org");
  const [start, setStart] = useState("19:00");
  const [end, setEnd] = useState("08:00");
  const [days, setDays] = useState<number[]>([]);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const path = { org_id: chat.org_id, chat_id: chat.id };

  useEffect(() => {
    let live = true;
    ok(api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/safety", { params: { path } }))
      .then((s) => {
        if (!live) return;
        setMay(s.may_edit_quiet);
        setMode(s.quiet_rule.mode);
        setStart(s.quiet_rule.start);
        setEnd(s.quiet_rule.end);
        setDays(s.quiet_rule.days_off);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chat.org_id, chat.id]);

  if (!may) return null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setNote(null);
    try {
      await ok(
        api.PUT("/api/v1/orgs/{org_id}/chats/{chat_id}/quiet-hours", {
          params: { path },
          body: { mode, start, end, days_off: days },
        }),
      );
      setNote({ ok: true, text: t("safety.saved") });
    } catch (err) {
      setNote({ ok: false, text: errorText(t, err) });
    }
  };

  return (
    <form className="stack info-settings safety-chat-quiet" onSubmit={(e) => void save(e)}>
      <h3>{t("safety.chatQuiet")}</h3>
      <fieldset className="choice">
        <legend>{t("safety.chatQuietMode")}</legend>
        {MODES.map((m) => (
          <label key={m} className="check">
            <input type="radio" name={`${id}-mode`} checked={mode === m} onChange={() => setMode(m)} />
            {t(`safety.chatQuiet.${m}` as Key)}
          </label>
        ))}
      </fieldset>
      {mode === "custom" && (
        <>
          <div className="safety-times">
            <label>
              {t("safety.admin.from")}{" "}
              <input type="time" value={start} required onChange={(e) => setStart(e.target.value)} />
            </label>
            <label>
              {t("safety.admin.to")}{" "}
              <input type="time" value={end} required onChange={(e) => setEnd(e.target.value)} />
            </label>
          </div>
          <fieldset className="safety-days">
            <legend>{t("safety.admin.daysOff")}</legend>
            {DAYS.map((d) => (
              <label key={d} className="check">
                <input
                  type="checkbox"
                  checked={days.includes(d)}
                  onChange={(e) => setDays(e.target.checked ? [...days, d] : days.filter((x) => x !== d))}
                />
                {t(`safety.day.${d}` as Key)}
              </label>
            ))}
          </fieldset>
        </>
      )}
      <div>
        <button type="submit" className="primary">
          {t("safety.save")}
        </button>
      </div>
      {note && <Alert kind={note.ok ? "ok" : "error"}>{note.text}</Alert>}
    </form>
  );
}
