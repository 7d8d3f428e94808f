// Creating a channel (administrators: "+ Channel" beside the new-chat buttons) and its
// settings: title, description, comments (moderators); audience, posters, archive
// (administrators, for their channels — the organisation's own channel is for everyone).
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { navigate } from "../../app/router";
import { Alert, Field, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import type { Chat } from "../chats/types";
import { createChannel, updateChannel, type Audience, type ChannelInfo } from "./api";
import "./channels.css";

type ClassOut = Schemas["ClassOut"];
type MemberBrief = Schemas["MemberBrief"];
const POSTER_ROLES = ["head", "teacher", "staff"] as const;

function Modal({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog wide-dialog channel-dialog" aria-labelledby={id} onClose={onClose}>
      <h2 id={id}>{title}</h2>
      {children}
    </dialog>
  );
}

/** Classes of the current year and the verified staff who may post, for the pickers. */
function useChoices(orgId: string | null): { classes: ClassOut[]; staff: MemberBrief[] } {
  const [classes, setClasses] = useState<ClassOut[]>([]);
  const [staff, setStaff] = useState<MemberBrief[]>([]);
  useEffect(() => {
    if (!orgId) return;
    let live = true;
    ok(api.GET("/api/v1/orgs/{org_id}/classes", { params: { path: { org_id: orgId } } }))
      .then((list) => live && setClasses(list.filter((c) => !c.archived)))
      .catch(() => undefined);
    Promise.all(
      POSTER_ROLES.map((role) =>
        ok(api.GET("/api/v1/orgs/{org_id}/members", { params: { path: { org_id: orgId }, query: { role, limit: 200 } } })),
      ),
    )
      .then((pages) => {
        if (!live) return;
        const people = pages.flatMap((p) => p.items).filter((m) => m.verified && m.account_id && m.status === "active");
        setStaff(people.sort((a, b) => a.name.localeCompare(b.name)));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [orgId]);
  return { classes, staff };
}

const NO_AUDIENCE: Audience = { everyone: true, staff: false, students: false, parents: false, class_ids: [] };

function AudienceFields({
  value,
  onChange,
  posters,
  onPosters,
  classes,
  staff,
}: {
  value: Audience;
  onChange(a: Audience): void;
  posters: string[];
  onPosters(ids: string[]): void;
  classes: ClassOut[];
  staff: MemberBrief[];
}) {
  const { t } = useI18n();
  const id = useId();
  const everyone = value.everyone ?? false;
  const chosen = new Set(value.class_ids ?? []);
  const flag = (key: "staff" | "students" | "parents") => (
    <label className="check">
      <input type="checkbox" checked={Boolean(value[key])} onChange={(e) => onChange({ ...value, everyone: false, [key]: e.target.checked })} />
      {t(`channels.aud.${key}`)}
    </label>
  );
  return (
    <>
      <fieldset className="channel-fieldset">
        <legend>{t("channels.audience")}</legend>
        <label className="check">
          <input type="radio" name={`${id}-who`} checked={everyone} onChange={() => onChange({ ...value, everyone: true })} />
          {t("channels.aud.everyone")}
        </label>
        <label className="check">
          <input type="radio" name={`${id}-who`} checked={!everyone} onChange={() => onChange({ ...value, everyone: false })} />
          {t("channels.aud.groups")}
        </label>
        {!everyone && (
          <div className="channel-groups">
            {flag("staff")}
            {flag("students")}
            {flag("parents")}
            {classes.length > 0 && (
              <fieldset className="channel-fieldset">
                <legend>{t("channels.aud.classes")}</legend>
                <p className="hint">{t("channels.aud.classesHint")}</p>
                <div className="channel-options">
                  {classes.map((c) => (
                    <label key={c.id} className="check small">
                      <input
                        type="checkbox"
                        checked={chosen.has(c.id)}
                        onChange={(e) => {
                          const next = new Set(chosen);
                          if (e.target.checked) next.add(c.id);
                          else next.delete(c.id);
                          onChange({ ...value, everyone: false, class_ids: [...next] });
                        }}
                      />
                      {c.label}
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
          </div>
        )}
      </fieldset>
      <fieldset className="channel-fieldset">
        <legend>{t("channels.posters")}</legend>
        <p className="hint">{t("channels.postersHint")}</p>
        {staff.length === 0 ? (
          <p className="muted">{t("channels.noStaff")}</p>
        ) : (
          <div className="channel-options">
            {staff.map((m) => (
              <label key={m.account_id} className="check small">
                <input
                  type="checkbox"
                  checked={posters.includes(m.account_id ?? "")}
                  onChange={(e) => {
                    const aid = m.account_id ?? "";
                    onPosters(e.target.checked ? [...posters, aid] : posters.filter((p) => p !== aid));
                  }}
                />
                {m.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>
    </>
  );
}

export function NewChannelDialog({ orgId, onClose }: { orgId: string; onClose(): void }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const { classes, staff } = useChoices(orgId);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [audience, setAudience] = useState<Audience>(NO_AUDIENCE);
  const [posters, setPosters] = useState<string[]>([]);
  const [comments, setComments] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const ch = await createChannel(orgId, { title: title.trim(), description: description.trim(), audience, poster_ids: posters, comments });
      await runtime.engine.sync();
      onClose();
      navigate(`/chats/${ch.id}`);
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <Modal title={t("channels.newChannelTitle")} onClose={onClose}>
      <form className="channel-form" onSubmit={(e) => void submit(e)}>
        <p className="muted">{t("channels.newChannelIntro")}</p>
        <Field label={t("channels.title")} value={title} maxLength={200} required autoFocus onChange={(e) => setTitle(e.target.value)} />
        <Field label={t("channels.description")} hint={t("common.optional")} value={description} maxLength={1000} onChange={(e) => setDescription(e.target.value)} />
        <AudienceFields value={audience} onChange={setAudience} posters={posters} onPosters={setPosters} classes={classes} staff={staff} />
        <label className="check">
          <input type="checkbox" checked={comments} onChange={(e) => setComments(e.target.checked)} />
          {t("channels.commentsSetting")}
        </label>
        <Alert>{error}</Alert>
        <div className="dialog-actions">
          <button type="button" className="ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={busy || !title.trim()}>
            {t("channels.create")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function ChannelSettingsDialog({ chat, info, onSaved, onClose }: { chat: Chat; info: ChannelInfo; onSaved(c: ChannelInfo): void; onClose(): void }) {
  const { t } = useI18n();
  const manages = info.audience != null;
  const { classes, staff } = useChoices(manages ? chat.org_id : null);
  const [title, setTitle] = useState(info.title);
  const [description, setDescription] = useState(info.description);
  const [comments, setComments] = useState(info.comments);
  const [audience, setAudience] = useState<Audience>(info.audience ?? NO_AUDIENCE);
  const [posters, setPosters] = useState<string[]>((info.posters ?? []).map((p) => p.account_id));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (patch: Schemas["ChannelPatch"]) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await updateChannel(chat, patch));
      onClose();
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save({
      title: title.trim(),
      description: description.trim(),
      comments,
      ...(manages ? { audience, poster_ids: posters } : {}),
    });
  };

  return (
    <Modal title={t("channels.settingsTitle")} onClose={onClose}>
      <form className="channel-form" onSubmit={submit}>
        <Field label={t("channels.title")} value={title} maxLength={200} required onChange={(e) => setTitle(e.target.value)} />
        <Field label={t("channels.description")} hint={t("common.optional")} value={description} maxLength={1000} onChange={(e) => setDescription(e.target.value)} />
        <label className="check">
          <input type="checkbox" checked={comments} onChange={(e) => setComments(e.target.checked)} />
          {t("channels.commentsSetting")}
        </label>
        {manages ? (
          <AudienceFields value={audience} onChange={setAudience} posters={posters} onPosters={setPosters} classes={classes} staff={staff} />
        ) : info.org_channel ? (
          <p className="hint">{t("channels.orgChannelNote")}</p>
        ) : null}
        <Alert>{error}</Alert>
        <div className="dialog-actions">
          {manages && (
            <button
              type="button"
              className="ghost danger"
              disabled={busy}
              onClick={() => {
                if (info.archived || window.confirm(t("channels.confirmArchive"))) void save({ archived: !info.archived });
              }}
            >
              {info.archived ? t("channels.unarchive") : t("channels.archive")}
            </button>
          )}
          <button type="button" className="ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={busy || !title.trim()}>
            {t("channels.save")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
