// Policies → personal data and retention: the consent age, how long messages and files are
// kept, what a finished class's archive keeps, and the members' scheduled account deletions.
import { useEffect, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useT, type Key } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { LoadState, SelectField, StatusNote, dateOnly, fieldError, formError, useAction, useLang, useLoad } from "./kit";

type Rules = Schemas["PrivacySettings"];
type Keeps = Rules["archive_keeps"];
const KEEPS: Keeps[] = ["all", "announcements", "nothing"];
const AGES = Array.from({ length: 19 }, (_, i) => i);

export function PrivacyRules() {
  return (
    <>
      <RetentionCard />
      <Deletions />
    </>
  );
}

function monthsValid(on: boolean, value: string): boolean {
  if (!on) return true;
  const n = Number(value);
  return /^\d+$/.test(value.trim()) && n >= 1 && n <= 120;
}

function RetentionCard() {
  const t = useT();
  const admin = useAdmin();
  const rules = useLoad(
    () => ok(api.GET("/api/v1/orgs/{org_id}/privacy/settings", { params: { path: { org_id: admin.orgId } } })),
    [admin.orgId],
  );
  const act = useAction();
  const [age, setAge] = useState(14);
  const [messagesOn, setMessagesOn] = useState(false);
  const [messages, setMessages] = useState("12");
  const [filesOn, setFilesOn] = useState(false);
  const [files, setFiles] = useState("12");
  const [keeps, setKeeps] = useState<Keeps>("all");
  const [erase, setErase] = useState(true);
  const [localError, setLocalError] = useState<string | null>(null);

  useEffect(() => {
    const r = rules.data;
    if (!r) return;
    setAge(r.consent_age);
    setMessagesOn(r.retention_messages_months != null);
    setMessages(String(r.retention_messages_months ?? 12));
    setFilesOn(r.retention_files_months != null);
    setFiles(String(r.retention_files_months ?? 12));
    setKeeps(r.archive_keeps);
    setErase(r.admins_may_erase);
  }, [rules.data]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!monthsValid(messagesOn, messages) || !monthsValid(filesOn, files)) {
      setLocalError(t("privacy.rules.monthsRange"));
      return;
    }
    setLocalError(null);
    void act.run(
      () =>
        ok(
          api.PATCH("/api/v1/orgs/{org_id}/privacy/settings", {
            params: { path: { org_id: admin.orgId } },
            body: {
              consent_age: age,
              retention_messages_months: messagesOn ? Number(messages) : 0,
              retention_files_months: filesOn ? Number(files) : 0,
              archive_keeps: keeps,
              admins_may_erase: erase,
            },
          }),
        ),
      {
        then: (saved) => {
          rules.set(saved);
          return t("admin.saved");
        },
      },
    );
  };

  return (
    <section aria-labelledby="pol-privacy" className="adm-card">
      <h2 id="pol-privacy">{t("privacy.rules.title")}</h2>
      <p className="lead">{t("privacy.rules.intro")}</p>
      <LoadState state={rules}>
        {() => (
          <form className="stack" onSubmit={save} noValidate>
            <div className="adm-narrow">
              <SelectField
                label={t("privacy.rules.consentAge")}
                hint={t("privacy.rules.consentAgeHint")}
                value={String(age)}
                onChange={(e) => setAge(Number(e.target.value))}
                error={fieldError(t, act.error, "consent_age")}
              >
                {AGES.map((a) => (
                  <option key={a} value={a}>
                    {a === 0 ? t("privacy.rules.ageNone") : t("privacy.rules.ageN", { age: a })}
                  </option>
                ))}
              </SelectField>
            </div>
            <Period
              label={t("privacy.rules.keepMessages")}
              on={messagesOn}
              setOn={setMessagesOn}
              value={messages}
              setValue={setMessages}
              error={fieldError(t, act.error, "retention_messages_months")}
            />
            <Period
              label={t("privacy.rules.keepFiles")}
              on={filesOn}
              setOn={setFilesOn}
              value={files}
              setValue={setFiles}
              error={fieldError(t, act.error, "retention_files_months")}
            />
            <fieldset>
              <legend>{t("privacy.rules.archive")}</legend>
              {KEEPS.map((k) => (
                <label key={k} className="check">
                  <input type="radio" name="archive_keeps" value={k} checked={keeps === k} onChange={() => setKeeps(k)} />
                  {t(`privacy.rules.archive.${k}` as Key)}
                </label>
              ))}
            </fieldset>
            <label className="check">
              <input type="checkbox" checked={erase} onChange={(e) => setErase(e.target.checked)} />
              {t("privacy.rules.adminsMayErase")}
            </label>
            {localError ? <Alert>{localError}</Alert> : null}
            {act.error && !fieldError(t, act.error, "consent_age", "retention_messages_months", "retention_files_months") ? (
              <Alert>{formError(t, act.error)}</Alert>
            ) : null}
            <div className="adm-save">
              <button type="submit" className="primary" disabled={act.busy}>
                {t("privacy.rules.save")}
              </button>
              <StatusNote text={act.note} />
            </div>
          </form>
        )}
      </LoadState>
    </section>
  );
}

function Period({
  label,
  on,
  setOn,
  value,
  setValue,
  error,
}: {
  label: string;
  on: boolean;
  setOn(v: boolean): void;
  value: string;
  setValue(v: string): void;
  error: string | null;
}) {
  const t = useT();
  return (
    <fieldset>
      <legend className="sr-only">{label}</legend>
      <label className="check">
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} />
        {label}
      </label>
      {on && (
        <div className="adm-narrow">
          <Field
            label={t("privacy.rules.months")}
            hint={t("privacy.rules.monthsHint")}
            inputMode="numeric"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            error={error}
          />
        </div>
      )}
    </fieldset>
  );
}

type Deletion = Schemas["OrgDeletionOut"];

function Deletions() {
  const t = useT();
  const lang = useLang();
  const admin = useAdmin();
  const list = useLoad(
    () => ok(api.GET("/api/v1/orgs/{org_id}/privacy/deletions", { params: { path: { org_id: admin.orgId } } })),
    [admin.orgId],
  );
  const act = useAction();

  const cancel = (d: Deletion) =>
    void act.run(
      () =>
        ok(
          api.POST("/api/v1/orgs/{org_id}/privacy/deletions/{deletion_id}/cancel", {
            params: { path: { org_id: admin.orgId, deletion_id: d.id } },
          }),
        ),
      {
        then: (updated) => {
          list.set((rows) => rows.map((r) => (r.id === updated.id ? updated : r)));
          return t("privacy.rules.cancelled");
        },
      },
    );

  return (
    <section aria-labelledby="pol-deletions" className="adm-card">
      <h2 id="pol-deletions">{t("privacy.rules.deletions")}</h2>
      <LoadState state={list}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="muted">{t("privacy.rules.deletionsNone")}</p>
          ) : (
            <ul className="adm-list">
              {rows.map((d) => (
                <li key={d.id} className="adm-item">
                  <span className="adm-item-main">
                    {t("privacy.rules.deletionLine", { name: d.name, when: dateOnly(d.due_at, lang) })}
                    {" · "}
                    {t(`privacy.rules.reason.${d.reason}` as Key)}
                    {" · "}
                    {t(`privacy.rules.status.${d.status}` as Key)}
                  </span>
                  {d.status === "scheduled" && (
                    <button
                      type="button"
                      className="small"
                      disabled={act.busy}
                      onClick={() => cancel(d)}
                      aria-label={t("privacy.rules.cancelNamed", { name: d.name })}
                    >
                      {t("privacy.rules.cancel")}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
      <StatusNote text={act.note} />
    </section>
  );
}
