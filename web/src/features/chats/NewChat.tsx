// Starting chats: "Написать лично" lists only the people the school's direct-message
// policy lets me write to (GET /chats/direct/candidates); "Новая группа" (verified staff)
// picks members of the organisation (GET /members).
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { navigate } from "../../app/router";
import { Alert, Field, errorText } from "../../components/ui";
import { useI18n, type Key, type T } from "../../i18n";
import { NewChannelButton } from "../channels/NewChannelButton";

type Candidate = Schemas["DirectCandidate"];
type MemberBrief = Schemas["MemberBrief"];
const STAFF = new Set(["admin", "head", "teacher", "staff"]);

export function isVerifiedStaff(roles: readonly { role: string; verified: boolean }[]): boolean {
  return roles.some((r) => STAFF.has(r.role) && (r.verified || r.role === "admin"));
}

/** Search as you type, a moment after the typing stops. */
function useDebounced<V>(value: V, ms = 250): V {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

function roleText(t: T, roles: readonly string[], verified: boolean, classLabel?: string | null): string {
  const parts = roles.map((r) => t(`role.${r}` as Key));
  if (classLabel) parts.push(classLabel);
  if (verified) parts.push(t("chat.verified"));
  return parts.join(" · ");
}

export function NewChatButtons({ orgId, staff, admin = false }: { orgId: string; staff: boolean; admin?: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<"direct" | "group" | null>(null);
  return (
    <div className="new-chat">
      <button type="button" className="small secondary" aria-haspopup="dialog" onClick={() => setOpen("direct")}>
        <span aria-hidden="true">+</span> {t("new.direct")}
      </button>
      {staff && (
        <button type="button" className="small secondary" aria-haspopup="dialog" onClick={() => setOpen("group")}>
          <span aria-hidden="true">+</span> {t("new.group")}
        </button>
      )}
      {admin && <NewChannelButton orgId={orgId} />}
      {open === "direct" && <DirectDialog orgId={orgId} onClose={() => setOpen(null)} />}
      {open === "group" && <GroupDialog orgId={orgId} onClose={() => setOpen(null)} />}
    </div>
  );
}

function Modal({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog wide-dialog" aria-labelledby="new-chat-title" onClose={onClose}>
      <h2 id="new-chat-title">{title}</h2>
      {children}
    </dialog>
  );
}

function DirectDialog({ orgId, onClose }: { orgId: string; onClose(): void }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const [q, setQ] = useState("");
  const query = useDebounced(q);
  const [people, setPeople] = useState<Candidate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    ok(
      api.GET("/api/v1/orgs/{org_id}/chats/direct/candidates", {
        params: { path: { org_id: orgId }, query: { q: query.trim() || null, limit: 50 } },
      }),
    )
      .then((list) => live && setPeople(list))
      .catch((err: unknown) => live && setError(errorText(t, err)));
    return () => {
      live = false;
    };
  }, [orgId, query, t]);

  const start = async (p: Candidate) => {
    setBusy(true);
    setError(null);
    try {
      const chat = await ok(
        api.POST("/api/v1/orgs/{org_id}/chats/direct", { params: { path: { org_id: orgId } }, body: { account_id: p.account_id } }),
      );
      await runtime.engine.sync();
      onClose();
      navigate(`/chats/${chat.id}`);
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <Modal title={t("new.directTitle")} onClose={onClose}>
      <p className="muted">{t("new.directIntro")}</p>
      <Field label={t("new.search")} hint={t("new.searchHint")} value={q} onChange={(e) => setQ(e.target.value)} autoFocus type="search" />
      <Alert>{error}</Alert>
      {people === null ? (
        <p className="muted" role="status">
          {t("common.loading")}
        </p>
      ) : people.length === 0 ? (
        <p className="muted" role="status">
          {query.trim() ? t("new.none") : t("new.nobody")}
        </p>
      ) : (
        <ul className="pick-list" aria-label={t("new.directTitle")}>
          {people.map((p) => (
            <li key={p.account_id}>
              <button type="button" className="pick" disabled={busy} onClick={() => void start(p)}>
                <span className="pick-title">{p.name}</span>
                <span className="pick-sub">{roleText(t, p.roles, p.verified, p.class_label)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form method="dialog" className="dialog-actions">
        <button type="submit">{t("common.cancel")}</button>
      </form>
    </Modal>
  );
}

function GroupDialog({ orgId, onClose }: { orgId: string; onClose(): void }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [q, setQ] = useState("");
  const query = useDebounced(q);
  const [found, setFound] = useState<MemberBrief[] | null>(null);
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    ok(
      api.GET("/api/v1/orgs/{org_id}/members", {
        params: { path: { org_id: orgId }, query: { q: query.trim() || null, status: "active", limit: 50 } },
      }),
    )
      .then((page) => live && setFound(page.items.filter((m) => m.account_id)))
      .catch((err: unknown) => live && setError(errorText(t, err)));
    return () => {
      live = false;
    };
  }, [orgId, query, t]);

  const toggle = (m: MemberBrief, on: boolean) => {
    setSelected((cur) => {
      const next = new Map(cur);
      if (on) next.set(m.account_id as string, m.name);
      else next.delete(m.account_id as string);
      return next;
    });
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const chat = await ok(
        api.POST("/api/v1/orgs/{org_id}/chats", {
          params: { path: { org_id: orgId } },
          body: { title: title.trim(), description: description.trim(), member_ids: [...selected.keys()] },
        }),
      );
      await runtime.engine.sync();
      onClose();
      navigate(`/chats/${chat.id}`);
    } catch (err) {
      setError(errorText(t, err));
      setBusy(false);
    }
  };

  return (
    <Modal title={t("new.groupTitle")} onClose={onClose}>
      <form className="stack" onSubmit={(e) => void create(e)}>
        <Field label={t("new.groupName")} value={title} required maxLength={200} onChange={(e) => setTitle(e.target.value)} autoFocus />
        <Field
          label={`${t("new.groupDescription")} (${t("common.optional")})`}
          value={description}
          maxLength={1000}
          onChange={(e) => setDescription(e.target.value)}
        />
        <fieldset>
          <legend>{t("new.groupMembers")}</legend>
          <Field label={t("new.search")} hint={t("new.searchHint")} value={q} onChange={(e) => setQ(e.target.value)} type="search" />
          <p className="hint" role="status">
            {t("new.selected", { count: selected.size })}
            {selected.size > 0 && `: ${[...selected.values()].join(", ")}`}
          </p>
          {found === null ? (
            <p className="muted">{t("common.loading")}</p>
          ) : found.length === 0 ? (
            <p className="muted">{t("new.none")}</p>
          ) : (
            <ul className="check-list">
              {found.map((m) => (
                <li key={m.membership_id}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={selected.has(m.account_id as string)}
                      onChange={(e) => toggle(m, e.target.checked)}
                    />
                    <span>
                      {m.name} <span className="muted">· {roleText(t, [m.role], m.verified, m.class_label)}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <Alert>{error}</Alert>
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy || !title.trim()}>
            {t("new.create")}
          </button>
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
