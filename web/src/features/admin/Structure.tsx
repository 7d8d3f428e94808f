// The school's structure: academic years (new, make current, finish with promotion),
// classes of the current year (class teacher, delete when empty), study groups and
// departments (create, archive).
import { useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useT } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { LoadState, SelectField, StatusNote, dateOnly, fieldError, formError, useConfirm, useLang, useLoad } from "./kit";

type Member = Schemas["MemberBrief"];
type ClassOut = Schemas["ClassOut"];
type Group = Schemas["GroupOut"];

export default function Structure() {
  const admin = useAdmin();
  const teachers = useLoad(
    () =>
      ok(
        api.GET("/api/v1/orgs/{org_id}/members", {
          params: { path: { org_id: admin.orgId }, query: { role: "teacher", limit: 200 } },
        }),
      ).then((p) => p.items.filter((m) => m.status === "active")),
    [admin.orgId],
  );
  const staff = teachers.data ?? [];
  return (
    <div className="stack adm-sections">
      <Years />
      <Classes teachers={staff} />
      <Groups kind="study" teachers={staff} />
      <Groups kind="department" teachers={staff} />
    </div>
  );
}

function nextSeptember(): { starts: string; ends: string } {
  const now = new Date();
  const y = now.getMonth() >= 5 ? now.getFullYear() : now.getFullYear() - 1;
  return { starts: `${y}-09-01`, ends: `${y + 1}-05-31` };
}

function Years() {
  const t = useT();
  const lang = useLang();
  const admin = useAdmin();
  const confirm = useConfirm();
  const years = useLoad(
    () => ok(api.GET("/api/v1/orgs/{org_id}/academic-years", { params: { path: { org_id: admin.orgId } } })),
    [admin.orgId],
  );
  const def = nextSeptember();
  const [starts, setStarts] = useState(def.starts);
  const [ends, setEnds] = useState(def.ends);
  const [makeCurrent, setMakeCurrent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    try {
      const y = await ok(
        api.POST("/api/v1/orgs/{org_id}/academic-years", {
          params: { path: { org_id: admin.orgId } },
          body: { starts_on: starts, ends_on: ends, make_current: makeCurrent },
        }),
      );
      years.reload();
      admin.reloadClasses();
      setNote(t("admin.years.created", { name: y.name }));
    } catch (err) {
      setError(err);
    }
  };

  const makeCurrentYear = async (id: string, name: string) => {
    setError(null);
    try {
      await ok(
        api.POST("/api/v1/orgs/{org_id}/academic-years/{year_id}/make-current", {
          params: { path: { org_id: admin.orgId, year_id: id } },
        }),
      );
      years.reload();
      admin.reloadClasses();
      setNote(t("admin.years.madeCurrent", { name }));
    } catch (err) {
      setError(err);
    }
  };

  const finish = async (id: string, name: string) => {
    const sure = await confirm({
      title: t("admin.years.finishTitle", { name }),
      body: t("admin.years.finishBody"),
      action: t("admin.years.finish"),
      danger: true,
    });
    if (!sure) return;
    setError(null);
    try {
      const r = await ok(
        api.POST("/api/v1/orgs/{org_id}/academic-years/{year_id}/finish", {
          params: { path: { org_id: admin.orgId, year_id: id } },
          body: {},
        }),
      );
      years.reload();
      admin.reloadClasses();
      setNote(
        t("admin.years.finished", {
          promoted: r.promoted_classes,
          graduated: r.graduated_classes,
          moved: r.moved_students,
        }),
      );
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="years-h" className="adm-card">
      <h2 id="years-h">{t("admin.years.title")}</h2>
      <LoadState state={years}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t("admin.years.none")}</p>
          ) : (
            <ul className="adm-list">
              {list.map((y) => (
                <li key={y.id} className="adm-item">
                  <div className="adm-item-main">
                    <p className="adm-item-title">
                      <span>{y.name}</span>
                      {y.is_current && <span className="adm-badge ok">{t("admin.years.current")}</span>}
                      {y.finished_at && <span className="adm-badge">{t("admin.years.done")}</span>}
                    </p>
                    <p className="adm-meta">
                      {dateOnly(y.starts_on, lang)} — {dateOnly(y.ends_on, lang)}
                    </p>
                  </div>
                  <div className="adm-actions">
                    {!y.is_current && !y.finished_at && (
                      <button type="button" className="small" onClick={() => void makeCurrentYear(y.id, y.name)}>
                        {t("admin.years.makeCurrent")}
                        <span className="sr-only">: {y.name}</span>
                      </button>
                    )}
                    {y.is_current && (
                      <button type="button" className="small danger" onClick={() => void finish(y.id, y.name)}>
                        {t("admin.years.finish")}
                        <span className="sr-only">: {y.name}</span>
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      <StatusNote text={note} />
      <details className="adm-add">
        <summary>{t("admin.years.add")}</summary>
        <form className="adm-form" onSubmit={(e) => void create(e)}>
          <Field label={t("admin.years.starts")} type="date" value={starts} required onChange={(e) => setStarts(e.target.value)} error={fieldError(t, error, "starts_on")} />
          <Field label={t("admin.years.ends")} type="date" value={ends} required onChange={(e) => setEnds(e.target.value)} error={fieldError(t, error, "ends_on")} />
          <label className="check">
            <input type="checkbox" checked={makeCurrent} onChange={(e) => setMakeCurrent(e.target.checked)} />
            {t("admin.years.makeCurrentNow")}
          </label>
          <div>
            <button type="submit" className="primary">
              {t("admin.years.create")}
            </button>
          </div>
        </form>
      </details>
      {error ? <Alert>{formError(t, error)}</Alert> : null}
    </section>
  );
}

function TeacherOptions({ teachers }: { teachers: Member[] }) {
  const t = useT();
  return (
    <>
      <option value="">{t("admin.classes.noTeacher")}</option>
      {teachers.map((m) => (
        <option key={m.membership_id} value={m.membership_id}>
          {m.name}
          {m.verified ? "" : ` (${t("admin.members.notVerified")})`}
        </option>
      ))}
    </>
  );
}

function Classes({ teachers }: { teachers: Member[] }) {
  const t = useT();
  const admin = useAdmin();
  const confirm = useConfirm();
  const max = admin.org.settings.max_grade;
  const [grade, setGrade] = useState("5");
  const [letter, setLetter] = useState("");
  const [teacher, setTeacher] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const classes = admin.classes.filter((c) => !c.archived);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    try {
      const c = await ok(
        api.POST("/api/v1/orgs/{org_id}/classes", {
          params: { path: { org_id: admin.orgId } },
          body: { grade: Number(grade), letter: letter.trim(), class_teacher_membership_id: teacher || null },
        }),
      );
      setLetter("");
      admin.reloadClasses();
      setNote(t("admin.classes.created", { label: c.label }));
    } catch (err) {
      setError(err);
    }
  };

  const setClassTeacher = async (c: ClassOut, id: string) => {
    setError(null);
    try {
      await ok(
        api.PATCH("/api/v1/orgs/{org_id}/classes/{class_id}", {
          params: { path: { org_id: admin.orgId, class_id: c.id } },
          body: { class_teacher_membership_id: id || null },
        }),
      );
      admin.reloadClasses();
      setNote(t("admin.classes.teacherSaved", { label: c.label }));
    } catch (err) {
      setError(err);
    }
  };

  const remove = async (c: ClassOut) => {
    const sure = await confirm({
      title: t("admin.classes.deleteTitle", { label: c.label }),
      body: t("admin.classes.deleteBody"),
      action: t("admin.classes.delete"),
      danger: true,
    });
    if (!sure) return;
    setError(null);
    try {
      await ok(
        api.DELETE("/api/v1/orgs/{org_id}/classes/{class_id}", {
          params: { path: { org_id: admin.orgId, class_id: c.id } },
        }),
      );
      admin.reloadClasses();
      setNote(t("admin.classes.deleted", { label: c.label }));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby="classes-h" className="adm-card">
      <h2 id="classes-h">{t("admin.classes.title")}</h2>
      {classes.length === 0 ? (
        <p className="muted">{t("admin.classes.none")}</p>
      ) : (
        <ul className="adm-list">
          {classes.map((c) => (
            <li key={c.id} className="adm-item">
              <div className="adm-item-main">
                <p className="adm-item-title">{c.label}</p>
                <p className="adm-meta">{t("admin.classes.students", { count: c.student_count })}</p>
              </div>
              <div className="adm-actions adm-actions-wide">
                <SelectField
                  label={t("admin.classes.teacherOf", { label: c.label })}
                  value={c.class_teacher?.membership_id ?? ""}
                  onChange={(e) => void setClassTeacher(c, e.target.value)}
                >
                  {c.class_teacher && !teachers.some((m) => m.membership_id === c.class_teacher?.membership_id) && (
                    <option value={c.class_teacher.membership_id}>{c.class_teacher.name}</option>
                  )}
                  <TeacherOptions teachers={teachers} />
                </SelectField>
                <button
                  type="button"
                  className="small danger"
                  onClick={() => void remove(c)}
                  aria-label={t("admin.classes.deleteWho", { label: c.label })}
                >
                  {t("admin.classes.delete")}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <StatusNote text={note} />
      <details className="adm-add">
        <summary>{t("admin.classes.add")}</summary>
        <form className="adm-form" onSubmit={(e) => void create(e)}>
          <SelectField label={t("admin.classes.grade")} value={grade} onChange={(e) => setGrade(e.target.value)} error={fieldError(t, error, "grade")}>
            {Array.from({ length: max }, (_, i) => String(i + 1)).map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </SelectField>
          <Field
            label={t("admin.classes.letter")}
            hint={t("admin.classes.letterHint")}
            value={letter}
            maxLength={2}
            required
            onChange={(e) => setLetter(e.target.value)}
            error={fieldError(t, error, "letter")}
          />
          <SelectField label={t("admin.classes.teacher")} value={teacher} onChange={(e) => setTeacher(e.target.value)} error={fieldError(t, error, "class_teacher_membership_id")}>
            <TeacherOptions teachers={teachers} />
          </SelectField>
          <div>
            <button type="submit" className="primary">
              {t("admin.classes.create")}
            </button>
          </div>
        </form>
      </details>
      {error ? <Alert>{formError(t, error)}</Alert> : null}
    </section>
  );
}

function Groups({ kind, teachers }: { kind: "study" | "department"; teachers: Member[] }) {
  const t = useT();
  const admin = useAdmin();
  const confirm = useConfirm();
  const groups = useLoad(
    () =>
      ok(api.GET("/api/v1/orgs/{org_id}/groups", { params: { path: { org_id: admin.orgId }, query: { kind } } })),
    [admin.orgId, kind],
  );
  const [name, setName] = useState("");
  const [lead, setLead] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const h = `groups-${kind}`;

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    try {
      const g = await ok(
        api.POST("/api/v1/orgs/{org_id}/groups", {
          params: { path: { org_id: admin.orgId } },
          body: { kind, name: name.trim(), description: "", lead_membership_id: lead || null },
        }),
      );
      setName("");
      groups.set((l) => [...l, g]);
      setNote(t("admin.groups.created", { name: g.name }));
    } catch (err) {
      setError(err);
    }
  };

  const archive = async (g: Group) => {
    const sure = await confirm({
      title: t("admin.groups.archiveTitle", { name: g.name }),
      body: t("admin.groups.archiveBody"),
      action: t("admin.groups.archive"),
      danger: true,
    });
    if (!sure) return;
    setError(null);
    try {
      await ok(
        api.DELETE("/api/v1/orgs/{org_id}/groups/{group_id}", {
          params: { path: { org_id: admin.orgId, group_id: g.id } },
        }),
      );
      groups.set((l) => l.filter((x) => x.id !== g.id));
      setNote(t("admin.groups.archived", { name: g.name }));
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section aria-labelledby={h} className="adm-card">
      <h2 id={h}>{t(kind === "study" ? "admin.groups.studyTitle" : "admin.groups.deptTitle")}</h2>
      <LoadState state={groups}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t(kind === "study" ? "admin.groups.noneStudy" : "admin.groups.noneDept")}</p>
          ) : (
            <ul className="adm-list">
              {list.map((g) => (
                <li key={g.id} className="adm-item">
                  <div className="adm-item-main">
                    <p className="adm-item-title">{g.name}</p>
                    <p className="adm-meta">
                      {[t("admin.groups.members", { count: g.member_count }), g.lead ? t("admin.groups.lead", { name: g.lead.name }) : null]
                        .filter(Boolean)
                        .join(" · ")}
                    </p>
                  </div>
                  <div className="adm-actions">
                    <button type="button" className="small danger" onClick={() => void archive(g)}>
                      {t("admin.groups.archive")}
                      <span className="sr-only">: {g.name}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      <StatusNote text={note} />
      <details className="adm-add">
        <summary>{t(kind === "study" ? "admin.groups.addStudy" : "admin.groups.addDept")}</summary>
        <form className="adm-form" onSubmit={(e) => void create(e)}>
          <Field label={t("admin.groups.name")} value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} error={fieldError(t, error, "name")} />
          <SelectField label={t("admin.groups.leadField")} value={lead} onChange={(e) => setLead(e.target.value)} error={fieldError(t, error, "lead_membership_id")}>
            <TeacherOptions teachers={teachers} />
          </SelectField>
          <div>
            <button type="submit" className="primary">
              {t("admin.groups.create")}
            </button>
          </div>
        </form>
      </details>
      {error ? <Alert>{formError(t, error)}</Alert> : null}
    </section>
  );
}
