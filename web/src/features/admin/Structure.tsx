// The school's structure: academic years (new, make current, finish with promotion),
// classes of any year (a year selector; class teacher, students and moving them to another
// class of the current year, delete when empty), study groups and departments (create,
// archive, who is in them).
import { useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useT } from "../../i18n";
import { Avatar } from "../profile/Avatar";
import { useAdmin } from "./AdminConsole";
import { GroupMembers } from "./GroupMembers";
import { LoadState, SelectField, StatusNote, dateOnly, fieldError, formError, useAction, useLang, useLoad, type Loaded } from "./kit";

type Member = Schemas["MemberBrief"];
type ClassOut = Schemas["ClassOut"];
type Group = Schemas["GroupOut"];
type Year = Schemas["YearOut"];

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
  const years = useLoad(
    () => ok(api.GET("/api/v1/orgs/{org_id}/academic-years", { params: { path: { org_id: admin.orgId } } })),
    [admin.orgId],
  );
  const staff = teachers.data ?? [];
  return (
    <div className="stack adm-sections">
      <Years years={years} />
      <Classes teachers={staff} years={years.data ?? []} />
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

function Years({ years }: { years: Loaded<Year[]> }) {
  const t = useT();
  const lang = useLang();
  const admin = useAdmin();
  const act = useAction();
  const def = nextSeptember();
  const [starts, setStarts] = useState(def.starts);
  const [ends, setEnds] = useState(def.ends);
  const [makeCurrent, setMakeCurrent] = useState(false);
  const changed = () => {
    years.reload();
    admin.reloadClasses();
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void act.run(
      () =>
        ok(
          api.POST("/api/v1/orgs/{org_id}/academic-years", {
            params: { path: { org_id: admin.orgId } },
            body: { starts_on: starts, ends_on: ends, make_current: makeCurrent },
          }),
        ),
      {
        then: (y) => {
          changed();
          return t("admin.years.created", { name: y.name });
        },
      },
    );
  };

  const makeCurrentYear = (y: Year) =>
    void act.run(
      () =>
        ok(
          api.POST("/api/v1/orgs/{org_id}/academic-years/{year_id}/make-current", {
            params: { path: { org_id: admin.orgId, year_id: y.id } },
          }),
        ),
      {
        then: () => {
          changed();
          return t("admin.years.madeCurrent", { name: y.name });
        },
      },
    );

  const finish = (y: Year) =>
    void act.run(
      () =>
        ok(
          api.POST("/api/v1/orgs/{org_id}/academic-years/{year_id}/finish", {
            params: { path: { org_id: admin.orgId, year_id: y.id } },
            body: {},
          }),
        ),
      {
        confirm: {
          title: t("admin.years.finishTitle", { name: y.name }),
          body: t("admin.years.finishBody"),
          action: t("admin.years.finish"),
          danger: true,
        },
        then: (r) => {
          changed();
          return t("admin.years.finished", {
            promoted: r.promoted_classes,
            graduated: r.graduated_classes,
            moved: r.moved_students,
          });
        },
      },
    );

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
                      <button type="button" className="small" onClick={() => makeCurrentYear(y)}>
                        {t("admin.years.makeCurrent")}
                        <span className="sr-only">: {y.name}</span>
                      </button>
                    )}
                    {y.is_current && (
                      <button type="button" className="small danger" onClick={() => finish(y)}>
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
      <StatusNote text={act.note} />
      <details className="adm-add">
        <summary>{t("admin.years.add")}</summary>
        <form className="adm-form" onSubmit={create}>
          <Field label={t("admin.years.starts")} type="date" value={starts} required onChange={(e) => setStarts(e.target.value)} error={fieldError(t, act.error, "starts_on")} />
          <Field label={t("admin.years.ends")} type="date" value={ends} required onChange={(e) => setEnds(e.target.value)} error={fieldError(t, act.error, "ends_on")} />
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
      {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
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

function Classes({ teachers, years }: { teachers: Member[]; years: Year[] }) {
  const t = useT();
  const admin = useAdmin();
  const act = useAction();
  const current = years.find((y) => y.is_current) ?? null;
  const [yearId, setYearId] = useState<string>("");
  // "" is the current year: its classes come with the console (admin.classes).
  const chosen = yearId && yearId !== current?.id ? (years.find((y) => y.id === yearId) ?? null) : null;
  const other = useLoad(
    () =>
      chosen
        ? ok(api.GET("/api/v1/orgs/{org_id}/classes", { params: { path: { org_id: admin.orgId }, query: { year_id: chosen.id } } }))
        : Promise.resolve(null),
    [admin.orgId, chosen?.id],
  );
  const max = admin.org.settings.max_grade;
  const [grade, setGrade] = useState("5");
  const [letter, setLetter] = useState("");
  const [teacher, setTeacher] = useState("");
  const isCurrent = chosen === null;
  const finished = chosen?.finished_at != null;
  const all = isCurrent ? admin.classes : (other.data ?? []);
  const classes = isCurrent ? all.filter((c) => !c.archived) : all;
  const currentClasses = admin.classes.filter((c) => !c.archived);
  const reload = () => {
    admin.reloadClasses();
    if (!isCurrent) other.reload();
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    void act.run(
      () =>
        ok(
          api.POST("/api/v1/orgs/{org_id}/classes", {
            params: { path: { org_id: admin.orgId } },
            body: {
              grade: Number(grade),
              letter: letter.trim(),
              class_teacher_membership_id: teacher || null,
              year_id: chosen?.id ?? null,
            },
          }),
        ),
      {
        then: (c) => {
          setLetter("");
          reload();
          return t("admin.classes.created", { label: c.label });
        },
      },
    );
  };

  const setClassTeacher = (c: ClassOut, id: string) =>
    void act.run(
      () =>
        ok(
          api.PATCH("/api/v1/orgs/{org_id}/classes/{class_id}", {
            params: { path: { org_id: admin.orgId, class_id: c.id } },
            body: { class_teacher_membership_id: id || null },
          }),
        ),
      {
        then: () => {
          reload();
          return t("admin.classes.teacherSaved", { label: c.label });
        },
      },
    );

  const remove = (c: ClassOut) =>
    void act.run(
      () =>
        ok(
          api.DELETE("/api/v1/orgs/{org_id}/classes/{class_id}", {
            params: { path: { org_id: admin.orgId, class_id: c.id } },
          }),
        ),
      {
        confirm: {
          title: t("admin.classes.deleteTitle", { label: c.label }),
          body: t("admin.classes.deleteBody"),
          action: t("admin.classes.delete"),
          danger: true,
        },
        then: () => {
          reload();
          return t("admin.classes.deleted", { label: c.label });
        },
      },
    );

  const list =
    classes.length === 0 ? (
      <p className="muted">{t("admin.classes.none")}</p>
    ) : (
      <ul className="adm-list">
        {classes.map((c) => (
          <li key={c.id} className="adm-item adm-item-wrap" data-class={c.label}>
            <div className="adm-item-main">
              <p className="adm-item-title">
                <span>{c.label}</span>
                {c.archived && <span className="adm-badge">{t("admin.classes.archived")}</span>}
              </p>
              <p className="adm-meta">
                {[t("admin.classes.students", { count: c.student_count }), !isCurrent && c.class_teacher ? c.class_teacher.name : null]
                  .filter(Boolean)
                  .join(" · ")}
              </p>
            </div>
            {!c.archived && (
              <div className="adm-actions adm-actions-wide">
                <SelectField
                  label={t("admin.classes.teacherOf", { label: c.label })}
                  value={c.class_teacher?.membership_id ?? ""}
                  onChange={(e) => setClassTeacher(c, e.target.value)}
                >
                  {c.class_teacher && !teachers.some((m) => m.membership_id === c.class_teacher?.membership_id) && (
                    <option value={c.class_teacher.membership_id}>{c.class_teacher.name}</option>
                  )}
                  <TeacherOptions teachers={teachers} />
                </SelectField>
                <button
                  type="button"
                  className="small danger"
                  onClick={() => remove(c)}
                  aria-label={t("admin.classes.deleteWho", { label: c.label })}
                >
                  {t("admin.classes.delete")}
                </button>
              </div>
            )}
            {c.student_count > 0 && (
              <ClassStudents
                cls={c}
                targets={isCurrent ? currentClasses.filter((x) => x.id !== c.id) : []}
                onMoved={(name, to) => {
                  reload();
                  act.setNote(t("admin.classes.moved", { name, label: to.label }));
                }}
                onError={act.setError}
              />
            )}
          </li>
        ))}
      </ul>
    );

  return (
    <section aria-labelledby="classes-h" className="adm-card">
      <h2 id="classes-h">{t("admin.classes.title")}</h2>
      {years.length > 1 && (
        <div className="adm-filters">
          <SelectField label={t("admin.classes.year")} value={chosen?.id ?? ""} onChange={(e) => setYearId(e.target.value)}>
            <option value="">{current ? t("admin.classes.yearCurrent", { name: current.name }) : t("admin.classes.yearNone")}</option>
            {years
              .filter((y) => !y.is_current)
              .map((y) => (
                <option key={y.id} value={y.id}>
                  {y.finished_at ? t("admin.classes.yearFinished", { name: y.name }) : y.name}
                </option>
              ))}
          </SelectField>
        </div>
      )}
      {chosen && (
        <p className="hint">
          {finished ? t("admin.classes.finishedNote", { name: chosen.name }) : t("admin.classes.otherYearNote", { name: chosen.name })}
        </p>
      )}
      {isCurrent ? list : <LoadState state={other}>{() => list}</LoadState>}
      <StatusNote text={act.note} />
      {!finished && (
        <details className="adm-add">
          <summary>{chosen ? t("admin.classes.addTo", { name: chosen.name }) : t("admin.classes.add")}</summary>
          <form className="adm-form" onSubmit={create}>
            <SelectField label={t("admin.classes.grade")} value={grade} onChange={(e) => setGrade(e.target.value)} error={fieldError(t, act.error, "grade")}>
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
              error={fieldError(t, act.error, "letter")}
            />
            <SelectField label={t("admin.classes.teacher")} value={teacher} onChange={(e) => setTeacher(e.target.value)} error={fieldError(t, act.error, "class_teacher_membership_id")}>
              <TeacherOptions teachers={teachers} />
            </SelectField>
            <div>
              <button type="submit" className="primary">
                {t("admin.classes.create")}
              </button>
            </div>
          </form>
        </details>
      )}
      {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
    </section>
  );
}

/** A class's students (on demand), each movable to another class of the current year. */
function ClassStudents({
  cls,
  targets,
  onMoved,
  onError,
}: {
  cls: ClassOut;
  targets: ClassOut[];
  onMoved(name: string, to: ClassOut): void;
  onError(err: unknown): void;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <details className="adm-sub" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t("admin.classes.showStudents")}
        <span className="sr-only"> {cls.label}</span>
      </summary>
      {open && <StudentList cls={cls} targets={targets} onMoved={onMoved} onError={onError} />}
    </details>
  );
}

function StudentList({
  cls,
  targets,
  onMoved,
  onError,
}: {
  cls: ClassOut;
  targets: ClassOut[];
  onMoved(name: string, to: ClassOut): void;
  onError(err: unknown): void;
}) {
  const t = useT();
  const admin = useAdmin();
  const detail = useLoad(
    () => ok(api.GET("/api/v1/orgs/{org_id}/classes/{class_id}", { params: { path: { org_id: admin.orgId, class_id: cls.id } } })),
    [admin.orgId, cls.id],
  );
  const [to, setTo] = useState<Record<string, string>>({});

  const move = async (m: Member) => {
    const target = targets.find((c) => c.id === to[m.membership_id]);
    if (!target) return;
    onError(null);
    try {
      await ok(
        api.POST("/api/v1/orgs/{org_id}/members/{membership_id}/move", {
          params: { path: { org_id: admin.orgId, membership_id: m.membership_id } },
          body: { class_id: target.id },
        }),
      );
      detail.set((d) => ({ ...d, students: d.students.filter((s) => s.membership_id !== m.membership_id) }));
      onMoved(m.name, target);
    } catch (err) {
      onError(err);
    }
  };

  return (
    <LoadState state={detail}>
      {(d) =>
        d.students.length === 0 ? (
          <p className="muted">{t("admin.classes.noStudents")}</p>
        ) : (
          <ul className="adm-plain adm-students" aria-label={t("admin.classes.studentsOf", { label: cls.label })}>
            {d.students.map((m) => (
              <li key={m.membership_id} data-student={m.name}>
                <Avatar name={m.name} url={m.avatar_url} size={28} />
                <span className="adm-name">{m.name}</span>
                {m.status !== "active" && <span className="adm-badge">{t(`admin.status.${m.status}`)}</span>}
                {targets.length > 0 && (
                  <span className="adm-move">
                    <SelectField
                      label={t("admin.classes.moveTo", { name: m.name })}
                      value={to[m.membership_id] ?? ""}
                      onChange={(e) => setTo({ ...to, [m.membership_id]: e.target.value })}
                    >
                      <option value="">{t("admin.classes.moveChoose")}</option>
                      {targets.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.label}
                        </option>
                      ))}
                    </SelectField>
                    <button
                      type="button"
                      className="small"
                      disabled={!to[m.membership_id]}
                      onClick={() => void move(m)}
                      aria-label={t("admin.classes.moveWho", { name: m.name })}
                    >
                      {t("admin.classes.move")}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )
      }
    </LoadState>
  );
}

function Groups({ kind, teachers }: { kind: "study" | "department"; teachers: Member[] }) {
  const t = useT();
  const admin = useAdmin();
  const act = useAction();
  const groups = useLoad(
    () =>
      ok(api.GET("/api/v1/orgs/{org_id}/groups", { params: { path: { org_id: admin.orgId }, query: { kind } } })),
    [admin.orgId, kind],
  );
  const [name, setName] = useState("");
  const [lead, setLead] = useState("");
  const h = `groups-${kind}`;

  const create = (e: FormEvent) => {
    e.preventDefault();
    void act.run(
      () =>
        ok(
          api.POST("/api/v1/orgs/{org_id}/groups", {
            params: { path: { org_id: admin.orgId } },
            body: { kind, name: name.trim(), description: "", lead_membership_id: lead || null },
          }),
        ),
      {
        then: (g) => {
          setName("");
          groups.set((l) => [...l, g]);
          return t("admin.groups.created", { name: g.name });
        },
      },
    );
  };

  const archive = (g: Group) =>
    void act.run(
      () =>
        ok(
          api.DELETE("/api/v1/orgs/{org_id}/groups/{group_id}", {
            params: { path: { org_id: admin.orgId, group_id: g.id } },
          }),
        ),
      {
        confirm: {
          title: t("admin.groups.archiveTitle", { name: g.name }),
          body: t("admin.groups.archiveBody"),
          action: t("admin.groups.archive"),
          danger: true,
        },
        then: () => {
          groups.set((l) => l.filter((x) => x.id !== g.id));
          return t("admin.groups.archived", { name: g.name });
        },
      },
    );

  const counted = (g: Group, delta: number) =>
    groups.set((l) => l.map((x) => (x.id === g.id ? { ...x, member_count: x.member_count + delta } : x)));

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
                <li key={g.id} className="adm-item adm-item-wrap" data-group={g.name}>
                  <div className="adm-item-main">
                    <p className="adm-item-title">{g.name}</p>
                    <p className="adm-meta">
                      {[t("admin.groups.members", { count: g.member_count }), g.lead ? t("admin.groups.lead", { name: g.lead.name }) : null]
                        .filter(Boolean)
                        .join(" · ")}
                    </p>
                  </div>
                  <div className="adm-actions">
                    <button type="button" className="small danger" onClick={() => archive(g)}>
                      {t("admin.groups.archive")}
                      <span className="sr-only">: {g.name}</span>
                    </button>
                  </div>
                  <GroupMembers group={g} onCount={(d) => counted(g, d)} act={act} />
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      <StatusNote text={act.note} />
      <details className="adm-add">
        <summary>{t(kind === "study" ? "admin.groups.addStudy" : "admin.groups.addDept")}</summary>
        <form className="adm-form" onSubmit={create}>
          <Field label={t("admin.groups.name")} value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} error={fieldError(t, act.error, "name")} />
          <SelectField label={t("admin.groups.leadField")} value={lead} onChange={(e) => setLead(e.target.value)} error={fieldError(t, act.error, "lead_membership_id")}>
            <TeacherOptions teachers={teachers} />
          </SelectField>
          <div>
            <button type="submit" className="primary">
              {t("admin.groups.create")}
            </button>
          </div>
        </form>
      </details>
      {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
    </section>
  );
}
