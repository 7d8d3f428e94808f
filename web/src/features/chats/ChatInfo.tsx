// Chat info: description, members with their badges, my notification settings, the
// chat's settings for moderators (PATCH), leaving and archiving. A modal dialog.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { navigate } from "../../app/router";
import { Alert, Field, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { Avatar } from "../profile/Avatar";
import { chatTitle } from "./ChatList";
import { FilesTab } from "../files/FilesTab";
import { chatMembers, forgetMembers } from "./Composer";
import { PersonActions } from "../moderation/PersonActions";
import type { Chat } from "./types";
import { ChatQuietSettings } from "../safety/ChatQuietSettings";

type Member = Schemas["ChatMemberOut"];
const SLOW = [0, 10, 30, 60, 300, 900, 3600];
const ROSTER = new Set(["class", "class_parents", "staff", "channel"]);

export function ChatInfo({ chat, myId, onClose }: { chat: Chat; myId: string; onClose(): void }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const ref = useRef<HTMLDialogElement>(null);
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const moderator = chat.my_role === "owner" || chat.my_role === "moderator";
  const s = chat.settings as Schemas["ChatSettings"];
  const [title, setTitle] = useState(chat.title);
  const [description, setDescription] = useState(chat.description);
  const [whoMayPost, setWhoMayPost] = useState(s.who_may_post ?? "all");
  const [slow, setSlow] = useState(Number(s.slow_mode_seconds ?? 0));
  const [reactions, setReactions] = useState(s.reactions !== false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  useEffect(() => {
    forgetMembers(chat.id);
    chatMembers(chat)
      .then(setMembers)
      .catch((err: unknown) => setError(errorText(t, err)));
  }, [chat, t]);

  const path = { org_id: chat.org_id, chat_id: chat.id };
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    setSaved(false);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(errorText(t, err));
      return false;
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const done = await run(() =>
      ok(
        api.PATCH("/api/v1/orgs/{org_id}/chats/{chat_id}", {
          params: { path },
          body: {
            ...(chat.kind === "group" || chat.kind === "channel" ? { title, description } : { description }),
            settings: { ...s, who_may_post: whoMayPost, slow_mode_seconds: slow, reactions },
          },
        }),
      ).then((c) => runtime.store.dispatch({ type: "chat.patch", chatId: chat.id, patch: c })),
    );
    setSaved(done);
  };

  const leave = async () => {
    if (!window.confirm(t("info.confirmLeave"))) return;
    if (await run(() => ok(api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/leave", { params: { path } })))) {
      onClose();
      navigate("/");
    }
  };

  const archive = async () => {
    if (!window.confirm(t("info.confirmArchive"))) return;
    if (await run(() => ok(api.POST("/api/v1/orgs/{org_id}/chats/{chat_id}/archive", { params: { path } })))) {
      runtime.store.dispatch({ type: "chat.patch", chatId: chat.id, patch: { archived: true } });
    }
  };

  const slowLabel = (n: number) =>
    n === 0 ? t("info.slowOff") : n < 60 ? t("info.slowSeconds", { count: n }) : t("info.slowMinutes", { count: n / 60 });
  const roster = ROSTER.has(chat.kind);
  const sorted = [...(members ?? [])].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, "ru"));

  return (
    <dialog ref={ref} className="dialog wide-dialog info-dialog" aria-labelledby="info-title" onClose={onClose}>
      <h2 id="info-title">{chatTitle(chat, t)}</h2>
      <p className="muted">
        {t(`kind.${chat.kind}` as Key)}
        {chat.kind !== "direct" && <> · {t("info.membersCount", { count: chat.member_count })}</>}
      </p>
      {chat.description && <p className="info-description">{chat.description}</p>}
      {chat.archived && <Alert kind="info">{t("info.archived")}</Alert>}
      <Alert>{error}</Alert>

      <fieldset>
        <legend>{t("info.notifications")}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={chat.muted}
            aria-describedby="info-mute-hint"
            onChange={(e) => void run(() => runtime.setMine(chat.id, { muted: e.target.checked }))}
          />
          {t("info.mute")}
        </label>
        <p className="hint" id="info-mute-hint">
          {t("info.muteHint")}
        </p>
        <label className="check">
          <input
            type="checkbox"
            checked={chat.pinned}
            onChange={(e) => void run(() => runtime.setMine(chat.id, { pinned: e.target.checked }))}
          />
          {t("info.pinChat")}
        </label>
      </fieldset>

      {moderator && chat.kind !== "direct" && !chat.archived && (
        <form className="stack info-settings" onSubmit={(e) => void save(e)}>
          <h3>{t("info.settings")}</h3>
          {(chat.kind === "group" || chat.kind === "channel") && (
            <Field label={t("info.titleField")} value={title} maxLength={200} required onChange={(e) => setTitle(e.target.value)} />
          )}
          <div className="field">
            <label htmlFor="info-desc">{t("info.description")}</label>
            <textarea id="info-desc" value={description} maxLength={1000} rows={2} onChange={(e) => setDescription(e.target.value)} />
          </div>
          {chat.kind !== "channel" && (
            <fieldset className="choice">
              <legend>{t("info.whoMayPost")}</legend>
              <label className="check">
                <input type="radio" name="who" checked={whoMayPost === "all"} onChange={() => setWhoMayPost("all")} />
                {t("info.postAll")}
              </label>
              <label className="check">
                <input type="radio" name="who" checked={whoMayPost === "moderators"} onChange={() => setWhoMayPost("moderators")} />
                {t("info.postModerators")}
              </label>
            </fieldset>
          )}
          <div className="field">
            <label htmlFor="info-slow">{t("info.slowMode")}</label>
            <select id="info-slow" value={slow} onChange={(e) => setSlow(Number(e.target.value))}>
              {SLOW.map((n) => (
                <option key={n} value={n}>
                  {slowLabel(n)}
                </option>
              ))}
            </select>
          </div>
          <label className="check">
            <input type="checkbox" checked={reactions} onChange={(e) => setReactions(e.target.checked)} />
            {t("info.reactions")}
          </label>
          <div>
            <button type="submit" className="primary">
              {t("info.save")}
            </button>
          </div>
          {saved && <Alert kind="ok">{t("info.saved")}</Alert>}
        </form>
      )}

      {moderator && chat.kind !== "direct" && !chat.archived && <ChatQuietSettings chat={chat} />}

      <FilesTab chat={chat} onJump={onClose} />

      <h3 className="info-members-title">{t("info.members")}</h3>
      {members === null ? (
        <p className="muted">{t("common.loading")}</p>
      ) : (
        <ul className="member-list">
          {sorted.map((m) => (
            <li key={m.account_id} className="member">
              <span className="member-name">
                <Avatar name={m.name} url={m.avatar_url} size={28} />
                {m.name}
                {m.account_id === myId && <span className="muted"> ({t("info.you")})</span>}
              </span>
              <span className="member-badges">
                {m.verified && (
                  <span className="chip ok" title={t("chat.verified")}>
                    <span aria-hidden="true">✓ </span>
                    <span className="sr-only">{t("chat.verified")}, </span>
                  </span>
                )}
                {m.roles.map((r) => (
                  <span key={r} className="chip">
                    {t(`role.${r}` as Key)}
                  </span>
                ))}
                {m.chat_role === "owner" && <span className="chip strong">{t("info.owner")}</span>}
                {m.chat_role === "moderator" && <span className="chip strong">{t("info.moderator")}</span>}
              </span>
              {m.account_id !== myId && <PersonActions orgId={chat.org_id} accountId={m.account_id} name={m.name} />}
            </li>
          ))}
        </ul>
      )}

      <div className="dialog-actions info-actions">
        {roster ? (
          <p className="hint">{t("info.rosterNote")}</p>
        ) : (
          <button type="button" className="danger" onClick={() => void leave()}>
            {t("info.leave")}
          </button>
        )}
        {chat.kind === "group" && chat.my_role === "owner" && !chat.archived && (
          <button type="button" className="danger" onClick={() => void archive()}>
            {t("info.archive")}
          </button>
        )}
        <form method="dialog">
          <button type="submit" className="primary">
            {t("common.close")}
          </button>
        </form>
      </div>
    </dialog>
  );
}

function rank(m: Member): number {
  return m.chat_role === "owner" ? 0 : m.chat_role === "moderator" ? 1 : 2;
}
