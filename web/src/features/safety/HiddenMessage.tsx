// A message the school's word filter hid: everyone sees that it is hidden; its author and
// the chat's moderators can read the text on demand, and moderators can show it to
// everyone or keep it hidden.
import { useState } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { errorText } from "../../components/ui";
import { useRuntime } from "../../app/AppShell";
import { useT } from "../../i18n";
import { useStore } from "../../lib/store";
import { useHandler } from "./ChatSafetyNotice";

type HiddenText = Schemas["HiddenText"];

interface Props {
  chatId: string;
  messageId: string;
  mine: boolean;
}

export function HiddenMessage({ chatId, messageId, mine }: Props) {
  const t = useT();
  const runtime = useRuntime();
  const orgId = useStore(runtime.store, (s) => s.chats[chatId]?.org_id ?? "");
  const handler = useHandler(chatId);
  const [text, setText] = useState<HiddenText | null>(null);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = async () => {
    if (open) {
      setOpen(false);
      return;
    }
    setNote(null);
    try {
      const got =
        text ??
        (await ok(
          api.GET("/api/v1/orgs/{org_id}/chats/{chat_id}/messages/{message_id}/hidden", {
            params: { path: { org_id: orgId, chat_id: chatId, message_id: messageId } },
          }),
        ));
      setText(got);
      setOpen(true);
    } catch (err) {
      setNote(errorText(t, err));
    }
  };

  const decide = async (restore: boolean) => {
    setBusy(true);
    setNote(null);
    try {
      const path = { params: { path: { org_id: orgId, message_id: messageId } } };
      if (restore) await ok(api.POST("/api/v1/orgs/{org_id}/safety/hidden/{message_id}/restore", path));
      else await ok(api.POST("/api/v1/orgs/{org_id}/safety/hidden/{message_id}/keep", path));
      setText((cur) => (cur ? { ...cur, may_decide: false } : cur));
      setNote(t(restore ? "safety.restored" : "safety.kept"));
    } catch (err) {
      setNote(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const mayRead = mine || handler;
  return (
    <div className="msg-body safety-hidden">
      <p className="safety-hidden-label">
        <span aria-hidden="true">🛡 </span>
        {t("safety.hidden")}
      </p>
      {mayRead && (
        <button type="button" className="small secondary" aria-expanded={open} onClick={() => void toggle()}>
          {open ? t("safety.hideHidden") : t("safety.showHidden")}
        </button>
      )}
      {open && text && (
        <div className="safety-hidden-text">
          <div dangerouslySetInnerHTML={{ __html: text.html }} />
          {text.matched.length > 0 && (
            <p className="hint">{t("safety.hiddenMatched", { words: text.matched.join(", ") })}</p>
          )}
          {text.may_decide && (
            <div className="safety-actions">
              <button type="button" className="small" disabled={busy} onClick={() => void decide(true)}>
                {t("safety.restore")}
              </button>
              <button type="button" className="small secondary" disabled={busy} onClick={() => void decide(false)}>
                {t("safety.keep")}
              </button>
            </div>
          )}
        </div>
      )}
      {note && (
        <p className="hint" role="status">
          {note}
        </p>
      )}
    </div>
  );
}
