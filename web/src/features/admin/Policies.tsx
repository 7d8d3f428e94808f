// Policies: who may start a direct chat with whom, read receipts of students, how long a
// message can be edited, the school's grades (last grade, primary grades) and the
// organisation's profile.
import { useEffect, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useT } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { LoadState, SelectField, StatusNote, fieldError, formError, useAction, useLoad } from "./kit";
import { PrivacyRules } from "./PrivacyRules";
import { SafeguardingSettings } from "../moderation/SafeguardingSettings";
import { TwoFactorPolicy } from "./TwoFactorPolicy";
import { SafetyRules } from "../safety/SafetyRules";

type Policy = Schemas["DirectPolicy"];
type Rule = keyof Policy;
const GROUPS: { legend: "admin.pol.students" | "admin.pol.parents"; rules: Rule[] }[] = [
  { legend: "admin.pol.students", rules: ["student_to_teachers", "student_to_classmates", "student_to_staff"] },
  {
    legend: "admin.pol.parents",
    rules: ["parent_to_teachers", "parent_to_own_children", "parent_to_class_parents", "parent_to_staff"],
  },
];

export default function Policies() {
  return (
    <div className="stack adm-sections">
      <DirectPolicy />
      <SafetyRules />
      <MessageSettings />
      <Grades />
      <TwoFactorPolicy />
      <PrivacyRules />
      <SafeguardingSettings />
      <Profile />
    </div>
  );
}

function DirectPolicy() {
  const t = useT();
  const admin = useAdmin();
  const policy = useLoad(
    () => ok(api.GET("/api/v1/orgs/{org_id}/policies/direct-messages", { params: { path: { org_id: admin.orgId } } })),
    [admin.orgId],
  );
  const [draft, setDraft] = useState<Policy | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(policy.data), [policy.data]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft || !policy.data) return;
    const changed: Partial<Policy> = {};
    for (const k of Object.keys(draft) as Rule[]) if (draft[k] !== policy.data[k]) changed[k] = draft[k];
    setError(null);
    setNote(null);
    setBusy(true);
    try {
      const saved = await ok(
        api.PATCH("/api/v1/orgs/{org_id}/policies/direct-messages", {
          params: { path: { org_id: admin.orgId } },
          body: changed,
        }),
      );
      policy.set(saved);
      setNote(t("admin.saved"));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="pol-dm" className="adm-card">
      <h2 id="pol-dm">{t("admin.pol.dmTitle")}</h2>
      <p className="lead">{t("admin.pol.dmIntro")}</p>
      <LoadState state={policy}>
        {() =>
          draft && (
            <form className="stack" onSubmit={(e) => void save(e)}>
              {GROUPS.map((g) => (
                <fieldset key={g.legend}>
                  <legend>{t(g.legend)}</legend>
                  {g.rules.map((r) => (
                    <label key={r} className="check">
                      <input
                        type="checkbox"
                        checked={draft[r]}
                        onChange={(e) => setDraft({ ...draft, [r]: e.target.checked })}
                      />
                      {t(`admin.pol.rule.${r}`)}
                    </label>
                  ))}
                </fieldset>
              ))}
              <p className="hint">{t("admin.pol.dmNote")}</p>
              {error ? <Alert>{formError(t, error)}</Alert> : null}
              <div className="adm-save">
                <button type="submit" className="primary" disabled={busy}>
                  {t("admin.pol.saveDm")}
                </button>
                <StatusNote text={note} />
              </div>
            </form>
          )
        }
      </LoadState>
    </section>
  );
}

function MessageSettings() {
  const t = useT();
  const admin = useAdmin();
  const settings = admin.org.settings;
  const [receipts, setReceipts] = useState(settings.read_receipts_students);
  const [minutes, setMinutes] = useState(String(settings.edit_window_minutes));
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    const n = Number(minutes);
    if (!/^\d+$/.test(minutes.trim()) || n < 5 || n > 10080) {
      setLocalError(t("admin.pol.editRange"));
      return;
    }
    setLocalError(null);
    setBusy(true);
    try {
      await ok(
        api.PATCH("/api/v1/orgs/{org_id}", {
          params: { path: { org_id: admin.orgId } },
          body: { settings: { read_receipts_students: receipts, edit_window_minutes: n } },
        }),
      );
      setNote(t("admin.saved"));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const hours = Number(minutes) >= 60 && /^\d+$/.test(minutes) ? Math.round((Number(minutes) / 60) * 10) / 10 : null;
  return (
    <section aria-labelledby="pol-msg" className="adm-card">
      <h2 id="pol-msg">{t("admin.pol.msgTitle")}</h2>
      <form className="stack" onSubmit={(e) => void save(e)} noValidate>
        <div>
          <label className="check">
            <input type="checkbox" checked={receipts} onChange={(e) => setReceipts(e.target.checked)} aria-describedby="pol-receipts-hint" />
            {t("admin.pol.receipts")}
          </label>
          <p className="hint" id="pol-receipts-hint">
            {t("admin.pol.receiptsHint")}
          </p>
        </div>
        <Field
          label={t("admin.pol.editWindow")}
          hint={hours ? t("admin.pol.editHintHours", { hours }) : t("admin.pol.editHint")}
          inputMode="numeric"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          error={localError ?? fieldError(t, error, "settings.edit_window_minutes")}
        />
        {error && !fieldError(t, error, "settings.edit_window_minutes") ? <Alert>{formError(t, error)}</Alert> : null}
        <div className="adm-save">
          <button type="submit" className="primary" disabled={busy}>
            {t("admin.pol.saveMsg")}
          </button>
          <StatusNote text={note} />
        </div>
      </form>
    </section>
  );
}

const MAX_GRADES = [9, 10, 11, 12];

function Grades() {
  const t = useT();
  const admin = useAdmin();
  const act = useAction();
  const settings = admin.org.settings;
  const [max, setMax] = useState(settings.max_grade);
  const [primary, setPrimary] = useState<number[]>(settings.primary_grades);
  const grades = Array.from({ length: max }, (_, i) => i + 1);

  const save = (e: FormEvent) => {
    e.preventDefault();
    void act.run(
      () =>
        ok(
          api.PATCH("/api/v1/orgs/{org_id}", {
            params: { path: { org_id: admin.orgId } },
            body: { settings: { max_grade: max, primary_grades: primary.filter((g) => g <= max) } },
          }),
        ),
      {
        then: (org) => {
          setPrimary(org.settings.primary_grades);
          admin.reloadOrg();
          return t("admin.saved");
        },
      },
    );
  };

  const toggle = (g: number, on: boolean) =>
    setPrimary((cur) => (on ? [...cur.filter((x) => x !== g), g].sort((a, b) => a - b) : cur.filter((x) => x !== g)));

  return (
    <section aria-labelledby="pol-grades" className="adm-card">
      <h2 id="pol-grades">{t("admin.pol.gradesTitle")}</h2>
      <form className="stack" onSubmit={save}>
        <div className="adm-narrow">
          <SelectField
            label={t("admin.pol.maxGrade")}
            hint={t("admin.pol.maxGradeHint")}
            value={String(max)}
            onChange={(e) => setMax(Number(e.target.value))}
            error={fieldError(t, act.error, "settings.max_grade")}
          >
            {MAX_GRADES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </SelectField>
        </div>
        <fieldset aria-describedby="pol-primary-hint">
          <legend>{t("admin.pol.primary")}</legend>
          <p className="hint" id="pol-primary-hint">
            {t("admin.pol.primaryHint")}
          </p>
          <div className="adm-grades">
            {grades.map((g) => (
              <label key={g} className="check">
                <input type="checkbox" checked={primary.includes(g)} onChange={(e) => toggle(g, e.target.checked)} />
                {t("admin.pol.gradeN", { grade: g })}
              </label>
            ))}
          </div>
          {fieldError(t, act.error, "settings.primary_grades") && (
            <p className="field-error">{fieldError(t, act.error, "settings.primary_grades")}</p>
          )}
        </fieldset>
        {act.error && !fieldError(t, act.error, "settings.max_grade", "settings.primary_grades") ? (
          <Alert>{formError(t, act.error)}</Alert>
        ) : null}
        <div className="adm-save">
          <button type="submit" className="primary" disabled={act.busy}>
            {t("admin.pol.saveGrades")}
          </button>
          <StatusNote text={act.note} />
        </div>
      </form>
    </section>
  );
}

function Profile() {
  const t = useT();
  const admin = useAdmin();
  const org = admin.org;
  const [name, setName] = useState(org.name);
  const [address, setAddress] = useState(org.address);
  const [timezone, setTimezone] = useState(org.timezone);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    setBusy(true);
    try {
      await ok(
        api.PATCH("/api/v1/orgs/{org_id}", {
          params: { path: { org_id: admin.orgId } },
          body: { name, address, timezone },
        }),
      );
      setNote(t("admin.saved"));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="pol-profile" className="adm-card">
      <h2 id="pol-profile">{t("admin.pol.profileTitle")}</h2>
      <form className="adm-form" onSubmit={(e) => void save(e)}>
        <Field label={t("admin.pol.name")} value={name} required maxLength={300} onChange={(e) => setName(e.target.value)} error={fieldError(t, error, "name")} />
        <Field label={t("admin.pol.address")} value={address} maxLength={500} onChange={(e) => setAddress(e.target.value)} error={fieldError(t, error, "address")} />
        <Field
          label={t("admin.pol.timezone")}
          hint={t("admin.pol.timezoneHint")}
          value={timezone}
          maxLength={64}
          onChange={(e) => setTimezone(e.target.value)}
          error={fieldError(t, error, "timezone")}
        />
        {error && !fieldError(t, error, "name", "address", "timezone") ? <Alert>{formError(t, error)}</Alert> : null}
        <div className="adm-save">
          <button type="submit" className="primary" disabled={busy}>
            {t("admin.pol.saveProfile")}
          </button>
          <StatusNote text={note} />
        </div>
      </form>
    </section>
  );
}
