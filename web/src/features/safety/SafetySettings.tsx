// /settings/safety: a parent's stricter safe mode for each minor child, and a teacher's
// "I answer during working hours" — per organisation the person belongs to.
import { useEffect, useId, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field, errorText } from "../../components/ui";
import { useT, type Key, type T } from "../../i18n";
import "./safety.css";

type MyOrg = Schemas["MyOrg"];
type Child = Schemas["ChildRulesOut"];
type Rules = Schemas["SafeModeRules"];
const DAYS = [1, 2, 3, 4, 5, 6, 7];
const STAFF = ["admin", "head", "teacher", "staff"];

export default function SafetySettings() {
  const t = useT();
  const [orgs, setOrgs] = useState<MyOrg[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    ok(api.GET("/api/v1/me/orgs")).then(setOrgs).catch(setError);
  }, []);
  if (error) return <Alert>{errorText(t, error)}</Alert>;
  if (!orgs)
    return (
      <p className="loading" role="status">
        {t("common.loading")}
      </p>
    );
  const parentOf = orgs.filter((o) => o.roles.some((r) => r.role === "parent"));
  const staffOf = orgs.filter((o) => o.roles.some((r) => STAFF.includes(r.role) && (r.verified || r.role === "admin")));
  if (!parentOf.length && !staffOf.length) return null; // nothing of mine to set here
  return (
    <div className="stack safety-settings">
      <p className="lead">{t("safety.settingsIntro")}</p>
      {parentOf.map((o) => (
        <Children key={o.org_id} org={o} many={orgs.length > 1} />
      ))}
      {staffOf.map((o) => (
        <WorkingHours key={o.org_id} org={o} many={orgs.length > 1} />
      ))}
    </div>
  );
}

function effectiveText(t: T, r: Rules): string {
  if (!r.enabled) return t("safety.rule.off");
  return [
    t(r.classmates ? "safety.rule.classmatesOn" : "safety.rule.classmatesOff"),
    ...(r.classmates ? [t(r.classmate_calls ? "safety.rule.callsOn" : "safety.rule.callsOff")] : []),
    t(r.teachers === "all" ? "safety.rule.teachersAll" : "safety.rule.teachersOwn"),
  ].join(", ");
}

function Children({ org, many }: { org: MyOrg; many: boolean }) {
  const [children, setChildren] = useState<Child[] | null>(null);
  useEffect(() => {
    ok(api.GET("/api/v1/orgs/{org_id}/safety/children", { params: { path: { org_id: org.org_id } } }))
      .then(setChildren)
      .catch(() => setChildren([]));
  }, [org.org_id]);
  if (!children?.length) return null;
  return (
    <>
      {children.map((c) => (
        <ChildCard key={c.student_id} orgId={org.org_id} orgName={many ? org.name : ""} child={c} onSaved={(n) => setChildren(children.map((x) => (x.student_id === n.student_id ? n : x)))} />
      ))}
    </>
  );
}

function ChildCard({
  orgId,
  orgName,
  child,
  onSaved,
}: {
  orgId: string;
  orgName: string;
  child: Child;
  onSaved(c: Child): void;
}) {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState(child.chosen);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const school = child.org;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setNote(null);
    try {
      const saved = await ok(
        api.PUT("/api/v1/orgs/{org_id}/safety/children/{student_id}", {
          params: { path: { org_id: orgId, student_id: child.student_id } },
          body: draft,
        }),
      );
      onSaved(saved);
      setNote({ ok: true, text: t("safety.saved") });
    } catch (err) {
      setNote({ ok: false, text: errorText(t, err) });
    }
  };
  const title = t("safety.childTitle", { name: child.class_label ? `${child.name}, ${child.class_label}` : child.name });
  return (
    <section className="pf-card stack" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      {orgName && <p className="muted">{orgName}</p>}
      <p className="hint">{t("safety.childIntro")}</p>
      <form className="stack" onSubmit={(e) => void save(e)}>
        <Choice
          label={t("safety.childClassmates")}
          checked={draft.classmates && school.classmates}
          disabled={!school.classmates}
          onChange={(v) => setDraft({ ...draft, classmates: v })}
        />
        <Choice
          label={t("safety.childCalls")}
          checked={draft.classmate_calls && school.classmate_calls && draft.classmates}
          disabled={!school.classmate_calls || !school.classmates || !draft.classmates}
          onChange={(v) => setDraft({ ...draft, classmate_calls: v })}
        />
        <Choice
          label={t("safety.childTeachers")}
          checked={draft.teachers === "own" || school.teachers === "own"}
          disabled={school.teachers === "own"}
          onChange={(v) => setDraft({ ...draft, teachers: v ? "own" : "all" })}
        />
        <p className="hint">{t("safety.childEffective", { rules: effectiveText(t, child.effective) })}</p>
        <div>
          <button type="submit" className="primary">
            {t("safety.save")}
          </button>
        </div>
        {note && <Alert kind={note.ok ? "ok" : "error"}>{note.text}</Alert>}
      </form>
    </section>
  );
}

function Choice({
  label,
  checked,
  disabled,
  onChange,
}: {
  label: string;
  checked: boolean;
  disabled: boolean;
  onChange(v: boolean): void;
}) {
  const t = useT();
  return (
    <label className="check">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      {label}
      {disabled && <span className="muted"> ({t("safety.childSchoolOff")})</span>}
    </label>
  );
}

function WorkingHours({ org, many }: { org: MyOrg; many: boolean }) {
  const t = useT();
  const id = useId();
  const path = { params: { path: { org_id: org.org_id } } };
  const [on, setOn] = useState(false);
  const [days, setDays] = useState<number[]>([1, 2, 3, 4, 5]);
  const [start, setStart] = useState("09:00");
  const [end, setEnd] = useState("17:00");
  const [text, setText] = useState("");
  const [loaded, setLoaded] = useState(false);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    ok(api.GET("/api/v1/orgs/{org_id}/me/working-hours", path))
      .then((h) => {
        setOn(h.enabled);
        if (h.enabled) {
          setDays(h.days);
          setStart(h.start);
          setEnd(h.end);
          setText(h.note);
        }
        setLoaded(true);
      })
      .catch(() => setLoaded(true));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [org.org_id]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setNote(null);
    try {
      if (on) {
        await ok(api.PUT("/api/v1/orgs/{org_id}/me/working-hours", { ...path, body: { days, start, end, note: text } }));
      } else {
        await ok(api.DELETE("/api/v1/orgs/{org_id}/me/working-hours", path));
      }
      setNote({ ok: true, text: t("safety.saved") });
    } catch (err) {
      setNote({ ok: false, text: errorText(t, err) });
    }
  };

  if (!loaded) return null;
  return (
    <section className="pf-card stack" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("safety.hoursTitle")}</h2>
      {many && <p className="muted">{t("safety.hoursOrg", { org: org.name })}</p>}
      <p className="hint">{t("safety.hoursIntro")}</p>
      <form className="stack" onSubmit={(e) => void save(e)}>
        <label className="check">
          <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} />
          {t("safety.hoursOn")}
        </label>
        {on && (
          <>
            <fieldset className="safety-days">
              <legend>{t("safety.hoursDays")}</legend>
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
            <div className="safety-times">
              <label>
                {t("safety.admin.from")} <input type="time" required value={start} onChange={(e) => setStart(e.target.value)} />
              </label>
              <label>
                {t("safety.admin.to")} <input type="time" required value={end} onChange={(e) => setEnd(e.target.value)} />
              </label>
            </div>
            <Field label={t("safety.hoursNote")} value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
          </>
        )}
        <div>
          <button type="submit" className="primary">
            {t("safety.save")}
          </button>
        </div>
        {note && <Alert kind={note.ok ? "ok" : "error"}>{note.text}</Alert>}
      </form>
    </section>
  );
}
