// Profile and settings (/settings/...): name and photo, language and appearance, e-mail
// (change and confirm), password, sessions (end one or all others) and per-chat
// notifications. One section per page, like the settings of Telegram or Element.
import { lazy, Suspense, useEffect, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { upload } from "../../api/upload";
import { useLocation } from "../../app/router";
import { Alert, Field, PasswordField, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useSession, type Account } from "../auth/session";
import { AppearanceFields } from "../settings/AppearanceFields";
import { setChatMuted } from "../settings/ChatMuteButton";
import { Avatar } from "./Avatar";
import { NotifySettings } from "./NotifySettings";
import { PageFrame } from "./PageFrame";
import { TwoFactorSection } from "./TwoFactorSection";
import { parseUserAgent } from "./ua";
import "../apply/apply.css";

const SECTIONS = ["profile", "appearance", "email", "password", "twofactor", "sessions", "notifications", "safety", "data"] as const;
type Section = (typeof SECTIONS)[number];
const AVATAR_MAX = 5 * 1024 * 1024;
// Consents, the data archive and deletion (parta.privacy): loaded when opened.
const MyData = lazy(() => import("./MyData"));
// Blocked people and my reports (parta.moderation).
const SafetySettings = lazy(() => import("../moderation/SafetySettings"));
// A parent's stricter safe mode for their child, a teacher's working hours (parta.safety).
const ChildAndHours = lazy(() => import("../safety/SafetySettings"));

export default function ProfilePage() {
  const { t } = useI18n();
  const session = useSession();
  const { path } = useLocation();
  const part = path.split("/").filter(Boolean)[1] ?? "profile";
  const section = (SECTIONS as readonly string[]).includes(part) ? (part as Section) : "profile";
  const title = t(`profile.section.${section}` as Key);
  const account = session.account;

  useEffect(() => {
    document.title = `${title} — ${t("app.name")}`;
    return () => {
      document.title = t("app.name");
    };
  }, [title, t]);

  if (!account) return null;
  const nav = SECTIONS.map((s) => ({
    href: s === "profile" ? "/settings" : `/settings/${s}`,
    label: t(`profile.section.${s}` as Key),
    current: s === section,
  }));
  return (
    <PageFrame title={t("profile.title")} navLabel={t("profile.nav")} nav={nav} backLabel={t("profile.back")} focusKey={section}>
      <h1>{title}</h1>
      {section === "profile" && <ProfileSection account={account} />}
      {section === "appearance" && (
        <div className="pf-card">
          <AppearanceFields languageLegend={t("profile.language")} />
        </div>
      )}
      {section === "email" && <EmailSection account={account} />}
      {section === "password" && <PasswordSection />}
      {section === "twofactor" && <TwoFactorSection />}
      {section === "sessions" && <SessionsSection />}
      {section === "safety" && (
        <Suspense fallback={<Spinner label={t("common.loading")} />}>
          <ChildAndHours />
          <SafetySettings />
        </Suspense>
      )}
      {section === "data" && (
        <Suspense fallback={<Spinner label={t("common.loading")} />}>
          <MyData />
        </Suspense>
      )}
      {section === "notifications" && (
        <>
          <NotifySettings account={account} />
          <NotificationsSection />
        </>
      )}
    </PageFrame>
  );
}

/** A short "saved" or error line under a form, announced politely (errors assertively). */
function useNote() {
  const [note, setNote] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const view = note ? <Alert kind={note.kind}>{note.text}</Alert> : null;
  return { view, ok: (text: string) => setNote({ kind: "ok", text }), fail: (text: string) => setNote({ kind: "error", text }), clear: () => setNote(null) };
}

function ProfileSection({ account }: { account: Account }) {
  return (
    <>
      <AvatarCard account={account} />
      <NameCard account={account} />
    </>
  );
}

function AvatarCard({ account }: { account: Account }) {
  const { t } = useI18n();
  const session = useSession();
  const note = useNote();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!file) {
      setPreview(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const pick = (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0] ?? null;
    note.clear();
    if (f && f.size > AVATAR_MAX) {
      note.fail(t("profile.avatarTooBig"));
      e.target.value = "";
      return;
    }
    setFile(f);
  };

  const save = async () => {
    if (!file) return;
    const form = new FormData();
    form.append("image", file, file.name);
    setProgress(0);
    try {
      const updated = await upload<Account>("/api/v1/me/avatar", form, { method: "PUT", onProgress: setProgress });
      session.signedIn(updated);
      setFile(null);
      if (input.current) input.current.value = "";
      note.ok(t("profile.avatarSaved"));
    } catch (err) {
      note.fail(errorText(t, err));
    }
    setProgress(null);
  };

  const remove = async () => {
    note.clear();
    try {
      await ok(api.DELETE("/api/v1/me/avatar"));
      session.signedIn({ ...account, avatar_url: null });
      note.ok(t("profile.avatarRemoved"));
    } catch (err) {
      note.fail(errorText(t, err));
    }
  };

  const busy = progress !== null;
  return (
    <section className="pf-card" aria-labelledby="pf-avatar">
      <h2 id="pf-avatar">{t("profile.avatar")}</h2>
      <div className="avatar-edit">
        {preview ? (
          <img className="avatar avatar-preview" src={preview} alt={t("profile.avatarPreview")} width={112} height={112} style={{ width: 112, height: 112 }} />
        ) : (
          <Avatar name={account.display_name} url={account.avatar_url} size={112} />
        )}
        <div className="avatar-actions">
          {file ? (
            <div className="pf-row">
              <button type="button" className="primary" onClick={() => void save()} disabled={busy}>
                {t("profile.avatarSave")}
              </button>
              <button
                type="button"
                onClick={() => {
                  setFile(null);
                  if (input.current) input.current.value = "";
                }}
                disabled={busy}
              >
                {t("common.cancel")}
              </button>
            </div>
          ) : (
            <div className="pf-row dropzone-lite">
              <input
                ref={input}
                id="pf-avatar-input"
                className="file-input"
                type="file"
                accept="image/jpeg,image/png,image/webp"
                aria-describedby="pf-avatar-hint"
                onChange={pick}
              />
              <label htmlFor="pf-avatar-input" className="button file-pick">
                {account.avatar_url ? t("profile.avatarChange") : t("profile.avatarChoose")}
              </label>
              {account.avatar_url && (
                <button type="button" className="danger" onClick={() => void remove()}>
                  {t("profile.avatarRemove")}
                </button>
              )}
            </div>
          )}
          <p className="hint" id="pf-avatar-hint">
            {account.avatar_url || file ? t("profile.avatarHint") : `${t("profile.avatarNone")} ${t("profile.avatarHint")}`}
          </p>
        </div>
      </div>
      {busy && (
        <div className="upload-progress">
          <progress max={100} value={Math.round((progress ?? 0) * 100)} aria-labelledby="pf-avatar-progress" />
          <span id="pf-avatar-progress">{t("profile.uploading", { percent: Math.round((progress ?? 0) * 100) })}</span>
        </div>
      )}
      {note.view}
    </section>
  );
}

function NameCard({ account }: { account: Account }) {
  const { t } = useI18n();
  const session = useSession();
  const note = useNote();
  const [name, setName] = useState(account.display_name);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    note.clear();
    try {
      const updated = await ok(api.PATCH("/api/v1/me", { body: { display_name: name } }));
      session.signedIn(updated);
      setName(updated.display_name);
      note.ok(t("profile.saved"));
    } catch (err) {
      note.fail(errorText(t, err));
    }
    setBusy(false);
  };
  return (
    <section className="pf-card" aria-labelledby="pf-name">
      <h2 id="pf-name">{t("profile.nameTitle")}</h2>
      <form className="pf-form" onSubmit={submit} noValidate>
        <Field
          label={t("profile.name")}
          hint={t("profile.nameHint")}
          name="display_name"
          autoComplete="name"
          maxLength={120}
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || !name.trim() || name.trim() === account.display_name}>
          {t("profile.save")}
        </button>
        {note.view}
      </form>
    </section>
  );
}

function EmailSection({ account }: { account: Account }) {
  const { t } = useI18n();
  const session = useSession();
  const note = useNote();
  const [codeSent, setCodeSent] = useState(false);
  const [code, setCode] = useState("");
  const [changing, setChanging] = useState(false);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (codeSent) codeRef.current?.focus();
  }, [codeSent]);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    note.clear();
    try {
      await fn();
    } catch (err) {
      note.fail(errorText(t, err));
    }
    setBusy(false);
  };

  const sendCode = () =>
    run(async () => {
      await ok(api.POST("/api/v1/me/email/verification"));
      setCodeSent(true);
      note.ok(t("profile.emailCodeSent", { email: account.email ?? "" }));
    });

  const verify = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const updated = await ok(api.POST("/api/v1/me/email/verify", { body: { code: code.trim() } }));
      session.signedIn(updated);
      setCodeSent(false);
      setCode("");
      note.ok(t("profile.emailConfirmed"));
    });
  };

  const change = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const updated = await ok(api.PUT("/api/v1/me/email", { body: { email: email.trim(), password } }));
      session.signedIn(updated);
      setChanging(false);
      setEmail("");
      setPassword("");
      setCodeSent(true);
      note.ok(t("profile.emailChanged"));
    });
  };

  return (
    <>
      <section className="pf-card" aria-labelledby="pf-email">
        <h2 id="pf-email">{t("profile.emailCurrent")}</h2>
        {account.email ? (
          <p className="pf-row">
            <strong>{account.email}</strong>
            <span className={`status-pill ${account.email_verified ? "ok" : "warn"}`}>
              {account.email_verified ? t("profile.emailVerified") : t("profile.emailUnverified")}
            </span>
          </p>
        ) : (
          <p className="muted">{t("profile.emailNone")}</p>
        )}
        {note.view}
        {account.email && !account.email_verified && !codeSent && (
          <button type="button" className="primary start" onClick={() => void sendCode()} disabled={busy}>
            {t("profile.emailSendCode")}
          </button>
        )}
        {codeSent && !account.email_verified && (
          <form className="pf-form" onSubmit={verify} noValidate>
            <Field
              ref={codeRef}
              label={t("profile.emailCode")}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={12}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            <div className="pf-row">
              <button type="submit" className="primary" disabled={busy || !code.trim()}>
                {t("profile.emailConfirm")}
              </button>
              <button type="button" className="link" onClick={() => void sendCode()} disabled={busy}>
                {t("profile.emailSendCode")}
              </button>
            </div>
          </form>
        )}
      </section>
      <section className="pf-card" aria-labelledby="pf-email-change">
        <h2 id="pf-email-change">{t("profile.emailChange")}</h2>
        {!changing ? (
          <button type="button" className="start" onClick={() => setChanging(true)}>
            {t("profile.emailChange")}
          </button>
        ) : (
          <form className="pf-form" onSubmit={change} noValidate>
            <Field
              label={t("profile.emailNew")}
              type="email"
              name="email"
              autoComplete="email"
              autoFocus
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <PasswordField
              label={t("profile.emailPassword")}
              hint={t("profile.emailPasswordHint")}
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <div className="pf-row">
              <button type="submit" className="primary" disabled={busy || !email.trim() || !password}>
                {t("profile.save")}
              </button>
              <button type="button" onClick={() => setChanging(false)}>
                {t("common.cancel")}
              </button>
            </div>
          </form>
        )}
      </section>
    </>
  );
}

function PasswordSection() {
  const { t } = useI18n();
  const note = useNote();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [busy, setBusy] = useState(false);
  const mismatch = repeat.length > 0 && next !== repeat;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) return;
    setBusy(true);
    note.clear();
    try {
      const out = await ok(api.POST("/api/v1/me/password", { body: { current_password: current, new_password: next } }));
      setCurrent("");
      setNext("");
      setRepeat("");
      note.ok(t("profile.passwordChanged", { count: out.ended_sessions }));
    } catch (err) {
      note.fail(errorText(t, err));
    }
    setBusy(false);
  };
  return (
    <section className="pf-card" aria-labelledby="pf-password">
      <h2 id="pf-password" className="sr-only">
        {t("profile.section.password")}
      </h2>
      <form className="pf-form" onSubmit={submit} noValidate>
        <PasswordField
          label={t("profile.passwordCurrent")}
          name="current_password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <PasswordField
          label={t("profile.passwordNew")}
          hint={t("profile.passwordHint")}
          name="new_password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <PasswordField
          label={t("profile.passwordRepeat")}
          name="repeat_password"
          autoComplete="new-password"
          required
          value={repeat}
          error={mismatch ? t("reset.mismatch") : null}
          onChange={(e) => setRepeat(e.target.value)}
        />
        <button type="submit" className="primary" disabled={busy || !current || !next || next !== repeat}>
          {t("profile.passwordSave")}
        </button>
        {note.view}
      </form>
    </section>
  );
}

type SessionInfo = Schemas["SessionInfo"];

function SessionsSection() {
  const { t, lang } = useI18n();
  const note = useNote();
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);

  const load = () =>
    ok(api.GET("/api/v1/auth/sessions"))
      .then((list) => setSessions([...list].sort((a, b) => Number(b.current) - Number(a.current) || b.last_seen_at.localeCompare(a.last_seen_at))))
      .catch((err: unknown) => setError(err));
  useEffect(() => {
    void load();
  }, []);

  const device = (ua: string) => {
    const d = parseUserAgent(ua);
    if (d.browser && d.os) return t("profile.deviceOn", { browser: d.browser, os: d.os });
    if (d.browser || d.os) return (d.browser ?? d.os) as string;
    return ua ? t("profile.deviceApp") : t("profile.deviceUnknown");
  };
  const fmt = (iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));

  const end = async (s: SessionInfo) => {
    setBusy(true);
    note.clear();
    try {
      await ok(api.DELETE("/api/v1/auth/sessions/{session_id}", { params: { path: { session_id: s.id } } }));
      setSessions((cur) => cur?.filter((x) => x.id !== s.id) ?? null);
      note.ok(t("profile.sessionEnded"));
      listRef.current?.querySelector<HTMLElement>(".session.current")?.focus();
    } catch (err) {
      note.fail(errorText(t, err));
    }
    setBusy(false);
  };

  const endOthers = async () => {
    setBusy(true);
    note.clear();
    try {
      const out = await ok(api.POST("/api/v1/auth/sessions/end-others"));
      setSessions((cur) => cur?.filter((x) => x.current) ?? null);
      note.ok(t("profile.sessionsEnded", { count: out.ended ?? 0 }));
    } catch (err) {
      note.fail(errorText(t, err));
    }
    setBusy(false);
  };

  if (error) return <Alert>{errorText(t, error)}</Alert>;
  if (!sessions) return <Spinner label={t("common.loading")} />;
  const others = sessions.filter((s) => !s.current);
  return (
    <section className="pf-section" aria-labelledby="pf-sessions">
      <h2 id="pf-sessions" className="sr-only">
        {t("profile.section.sessions")}
      </h2>
      <p className="muted">{t("profile.sessionsIntro")}</p>
      {note.view}
      <ul className="session-list" ref={listRef}>
        {sessions.map((s) => {
          const name = device(s.user_agent);
          return (
            <li key={s.id} className={s.current ? "session current" : "session"} tabIndex={s.current ? -1 : undefined}>
              <div className="session-info">
                <span className="session-device">
                  {name}
                  {s.current && <span className="status-pill accent">{t("profile.sessionThis")}</span>}
                </span>
                <span className="session-meta">
                  {t("profile.sessionActive", { when: fmt(s.last_seen_at) })} · {t("profile.sessionSince", { when: fmt(s.created_at) })}
                  {s.ip ? ` · ${t("profile.sessionIp", { ip: s.ip })}` : ""}
                </span>
              </div>
              {!s.current && (
                <button type="button" className="danger small" onClick={() => void end(s)} disabled={busy} aria-label={t("profile.sessionEndNamed", { device: name })}>
                  {t("profile.sessionEnd")}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {others.length > 0 ? (
        <button type="button" className="danger start" onClick={() => void endOthers()} disabled={busy}>
          {t("profile.sessionEndOthers")}
        </button>
      ) : (
        <p className="muted">{t("profile.sessionOnly")}</p>
      )}
    </section>
  );
}

type ChatOut = Schemas["ChatOut"];
type MyOrg = Schemas["MyOrg"];

function NotificationsSection() {
  const { t } = useI18n();
  const [groups, setGroups] = useState<{ org: MyOrg; chats: ChatOut[] }[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      const orgs = await ok(api.GET("/api/v1/me/orgs"));
      const out = [];
      for (const org of orgs) {
        const chats = await ok(api.GET("/api/v1/orgs/{org_id}/chats", { params: { path: { org_id: org.org_id } } }));
        out.push({ org, chats });
      }
      if (live) setGroups(out);
    })().catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, []);

  const title = (c: ChatOut) => (c.kind === "direct" ? (c.peer?.name ?? t("kind.direct")) : c.title || t(`kind.${c.kind}` as Key));

  const toggle = async (c: ChatOut, muted: boolean) => {
    setFailed(null);
    const patch = (m: boolean) =>
      setGroups((gs) => gs?.map((g) => ({ ...g, chats: g.chats.map((x) => (x.id === c.id ? { ...x, muted: m } : x)) })) ?? null);
    patch(muted);
    try {
      await setChatMuted(c.org_id, c.id, muted);
    } catch (err) {
      patch(!muted);
      setFailed(`${t("chat.muteFailed")} ${errorText(t, err)}`);
    }
  };

  if (error) return <Alert>{errorText(t, error)}</Alert>;
  if (!groups) return <Spinner label={t("common.loading")} />;
  const any = groups.some((g) => g.chats.length > 0);
  return (
    <div className="pf-section">
      <p className="muted">{t("profile.notificationsIntro")}</p>
      <Alert>{failed}</Alert>
      {!any && <p>{t("profile.notificationsNone")}</p>}
      {groups
        .filter((g) => g.chats.length > 0)
        .map((g) => (
          <fieldset key={g.org.org_id} className="pf-card">
            <legend>{g.org.name}</legend>
            <p className="hint">{t("profile.notificationsPick")}</p>
            <ul className="mute-list">
              {g.chats.map((c) => (
                <li key={c.id}>
                  <label className="check">
                    <input type="checkbox" checked={c.muted} onChange={(e) => void toggle(c, e.target.checked)} />
                    <Avatar name={title(c)} url={c.avatar_url ?? c.peer?.avatar_url} size={28} />
                    <span>{title(c)}</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
    </div>
  );
}
