// The administrator's side, for the current organisation: invitations to approve and whom
// to send (every verified teacher, chosen staff, students of chosen classes), changing that,
// leaving, joining with a community's code, and the organisation's own invitation code.
import { useEffect, useId, useMemo, useState, type FormEvent } from "react";
import { useRuntime } from "../../app/AppShell";
import { Alert, Field, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { LoadState, StatusNote, formError, roleLabel, useAction, useLoad } from "../admin/kit";
import { communitiesApi, type Participation, type Selection } from "./api";
import { kindLabel } from "./labels";

export function OrgParticipation({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const list = useLoad(() => communitiesApi.participations(orgId), [orgId]);
  const [editing, setEditing] = useState<string | null>(null);
  const action = useAction();

  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (e.type === "community.participation" && (e.data as { org_id?: string }).org_id === orgId) list.reload();
      }),
    [runtime, orgId, list.reload],
  );

  const withdraw = (p: Participation) =>
    void action.run(() => communitiesApi.withdraw(orgId, p.id), {
      confirm: {
        title: t("communities.admin.withdrawConfirm", { title: p.title }),
        body: t("communities.admin.withdrawBody"),
        action: withdrawLabel(p, t),
        danger: true,
      },
      then: () => {
        list.reload();
        return t("communities.admin.withdrawn");
      },
    });

  return (
    <section className="adm-card" aria-labelledby="comm-admin">
      <h2 id="comm-admin">{t("communities.admin.title")}</h2>
      <p className="hint">{t("communities.admin.intro")}</p>
      {action.error ? <Alert>{errorText(t, action.error)}</Alert> : null}
      <StatusNote text={action.note} />
      <LoadState state={list}>
        {(items) =>
          items.length === 0 ? (
            <p className="muted">{t("communities.admin.none")}</p>
          ) : (
            <ul className="adm-list">
              {items.map((p) => (
                <li key={p.id} className="adm-item adm-item-col">
                  <div className="adm-item-row">
                    <div className="adm-item-main">
                      <h3 className="adm-item-title">
                        {p.title}
                        <span className={p.status === "active" ? "adm-badge ok" : "adm-badge"}>
                          {t(`communities.status.${p.status}` as Key)}
                        </span>
                      </h3>
                      <p className="adm-meta">
                        {kindLabel(t, p.kind)}
                        {p.home ? ` · ${t("communities.admin.ours")}` : p.home_org ? ` · ${t("communities.admin.homeOrg", { name: p.home_org.name })}` : ""}
                        {p.invited_by && !p.home ? ` · ${t("communities.admin.invitedBy", { name: p.invited_by })}` : ""}
                      </p>
                      {p.description && <p className="adm-meta">{p.description}</p>}
                      <p className="adm-meta">
                        {t("communities.admin.orgs", { names: p.orgs.map((o) => o.name).join(", ") || "—" })}
                        {p.status === "active" ? ` · ${t("communities.admin.sends", { count: p.member_count })}` : ""}
                      </p>
                    </div>
                    {["invited", "requested", "active"].includes(p.status) && (
                      <div className="adm-actions">
                        <button
                          type="button"
                          className={p.status === "invited" ? "primary" : undefined}
                          aria-expanded={editing === p.id}
                          aria-label={`${p.status === "invited" ? t("communities.admin.approve") : t("communities.admin.change")}: ${p.title}`}
                          onClick={() => setEditing(editing === p.id ? null : p.id)}
                        >
                          {p.status === "invited" ? t("communities.admin.approve") : t("communities.admin.change")}
                        </button>
                        <button
                          type="button"
                          className="danger"
                          disabled={action.busy}
                          aria-label={`${withdrawLabel(p, t)}: ${p.title}`}
                          onClick={() => withdraw(p)}
                        >
                          {withdrawLabel(p, t)}
                        </button>
                      </div>
                    )}
                  </div>
                  {editing === p.id && (
                    <div className="adm-detail">
                      <ChooseForm
                        orgId={orgId}
                        participation={p}
                        onDone={(note) => {
                          setEditing(null);
                          list.reload();
                          action.setNote(note);
                        }}
                      />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      <JoinForm orgId={orgId} onJoined={list.reload} />
      <OrgCode orgId={orgId} />
    </section>
  );
}

function withdrawLabel(p: Participation, t: (k: Key) => string): string {
  if (p.status === "invited") return t("communities.admin.decline");
  if (p.status === "requested") return t("communities.admin.cancelRequest");
  return t("communities.admin.withdraw");
}

function ChooseForm({
  orgId,
  participation: p,
  onDone,
}: {
  orgId: string;
  participation: Participation;
  onDone(note: string): void;
}) {
  const { t } = useI18n();
  const staff = useLoad(() => communitiesApi.staff(orgId), [orgId]);
  const classes = useLoad(() => communitiesApi.classes(orgId), [orgId]);
  const [all, setAll] = useState(p.all_teachers);
  const [chosen, setChosen] = useState<Set<string>>(new Set(p.staff.map((s) => s.membership_id)));
  const [allowed, setAllowed] = useState<Set<string>>(new Set(p.classes.map((c) => c.id)));
  const [filter, setFilter] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const staffLegend = useId();
  const classLegend = useId();

  const shown = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase();
    const list = staff.data ?? [];
    return q ? list.filter((m) => m.name.toLocaleLowerCase().includes(q)) : list;
  }, [staff.data, filter]);

  const flip = (set: Set<string>, value: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Selection = { all_teachers: all, staff_ids: [...chosen], class_ids: [...allowed] };
    try {
      if (p.status === "invited") {
        await communitiesApi.approve(orgId, p.id, body);
        onDone(t("communities.admin.approved"));
      } else {
        await communitiesApi.choose(orgId, p.id, body);
        onDone(t("communities.admin.saved"));
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="comm-choose stack" onSubmit={(e) => void submit(e)} aria-label={t("communities.admin.choice", { title: p.title })}>
      <label className="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
        {t("communities.admin.allTeachers")}
      </label>
      <fieldset className="comm-fieldset" aria-labelledby={staffLegend}>
        <legend id={staffLegend}>{t("communities.admin.staff")}</legend>
        <Field label={t("communities.admin.filter")} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <LoadState state={staff}>
          {() =>
            shown.length === 0 ? (
              <p className="muted">{t("communities.admin.noStaff")}</p>
            ) : (
              <ul className="comm-checks">
                {shown.map((m) => (
                  <li key={m.membership_id}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={chosen.has(m.membership_id)}
                        onChange={(e) => setChosen((s) => flip(s, m.membership_id, e.target.checked))}
                      />
                      {m.name} <span className="muted">({roleLabel(t, m.role)})</span>
                    </label>
                  </li>
                ))}
              </ul>
            )
          }
        </LoadState>
      </fieldset>
      <fieldset className="comm-fieldset" aria-labelledby={classLegend}>
        <legend id={classLegend}>{t("communities.admin.classes")}</legend>
        <p className="hint">{t("communities.admin.classesHint")}</p>
        <LoadState state={classes}>
          {(list) => {
            const open = list.filter((c) => !c.archived);
            return open.length === 0 ? (
              <p className="muted">{t("communities.admin.noClasses")}</p>
            ) : (
              <ul className="comm-checks comm-classes">
                {open.map((c) => (
                  <li key={c.id}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={allowed.has(c.id)}
                        onChange={(e) => setAllowed((s) => flip(s, c.id, e.target.checked))}
                      />
                      {c.label}
                    </label>
                  </li>
                ))}
              </ul>
            );
          }}
        </LoadState>
      </fieldset>
      {error ? <Alert>{formError(t, error)}</Alert> : null}
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {p.status === "invited" ? t("communities.admin.approve") : t("communities.admin.save")}
        </button>
      </div>
    </form>
  );
}

function JoinForm({ orgId, onJoined }: { orgId: string; onJoined(): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const p = await communitiesApi.join(orgId, { code, all_teachers: false });
      setCode("");
      setNote(p.status === "active" ? t("communities.admin.approved") : t("communities.admin.joined"));
      onJoined();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="adm-add">
      <summary>{t("communities.admin.join")}</summary>
      <form className="adm-form" onSubmit={(e) => void submit(e)}>
        <Field
          label={t("communities.admin.joinCode")}
          hint={t("communities.admin.joinHint")}
          value={code}
          required
          maxLength={32}
          autoComplete="off"
          onChange={(e) => setCode(e.target.value)}
          error={error ? errorText(t, error) : null}
        />
        <div>
          <button type="submit" className="primary" disabled={busy || code.trim().length < 4}>
            {t("communities.admin.joinSubmit")}
          </button>
        </div>
      </form>
      <StatusNote text={note} />
    </details>
  );
}

function OrgCode({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const [code, setCode] = useState<string | null>(null);
  const action = useAction();
  const id = useId();
  const load = (renew: boolean) =>
    void action.run(() => communitiesApi.orgCode(orgId, renew), { then: (r) => void setCode(r.code) });
  return (
    <div className="comm-orgcode">
      <h3 id={`${id}-h`}>{t("communities.admin.orgCode")}</h3>
      <p className="hint">{t("communities.admin.orgCodeHint")}</p>
      {code === null ? (
        <button type="button" disabled={action.busy} onClick={() => load(false)}>
          {t("communities.admin.orgCodeShow")}
        </button>
      ) : (
        <div className="adm-copy">
          <label htmlFor={id} className="sr-only">
            {t("communities.admin.orgCode")}
          </label>
          <input id={id} readOnly value={code} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" disabled={action.busy} onClick={() => load(true)}>
            {t("communities.admin.orgCodeRenew")}
          </button>
        </div>
      )}
      {action.error ? <Alert>{errorText(t, action.error)}</Alert> : null}
    </div>
  );
}
