// Who is in a study group or a department: the list (with "remove") and a name search to add
// people. Departments take staff only; the search offers only those.
import { useEffect, useId, useState } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Field } from "../../components/ui";
import { useT } from "../../i18n";
import { Avatar } from "../profile/Avatar";
import { useAdmin } from "./AdminConsole";
import { LoadState, roleLabel, useLoad, type Action } from "./kit";

type Member = Schemas["MemberBrief"];
type Group = Schemas["GroupOut"];
const STAFF = new Set(["admin", "head", "teacher", "staff"]);

export function GroupMembers({ group, onCount, act }: { group: Group; onCount(delta: number): void; act: Action }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <details className="adm-sub" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t("admin.groups.manageMembers")}
        <span className="sr-only">: {group.name}</span>
      </summary>
      {open && <MemberEditor group={group} onCount={onCount} act={act} />}
    </details>
  );
}

function MemberEditor({ group, onCount, act }: { group: Group; onCount(delta: number): void; act: Action }) {
  const t = useT();
  const admin = useAdmin();
  const listId = useId();
  const members = useLoad(
    () =>
      ok(
        api.GET("/api/v1/orgs/{org_id}/groups/{group_id}/members", {
          params: { path: { org_id: admin.orgId, group_id: group.id } },
        }),
      ),
    [admin.orgId, group.id],
  );
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const id = window.setTimeout(() => setQuery(q.trim()), 300);
    return () => window.clearTimeout(id);
  }, [q]);
  const found = useLoad(
    () =>
      query
        ? ok(
            api.GET("/api/v1/orgs/{org_id}/members", {
              params: { path: { org_id: admin.orgId }, query: { q: query, limit: 20 } },
            }),
          ).then((p) => p.items)
        : Promise.resolve([] as Member[]),
    [admin.orgId, query],
  );
  const inGroup = new Set((members.data ?? []).map((m) => m.membership_id));
  const candidates = (found.data ?? []).filter(
    (m) => !inGroup.has(m.membership_id) && (group.kind !== "department" || STAFF.has(m.role)),
  );

  const add = (m: Member) =>
    void act.run(
      () =>
        ok(
          api.POST("/api/v1/orgs/{org_id}/groups/{group_id}/members", {
            params: { path: { org_id: admin.orgId, group_id: group.id } },
            body: { membership_id: m.membership_id },
          }),
        ),
      {
        then: (added) => {
          members.set((l) => [...l, added].sort((a, b) => a.name.localeCompare(b.name, "ru")));
          onCount(1);
          setQ("");
          setQuery("");
          return t("admin.groups.memberAdded", { name: m.name, group: group.name });
        },
      },
    );

  const remove = (m: Member) =>
    void act.run(
      () =>
        ok(
          api.DELETE("/api/v1/orgs/{org_id}/groups/{group_id}/members/{membership_id}", {
            params: { path: { org_id: admin.orgId, group_id: group.id, membership_id: m.membership_id } },
          }),
        ),
      {
        then: () => {
          members.set((l) => l.filter((x) => x.membership_id !== m.membership_id));
          onCount(-1);
          return t("admin.groups.memberRemoved", { name: m.name, group: group.name });
        },
      },
    );

  return (
    <div className="stack adm-group-members">
      <LoadState state={members}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t("admin.groups.noMembers")}</p>
          ) : (
            <ul className="adm-plain adm-people" aria-label={t("admin.groups.membersOf", { name: group.name })}>
              {list.map((m) => (
                <li key={m.membership_id}>
                  <Avatar name={m.name} url={m.avatar_url} size={28} />
                  <span className="adm-name">{m.name}</span>
                  <span className="adm-meta">{[roleLabel(t, m.role), m.class_label].filter(Boolean).join(" · ")}</span>
                  <button
                    type="button"
                    className="small"
                    onClick={() => remove(m)}
                    aria-label={t("admin.groups.removeWho", { name: m.name, group: group.name })}
                  >
                    {t("admin.groups.remove")}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      <Field
        label={t("admin.groups.findLabel", { name: group.name })}
        hint={group.kind === "department" ? t("admin.groups.staffOnly") : undefined}
        type="search"
        autoComplete="off"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        aria-controls={listId}
      />
      <div id={listId} aria-live="polite">
        {query && found.data !== null && candidates.length === 0 && <p className="muted">{t("admin.groups.noMatches")}</p>}
        {candidates.length > 0 && (
          <ul className="adm-plain adm-people" aria-label={t("admin.groups.found")}>
            {candidates.map((m) => (
              <li key={m.membership_id}>
                <Avatar name={m.name} url={m.avatar_url} size={28} />
                <span className="adm-name">{m.name}</span>
                <span className="adm-meta">{[roleLabel(t, m.role), m.class_label].filter(Boolean).join(" · ")}</span>
                <button
                  type="button"
                  className="small primary"
                  onClick={() => add(m)}
                  aria-label={t("admin.groups.addWho", { name: m.name, group: group.name })}
                >
                  {t("admin.groups.add")}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
