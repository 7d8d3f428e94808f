// Writing a post (the channel's moderators): text with the chat's Markdown, files, a poll,
// the post's comment switch, and "publish later" with a date and time. Ctrl+Enter sends.
import { useId, useState, type FormEvent } from "react";
import { useRuntime } from "../../app/AppShell";
import { Alert, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { Chat } from "../chats/types";
import { ComposerTools, useComposerFiles } from "../files/ComposerFiles";
import { UploadTray } from "../files/UploadTray";
import { PollButton } from "../polls/PollButton";
import { newClientId, publishPost, schedulePost } from "./api";
import { defaultPublishTime, fromLocalInput, toLocalInput, type PostStats } from "./logic";

interface Props {
  chat: Chat;
  commentsOn: boolean;
  onStats(list: PostStats[]): void;
  onScheduled(): void;
}

export function ChannelComposer({ chat, commentsOn, onStats, onScheduled }: Props) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const id = useId();
  const files = useComposerFiles(chat);
  const [text, setText] = useState("");
  const [comments, setComments] = useState(true);
  const [later, setLater] = useState(false);
  const [when, setWhen] = useState(() => defaultPublishTime(new Date()));
  const [clientId, setClientId] = useState(newClientId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const empty = !text.trim() && !files.ready.length;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy || files.busy || empty) return;
    setBusy(true);
    setError(null);
    setDone(null);
    const ids = files.ready.map((a) => a.id);
    try {
      if (later) {
        const at = fromLocalInput(when);
        if (!at) {
          setError(t("channels.whenInvalid"));
          setBusy(false);
          return;
        }
        await schedulePost(chat, { body: text.trim(), attachment_ids: ids, comments_enabled: comments, publish_at: at });
        setDone(t("channels.scheduledDone"));
        onScheduled();
      } else {
        const out = await publishPost(chat, { client_id: clientId, body: text.trim(), attachment_ids: ids, comments_enabled: comments, ack_required: false });
        // Shown at once; the message.new event that follows finds it in place.
        runtime.store.dispatch({ type: "sent", message: out.message });
        onStats([out.stats]);
        setDone(t("channels.publishedDone"));
      }
      files.take();
      setText("");
      setClientId(newClientId());
      setLater(false);
      setComments(true);
    } catch (err) {
      setError(errorText(t, err));
    }
    setBusy(false);
  };

  return (
    <form className="channel-composer" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)}>
      <h2 id={`${id}-title`} className="sr-only">
        {t("channels.newPost")}
      </h2>
      <label htmlFor={`${id}-text`} className="composer-label">
        {t("channels.postLabel")}
      </label>
      <textarea
        id={`${id}-text`}
        rows={3}
        maxLength={4000}
        value={text}
        aria-describedby={`${id}-hint`}
        placeholder={t("channels.postPlaceholder")}
        onChange={(e) => {
          setText(e.target.value);
          setDone(null);
        }}
        onPaste={files.onPaste}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      />
      <p id={`${id}-hint`} className="hint">
        {t("channels.postHint")}
      </p>
      <UploadTray uploads={files} />
      <div className="channel-composer-row">
        <ComposerTools chat={chat} files={files} />
        <PollButton chat={chat} />
        {commentsOn && (
          <label className="check small">
            <input type="checkbox" checked={comments} onChange={(e) => setComments(e.target.checked)} />
            {t("channels.allowComments")}
          </label>
        )}
        <label className="check small">
          <input type="checkbox" checked={later} onChange={(e) => setLater(e.target.checked)} />
          {t("channels.later")}
        </label>
        {later && (
          <label className="channel-when">
            <span>{t("channels.when")}</span>
            <input
              type="datetime-local"
              value={when}
              min={toLocalInput(new Date())}
              required
              onChange={(e) => setWhen(e.target.value)}
            />
          </label>
        )}
        <button type="submit" className="primary" disabled={busy || files.busy || empty}>
          {later ? t("channels.schedule") : t("channels.publish")}
        </button>
      </div>
      <Alert>{error}</Alert>
      {done && (
        <p className="hint" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
