// "My data" (/settings/data): consents, the data archive and deleting the account — for the
// person and, for a parent, for each child under the organisation's consent age.
import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, PasswordField, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useSession } from "../auth/session";
import "./MyData.css";

type Overview = Schemas["PrivacyOverview"];
type Subject = Schemas["DataSubjectOut"];
type Consent = Schemas["ConsentOut"];
type Export = Schemas["ExportOut"];

/** Poll while an archive is being built, so "Download" appears without a reload. */
const POLL_MS = 3000;

export default function MyData() {
  const { t } = useI18n();
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    () =>
      ok(api.GET("/api/v1/me/privacy"))
        .then((d) => {
          setData(d);
          setError(null);
        })
        .catch((err: unknown) => setError(err)),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const building = data?.subjects.some((s) => s.exports.some((e) => e.status === "pending" || e.status === "building"));
  useEffect(() => {
    if (!building) return;
    const timer = window.setInterval(() => void load(), POLL_MS);
    return () => window.clearInterval(timer);
  }, [building, load]);

  if (error && !data) return <Alert>{errorText(t, error)}</Alert>;
  if (!data) return <Spinner label={t("common.loading")} />;
  return (
    <div className="pf-section">
      <p className="muted">{t("privacy.intro")}</p>
      <PolicyText version={data.policy_version} />
      {data.subjects.map((s) => (
        <SubjectCard key={s.account_id} subject={s} overview={data} reload={load} />
      ))}
    </div>
  );
}

function PolicyText({ version }: { version: string }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState<string | null>(null);
  const open = () => {
    if (text !== null) return;
    ok(api.GET("/api/v1/policy"))
      .then((p) => setText(lang === "en" ? p.text_en : p.text_ru))
      .catch(() => setText(""));
  };
  return (
    <details className="pf-card" onToggle={open}>
      <summary>{t("privacy.policy", { version })}</summary>
      {text === null ? <Spinner label={t("common.loading")} /> : <p className="pd-policy">{text}</p>}
    </details>
  );
}

function useNote() {
  const [note, setNote] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  return {
    view: note ? <Alert kind={note.kind}>{note.text}</Alert> : null,
    ok: (text: string) => setNote({ kind: "ok", text }),
    fail: (text: string) => setNote({ kind: "error", text }),
    clear: () => setNote(null),
  };
}

function SubjectCard({ subject, overview, reload }: { subject: Subject; overview: Overview; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const headingId = useId();
  const note = useNote();
  const self = subject.relation === "self";
  const deletion = subject.deletion?.status === "scheduled" ? subject.deletion : null;
  const when = (iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date(iso));

  const cancelDeletion = async () => {
    note.clear();
    try {
      await ok(api.DELETE("/api/v1/me/privacy/subjects/{account_id}/deletion", { params: { path: { account_id: subject.account_id } } }));
      note.ok(t("privacy.deleteCancelled"));
      await reload();
    } catch (err) {
      note.fail(errorText(t, err));
    }
  };

  return (
    <section className="pf-card pd-subject" aria-labelledby={headingId}>
      <h2 id={headingId}>{self ? t("privacy.you") : t("privacy.child", { name: subject.name })}</h2>
      {self && subject.minor && <p className="hint">{t("privacy.minorNote")}</p>}
      {deletion && (
        <div className="pd-deletion">
          <Alert kind="info">{t("privacy.deleteScheduled", { when: when(deletion.due_at) })}</Alert>
          {!self && subject.may_delete && (
            <button type="button" className="start" onClick={() => void cancelDeletion()}>
              {t("privacy.deleteCancel")}
            </button>
          )}
        </div>
      )}
      {note.view}
      <Consents subject={subject} overview={overview} reload={reload} />
      <Archive subject={subject} overview={overview} reload={reload} />
      {subject.may_delete && !deletion && <DeleteAccount subject={subject} overview={overview} reload={reload} />}
    </section>
  );
}

function Consents({ subject, overview, reload }: { subject: Subject; overview: Overview; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const note = useNote();
  const [asking, setAsking] = useState<string | null>(null);
  const [agreed, setAgreed] = useState<Record<string, boolean>>({});
  const [busy, setBusy] = useState(false);
  const when = (iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date(iso));
  const path = { account_id: subject.account_id };

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    note.clear();
    try {
      const text = await fn();
      await reload();
      note.ok(text);
    } catch (err) {
      note.fail(errorText(t, err));
    }
    setBusy(false);
  };

  const withdraw = (c: Consent) =>
    run(async () => {
      const out = await ok(
        api.POST("/api/v1/me/privacy/subjects/{account_id}/consents/{consent_id}/withdraw", {
          params: { path: { ...path, consent_id: c.id } },
        }),
      );
      setAsking(null);
      return out.left_org ? t("privacy.leftOrg") : t("privacy.withdrawn");
    });

  const give = (e: FormEvent, orgId: string) => {
    e.preventDefault();
    void run(async () => {
      await ok(
        api.POST("/api/v1/me/privacy/subjects/{account_id}/consents", {
          params: { path },
          body: { org_id: orgId, policy_version: overview.policy_version, consent: true },
        }),
      );
      return t("privacy.given");
    });
  };

  const by = (c: Consent) => {
    if (c.given_by === "self") return t("privacy.consentBySelf", { when: when(c.accepted_at) });
    if (c.given_by_name) return t("privacy.consentByGuardianNamed", { name: c.given_by_name, when: when(c.accepted_at) });
    return t("privacy.consentByGuardian", { when: when(c.accepted_at) });
  };

  return (
    <div className="pd-block">
      <h3>{t("privacy.consents")}</h3>
      {subject.consents.length === 0 && <p className="muted">{t("privacy.consentsNone")}</p>}
      {subject.consents.length > 0 && (
        <ul className="pd-list">
          {subject.consents.map((c) => (
            <li key={c.id} className="pd-item">
              <div className="pd-item-info">
                <span className="pd-item-title">{t("privacy.consentLine", { org: c.org_name, version: c.policy_version })}</span>
                <span className="session-meta">{by(c)}</span>
              </div>
              <span className={`status-pill ${c.withdrawn_at ? "warn" : c.current ? "ok" : ""}`}>
                {c.withdrawn_at
                  ? t("privacy.consentWithdrawn", { when: when(c.withdrawn_at) })
                  : c.current
                    ? t("privacy.consentActive")
                    : t("privacy.consentOld")}
              </span>
              {subject.may_withdraw && !c.withdrawn_at && asking !== c.id && (
                <button type="button" className="danger small" onClick={() => setAsking(c.id)} aria-label={t("privacy.withdrawNamed", { org: c.org_name })}>
                  {t("privacy.withdraw")}
                </button>
              )}
              {asking === c.id && (
                <div className="pd-confirm" role="group" aria-label={t("privacy.withdrawTitle")}>
                  <p>
                    <strong>{t("privacy.withdrawTitle")}</strong> {t("privacy.withdrawBody", { days: overview.deletion_grace_days })}
                  </p>
                  <div className="pf-row">
                    <button type="button" className="primary pd-danger-btn" disabled={busy} onClick={() => void withdraw(c)}>
                      {t("privacy.withdraw")}
                    </button>
                    <button type="button" onClick={() => setAsking(null)}>
                      {t("common.cancel")}
                    </button>
                  </div>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {subject.may_withdraw &&
        subject.missing_consents.map((o) => (
          <form key={o.org_id} className="pd-missing" onSubmit={(e) => give(e, o.org_id)}>
            <p>{t("privacy.missing", { org: o.org_name, version: overview.policy_version })}</p>
            <label className="check">
              <input
                type="checkbox"
                checked={agreed[o.org_id] ?? false}
                onChange={(e) => setAgreed({ ...agreed, [o.org_id]: e.target.checked })}
              />
              {subject.relation === "self" ? t("privacy.agree") : t("privacy.agreeChild")}
            </label>
            <button type="submit" className="primary start" disabled={busy || !agreed[o.org_id]}>
              {t("privacy.give")}
            </button>
          </form>
        ))}
      {note.view}
    </div>
  );
}

function sizeText(t: (k: Key, v?: Record<string, string | number>) => string, bytes: number | null | undefined): string {
  const mb = Math.max((bytes ?? 0) / (1024 * 1024), 0.01);
  return t("privacy.size", { mb: mb.toFixed(2).replace(/\.?0+$/, "") });
}

function Archive({ subject, overview, reload }: { subject: Subject; overview: Overview; reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const note = useNote();
  const [busy, setBusy] = useState(false);
  const when = (iso: string) => new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  const inProgress = subject.exports.some((e) => e.status === "pending" || e.status === "building");

  const ask = async () => {
    setBusy(true);
    note.clear();
    try {
      await ok(api.POST("/api/v1/me/privacy/subjects/{account_id}/exports", { params: { path: { account_id: subject.account_id } } }));
      note.ok(t("privacy.archiveAsked"));
      await reload();
    } catch (err) {
      note.fail(errorText(t, err));
    }
    setBusy(false);
  };

  return (
    <div className="pd-block">
      <h3>{t("privacy.archive")}</h3>
      <p className="hint">{t("privacy.archiveIntro", { days: overview.export_keep_days })}</p>
      {subject.exports.length > 0 && (
        <ul className="pd-list">
          {subject.exports.map((e: Export) => (
            <li key={e.id} className="pd-item">
              <div className="pd-item-info">
                <span className="pd-item-title">{t(`privacy.export.${e.status}` as Key)}</span>
                <span className="session-meta">
                  {t("privacy.exportLine", { when: when(e.created_at) })}
                  {e.download_url && e.expires_at ? ` · ${t("privacy.downloadUntil", { when: when(e.expires_at) })}` : ""}
                </span>
              </div>
              {e.download_url && (
                <a className="button primary small" href={e.download_url} download>
                  {t("privacy.download", { size: sizeText(t, e.size) })}
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      {subject.next_export_at ? (
        <p className="muted">{t("privacy.archiveNext", { when: when(subject.next_export_at) })}</p>
      ) : (
        <button type="button" className="start" onClick={() => void ask()} disabled={busy || inProgress}>
          {t("privacy.archiveAsk")}
        </button>
      )}
      <div role="status" aria-live="polite">
        {note.view}
      </div>
    </div>
  );
}

function DeleteAccount({ subject, overview, reload }: { subject: Subject; overview: Overview; reload: () => Promise<void> }) {
  const { t } = useI18n();
  const session = useSession();
  const note = useNote();
  const [password, setPassword] = useState("");
  const [sure, setSure] = useState(false);
  const [busy, setBusy] = useState(false);
  const self = subject.relation === "self";
  const title = self ? t("privacy.delete") : t("privacy.deleteChild");
  const headingId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    note.clear();
    try {
      await ok(
        api.POST("/api/v1/me/privacy/subjects/{account_id}/deletion", {
          params: { path: { account_id: subject.account_id } },
          body: { password: password || null, confirm: sure },
        }),
      );
      if (self) {
        // Every session of the account has just ended, this one included.
        await session.signOut();
        return;
      }
      setPassword("");
      setSure(false);
      await reload();
    } catch (err) {
      note.fail(errorText(t, err));
    }
    setBusy(false);
  };

  return (
    <form className="pd-block pd-danger" onSubmit={(e) => void submit(e)} aria-labelledby={headingId} noValidate>
      <h3 id={headingId}>{title}</h3>
      <p className="hint">{t("privacy.deleteIntro", { days: overview.deletion_grace_days })}</p>
      <PasswordField
        label={t("privacy.deletePassword")}
        name={`password-${subject.account_id}`}
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <label className="check">
        <input type="checkbox" checked={sure} onChange={(e) => setSure(e.target.checked)} />
        {t("privacy.deleteConfirm")}
      </label>
      <button type="submit" className="primary pd-danger-btn start" disabled={busy || !sure}>
        {title}
      </button>
      {note.view}
    </form>
  );
}
