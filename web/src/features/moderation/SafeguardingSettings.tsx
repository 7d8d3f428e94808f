// Admin console → Policies → Safety and the trust line: the designated safeguarding staff
// (administrators while nobody is), who answers the trust line, and whether every member
// may write to it. Only active, verified staff can be chosen (the server checks too).
import { useEffect, useId, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert } from "../../components/ui";
import { useT } from "../../i18n";
import { useAdmin } from "../admin/AdminConsole";
import { LoadState, StatusNote, formError, useAction, useLoad } from "../admin/kit";
import { safeguarding, saveSafeguarding } from "./api";

type Member = Schemas["MemberBrief"];
const STAFF_ROLES = ["admin", "head", "teacher", "staff"] as const;

async function verifiedStaff(orgId: string): Promise<Member[]> {
  const pages = await Promise.all(
    STAFF_ROLES.map((role) =>
      ok(api.GET("/api/v1/orgs/{org_id}/members", { params: { path: { org_id: orgId }, query: { role, limit: 200 } } })),
    ),
  );
  return pages
    .flatMap((p) => p.items)
    .filter((m) => m.verified && m.status === "active")
    .sort((a, b) => a.name.localeCompare(b.name, "ru"));
}

export function SafeguardingSettings() {
  const t = useT();
  const admin = useAdmin();
  const settings = useLoad(() => safeguarding(admin.orgId), [admin.orgId]);
  const staff = useLoad(() => verifiedStaff(admin.orgId), [admin.orgId]);
  const act = useAction();
  const [leads, setLeads] = useState<string[]>([]);
  const [responders, setResponders] = useState<string[]>([]);
  const [everyone, setEveryone] = useState(false);

  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    setLeads(s.staff.map((m) => m.membership_id));
    setResponders(s.trust_responders.map((m) => m.membership_id));
    setEveryone(s.trust_everyone);
  }, [settings.data]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    void act.run(
      () => saveSafeguarding(admin.orgId, { staff_ids: leads, trust_responder_ids: responders, trust_everyone: everyone }),
      {
        then: (saved) => {
          settings.set(saved);
          return t("admin.saved");
        },
      },
    );
  };

  return (
    <section aria-labelledby="pol-safety" className="adm-card">
      <h2 id="pol-safety">{t("mod.adm.title")}</h2>
      <p className="lead">{t("mod.adm.intro")}</p>
      <LoadState state={settings}>
        {(s) => (
          <form className="stack" onSubmit={save} noValidate>
            {s.admins_by_default && leads.length === 0 && <p className="hint">{t("mod.adm.byDefault")}</p>}
            <PeoplePicker
              legend={t("mod.adm.staff")}
              hint={t("mod.adm.staffHint")}
              chosen={leads}
              onChange={setLeads}
              staff={staff.data ?? []}
            />
            <PeoplePicker
              legend={t("mod.adm.responders")}
              hint={t("mod.adm.respondersHint")}
              chosen={responders}
              onChange={setResponders}
              staff={staff.data ?? []}
            />
            <label className="check">
              <input type="checkbox" checked={everyone} onChange={(e) => setEveryone(e.target.checked)} />
              {t("mod.adm.everyone")}
            </label>
            {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
            <div className="adm-save">
              <button type="submit" className="primary" disabled={act.busy}>
                {t("mod.adm.save")}
              </button>
              <StatusNote text={act.note} />
            </div>
          </form>
        )}
      </LoadState>
    </section>
  );
}

function PeoplePicker({
  legend,
  hint,
  chosen,
  onChange,
  staff,
}: {
  legend: string;
  hint: string;
  chosen: string[];
  onChange(ids: string[]): void;
  staff: Member[];
}) {
  const t = useT();
  const id = useId();
  const [pick, setPick] = useState("");
  const byId = new Map(staff.map((m) => [m.membership_id, m]));
  const left = staff.filter((m) => !chosen.includes(m.membership_id));
  return (
    <fieldset aria-describedby={`${id}-hint`}>
      <legend>{legend}</legend>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {chosen.length === 0 ? (
        <p className="muted">{t("mod.adm.none")}</p>
      ) : (
        <ul className="mod-chosen">
          {chosen.map((mid) => {
            const name = byId.get(mid)?.name ?? "…";
            return (
              <li key={mid}>
                {name}
                {byId.get(mid)?.title ? <span className="muted"> — {byId.get(mid)?.title}</span> : null}
                <button
                  type="button"
                  className="small"
                  aria-label={t("mod.adm.remove", { name })}
                  onClick={() => onChange(chosen.filter((x) => x !== mid))}
                >
                  <span aria-hidden="true">✕</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="mod-add">
        <label htmlFor={`${id}-pick`}>{t("mod.adm.choose")}</label>
        <select id={`${id}-pick`} value={pick} onChange={(e) => setPick(e.target.value)}>
          <option value="">{t("mod.adm.chooseNone")}</option>
          {left.map((m) => (
            <option key={m.membership_id} value={m.membership_id}>
              {m.title ? `${m.name} — ${m.title}` : m.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!pick}
          onClick={() => {
            onChange([...chosen, pick]);
            setPick("");
          }}
        >
          {t("mod.adm.add")}
        </button>
      </div>
    </fieldset>
  );
}
