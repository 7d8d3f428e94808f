// Members: filters (role, class, status, name), role change, verification (the badge) and
// removal. Administrators manage; the head verifies and looks.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useT } from "../../i18n";
import { Avatar } from "../profile/Avatar";
import { useAdmin } from "./AdminConsole";
import { type RoleName } from "./access";
import { LoadState, SelectField, StatusNote, VerifiedBadge, formError, roleLabel, useConfirm, useLoad } from "./kit";

type Member = Schemas["MemberBrief"];
type Status = Member["status"];
const ROLES: RoleName[] = ["admin", "head", "teacher", "staff", "student", "parent"];
const VERIFIABLE = new Set(["teacher", "staff", "head"]);

export default function Members() {
  const t = useT();
  const admin = useAdmin();
  const confirm = useConfirm();
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const [role, setRole] = useState<RoleName | "">("");
  const [classId, setClassId] = useState("");
  const [status, setStatus] = useState<Status | "">("");
  const [more, setMore] = useState<{ items: Member[]; cursor: string | null } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Member | null>(null);

  // The search waits for a pause in typing.
  useEffect(() => {
    const id = window.setTimeout(() => setQuery(q.trim()), 300);
    return () => window.clearTimeout(id);
  }, [q]);

  const page = useLoad(
    () =>
      ok(
        api.GET("/api/v1/orgs/{org_id}/members", {
          params: {
            path: { org_id: admin.orgId },
            query: {
              q: query || null,
              role: role || null,
              class_id: classId || null,
              status: status || null,
              limit: 50,
            },
          },
        }),
      ),
    [admin.orgId, query, role, classId, status],
  );
  useEffect(() => setMore(null), [page.data]);

  const items = [...(page.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (page.data?.next_cursor ?? null);

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const next = await ok(
        api.GET("/api/v1/orgs/{org_id}/members", {
          params: {
            path: { org_id: admin.orgId },
            query: { q: query || null, role: role || null, class_id: classId || null, status: status || null, cursor, limit: 50 },
          },
        }),
      );
      setMore({ items: [...(more?.items ?? []), ...next.items], cursor: next.next_cursor ?? null });
    } catch (err) {
      setActionError(err);
    }
  };

  const replace = (m: Member) => {
    page.set((p) => ({ ...p, items: p.items.map((x) => (x.membership_id === m.membership_id ? m : x)) }));
    setMore((cur) => cur && { ...cur, items: cur.items.map((x) => (x.membership_id === m.membership_id ? m : x)) });
  };
  const drop = (id: string) => {
    page.set((p) => ({ ...p, items: p.items.filter((x) => x.membership_id !== id) }));
    setMore((cur) => cur && { ...cur, items: cur.items.filter((x) => x.membership_id !== id) });
  };

  const act = async (fn: () => Promise<void>) => {
    setActionError(null);
    setNote(null);
    try {
      await fn();
    } catch (err) {
      setActionError(err);
    }
  };

  const verify = (m: Member, on: boolean) =>
    act(async () => {
      const path = on
        ? "/api/v1/orgs/{org_id}/members/{membership_id}/verify"
        : "/api/v1/orgs/{org_id}/members/{membership_id}/unverify";
      const updated = await ok(api.POST(path, { params: { path: { org_id: admin.orgId, membership_id: m.membership_id } } }));
      replace(updated);
      setNote(t(on ? "admin.members.verifiedNote" : "admin.members.unverifiedNote", { name: m.name }));
    });

  const remove = async (m: Member) => {
    const yes = await confirm({
      title: t("admin.members.removeTitle", { name: m.name }),
      body: t("admin.members.removeBody"),
      action: t("admin.members.remove"),
      danger: true,
    });
    if (!yes) return;
    await act(async () => {
      await ok(
        api.DELETE("/api/v1/orgs/{org_id}/members/{membership_id}", {
          params: { path: { org_id: admin.orgId, membership_id: m.membership_id } },
        }),
      );
      drop(m.membership_id);
      setNote(t("admin.members.removedNote", { name: m.name }));
    });
  };

  const statuses: Status[] = ["active", "alumni"];
  if (admin.can("see_pending")) statuses.push("pending");
  if (admin.can("manage_members")) statuses.push("removed");

  return (
    <div className="stack">
      <form className="adm-filters" role="search" aria-label={t("admin.members.filters")} onSubmit={(e) => e.preventDefault()}>
        <Field label={t("admin.members.search")} type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        <SelectField label={t("admin.members.role")} value={role} onChange={(e) => setRole(e.target.value as RoleName | "")}>
          <option value="">{t("admin.any")}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("admin.members.class")} value={classId} onChange={(e) => setClassId(e.target.value)}>
          <option value="">{t("admin.any")}</option>
          {admin.classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("admin.members.status")} value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
          <option value="">{t("admin.members.statusDefault")}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {t(`admin.status.${s}`)}
            </option>
          ))}
        </SelectField>
      </form>
      <StatusNote text={note} />
      {actionError ? <Alert>{formError(t, actionError)}</Alert> : null}
      <LoadState state={page}>
        {() =>
          items.length === 0 ? (
            <p className="muted">{t("admin.members.none")}</p>
          ) : (
            <>
              <p className="muted" aria-live="polite">
                {t("admin.members.shown", { count: items.length })}
              </p>
              <ul className="adm-list" aria-label={t("admin.members.list")}>
                {items.map((m) => (
                  <li key={m.membership_id} className="adm-item" data-member={m.membership_id}>
                    <Avatar name={m.name} url={m.avatar_url} size={36} />
                    <div className="adm-item-main">
                      <p className="adm-item-title">
                        <span className="adm-name">{m.name}</span>
                        {m.verified && <VerifiedBadge />}
                        {m.status !== "active" && <span className="adm-badge">{t(`admin.status.${m.status}`)}</span>}
                      </p>
                      <p className="adm-meta">
                        {[roleLabel(t, m.role), m.class_label, m.title].filter(Boolean).join(" · ")}
                        {VERIFIABLE.has(m.role) && !m.verified && m.status === "active" && (
                          <> · {t("admin.members.notVerified")}</>
                        )}
                      </p>
                    </div>
                    {m.status === "active" && (
                      <div className="adm-actions">
                        {admin.can("verify_staff") && VERIFIABLE.has(m.role) && (
                          <button
                            type="button"
                            className={m.verified ? "small" : "small primary"}
                            onClick={() => void verify(m, !m.verified)}
                            aria-label={t(m.verified ? "admin.members.unverifyWho" : "admin.members.verifyWho", { name: m.name })}
                          >
                            {t(m.verified ? "admin.members.unverify" : "admin.members.verify")}
                          </button>
                        )}
                        {admin.can("manage_members") && (
                          <>
                            <button
                              type="button"
                              className="small"
                              onClick={() => setEditing(m)}
                              aria-label={t("admin.members.changeRoleWho", { name: m.name })}
                            >
                              {t("admin.members.changeRole")}
                            </button>
                            <button
                              type="button"
                              className="small danger"
                              onClick={() => void remove(m)}
                              aria-label={t("admin.members.removeWho", { name: m.name })}
                            >
                              {t("admin.members.remove")}
                            </button>
                          </>
                        )}
                      </div>
                    )}
                  </li>
                ))}
              </ul>
              {cursor && (
                <p>
                  <button type="button" onClick={() => void loadMore()}>
                    {t("admin.showMore")}
                  </button>
                </p>
              )}
            </>
          )
        }
      </LoadState>
      {editing && (
        <RoleDialog
          member={editing}
          onClose={() => setEditing(null)}
          onSaved={(m) => {
            replace(m);
            setEditing(null);
            setNote(t("admin.members.roleChangedNote", { name: m.name, role: roleLabel(t, m.role) }));
          }}
        />
      )}
    </div>
  );
}

function RoleDialog({ member, onClose, onSaved }: { member: Member; onClose(): void; onSaved(m: Member): void }) {
  const t = useT();
  const admin = useAdmin();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [role, setRole] = useState<RoleName>(member.role);
  const [title, setTitle] = useState(member.title);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const back = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => back?.focus?.();
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Schemas["MemberPatch"] = {};
      if (role !== member.role) body.role = role;
      if (title !== member.title) body.title = title;
      const m = await ok(
        api.PATCH("/api/v1/orgs/{org_id}/members/{membership_id}", {
          params: { path: { org_id: admin.orgId, membership_id: member.membership_id } },
          body,
        }),
      );
      onSaved(m);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-t`} onClose={onClose}>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <h2 id={`${id}-t`}>{t("admin.members.roleTitle", { name: member.name })}</h2>
        <SelectField label={t("admin.members.role")} value={role} onChange={(e) => setRole(e.target.value as RoleName)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </SelectField>
        {role !== member.role && <Alert kind="info">{t("admin.members.roleWarning")}</Alert>}
        <Field
          label={t("admin.members.titleField")}
          hint={t("admin.members.titleHint")}
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
        />
        {error ? <Alert>{formError(t, error)}</Alert> : null}
        <div className="dialog-actions">
          <button type="button" onClick={() => ref.current?.close()}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t("admin.save")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
