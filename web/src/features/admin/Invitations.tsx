// Invitation links: create one (role, class, validity, number of uses), copy it or show its
// QR code, see who used it, revoke it. Admins and the head: any role (an administrator link
// only by administrators); class teachers: students and parents of their classes.
import { useId, useRef, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useT } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { type RoleName } from "./access";
import { LoadState, SelectField, StatusNote, dateTime, fieldError, formError, roleLabel, useConfirm, useLang, useLoad } from "./kit";

type Invitation = Schemas["InvitationOut"];
const EXPIRY_HOURS = [24, 72, 168, 720, 2160];
const CLASS_ROLES = new Set<RoleName>(["student", "parent"]);

export default function Invitations() {
  const t = useT();
  const admin = useAdmin();
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useLoad(
    () => ok(api.GET("/api/v1/orgs/{org_id}/invitations", { params: { path: { org_id: admin.orgId } } })),
    [admin.orgId],
  );
  const put = (inv: Invitation) =>
    list.set((l) => (l.some((x) => x.id === inv.id) ? l.map((x) => (x.id === inv.id ? inv : x)) : [inv, ...l]));

  return (
    <div className="stack">
      <CreateForm
        onCreated={(inv) => {
          put(inv);
          setOpenId(inv.id);
        }}
      />
      <section aria-labelledby="inv-list">
        <h2 id="inv-list">{t("admin.inv.listTitle")}</h2>
        <LoadState state={list}>
          {(items) =>
            items.length === 0 ? (
              <p className="muted">{t("admin.inv.none")}</p>
            ) : (
              <ul className="adm-list">
                {items.map((inv) => (
                  <InvitationItem
                    key={inv.id}
                    inv={inv}
                    open={openId === inv.id}
                    onToggle={() => setOpenId(openId === inv.id ? null : inv.id)}
                    onChanged={put}
                  />
                ))}
              </ul>
            )
          }
        </LoadState>
      </section>
    </div>
  );
}

function CreateForm({ onCreated }: { onCreated(inv: Invitation): void }) {
  const t = useT();
  const admin = useAdmin();
  const teacherOnly = !admin.can("invite_any");
  const classes = (teacherOnly ? admin.ledClasses : admin.classes).filter((c) => !c.archived);
  const [role, setRole] = useState<RoleName>(admin.invitable[0] ?? "student");
  const [classId, setClassId] = useState(teacherOnly ? (classes[0]?.id ?? "") : "");
  const [hours, setHours] = useState(168);
  const [uses, setUses] = useState("");
  const [label, setLabel] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [usesError, setUsesError] = useState<string | null>(null);
  const withClass = CLASS_ROLES.has(role);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setUsesError(null);
    const max = uses.trim() === "" ? null : Number(uses);
    if (max !== null && (!Number.isInteger(max) || max < 1 || max > 1000)) {
      setUsesError(t("admin.inv.usesRange"));
      return;
    }
    setBusy(true);
    try {
      const inv = await ok(
        api.POST("/api/v1/orgs/{org_id}/invitations", {
          params: { path: { org_id: admin.orgId } },
          body: {
            role,
            class_id: withClass && classId ? classId : null,
            expires_in_hours: hours,
            max_uses: max,
            label: label.trim(),
          },
        }),
      );
      setLabel("");
      setUses("");
      onCreated(inv);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="inv-new" className="adm-card">
      <h2 id="inv-new">{t("admin.inv.newTitle")}</h2>
      <form className="adm-form" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField label={t("admin.inv.role")} value={role} onChange={(e) => setRole(e.target.value as RoleName)} error={fieldError(t, error, "role")}>
          {admin.invitable.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </SelectField>
        {withClass && (
          <SelectField
            label={t("admin.inv.class")}
            value={classId}
            onChange={(e) => setClassId(e.target.value)}
            hint={role === "parent" ? t("admin.inv.classParentHint") : t("admin.inv.classHint")}
            error={fieldError(t, error, "class_id")}
          >
            {!teacherOnly && <option value="">{t("admin.inv.noClass")}</option>}
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </SelectField>
        )}
        <SelectField label={t("admin.inv.expires")} value={hours} onChange={(e) => setHours(Number(e.target.value))} error={fieldError(t, error, "expires_in_hours")}>
          {EXPIRY_HOURS.map((h) => (
            <option key={h} value={h}>
              {t(`admin.inv.hours.${h}` as "admin.inv.hours.24")}
            </option>
          ))}
        </SelectField>
        <Field
          label={t("admin.inv.maxUses")}
          hint={t("admin.inv.maxUsesHint")}
          inputMode="numeric"
          value={uses}
          onChange={(e) => setUses(e.target.value)}
          error={usesError ?? fieldError(t, error, "max_uses")}
        />
        <Field
          label={`${t("admin.inv.label")} (${t("common.optional")})`}
          hint={t("admin.inv.labelHint")}
          value={label}
          maxLength={100}
          onChange={(e) => setLabel(e.target.value)}
          error={fieldError(t, error, "label")}
        />
        {error && !fieldError(t, error, "role", "class_id", "expires_in_hours", "max_uses", "label") ? (
          <Alert>{formError(t, error)}</Alert>
        ) : null}
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("admin.inv.create")}
          </button>
        </div>
      </form>
    </section>
  );
}

function invTitle(t: ReturnType<typeof useT>, inv: Invitation): string {
  const parts = [roleLabel(t, inv.role)];
  if (inv.class) parts.push(inv.class.label);
  if (inv.label && inv.label !== inv.class?.label) parts.push(`«${inv.label}»`);
  return parts.join(" · ");
}

function InvitationItem({
  inv,
  open,
  onToggle,
  onChanged,
}: {
  inv: Invitation;
  open: boolean;
  onToggle(): void;
  onChanged(inv: Invitation): void;
}) {
  const t = useT();
  const lang = useLang();
  const id = useId();
  const title = invTitle(t, inv);
  return (
    <li className="adm-item adm-item-col" data-invitation={inv.id}>
      <div className="adm-item-row">
        <div className="adm-item-main">
          <p className="adm-item-title">
            <span>{title}</span>
            <span className={`adm-badge inv-${inv.status}`}>{t(`admin.inv.status.${inv.status}`)}</span>
          </p>
          <p className="adm-meta">
            {[
              inv.max_uses === null
                ? t("admin.inv.usesUnlimited", { count: inv.uses })
                : t("admin.inv.usesOf", { uses: inv.uses, max: inv.max_uses }),
              inv.expires_at ? t("admin.inv.until", { when: dateTime(inv.expires_at, lang) }) : null,
              inv.created_by_name ? t("admin.inv.by", { name: inv.created_by_name }) : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </div>
        <div className="adm-actions">
          <button type="button" className="small" aria-expanded={open} aria-controls={`${id}-d`} onClick={onToggle}>
            {open ? t("admin.inv.hideDetails") : t("admin.inv.details")}
            <span className="sr-only">: {title}</span>
          </button>
        </div>
      </div>
      {open && (
        <div id={`${id}-d`} className="adm-detail">
          <InvitationDetail inv={inv} title={title} onChanged={onChanged} />
        </div>
      )}
    </li>
  );
}

function InvitationDetail({ inv, title, onChanged }: { inv: Invitation; title: string; onChanged(inv: Invitation): void }) {
  const t = useT();
  const lang = useLang();
  const admin = useAdmin();
  const confirm = useConfirm();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const uses = useLoad(
    () =>
      ok(
        api.GET("/api/v1/orgs/{org_id}/invitations/{invitation_id}/uses", {
          params: { path: { org_id: admin.orgId, invitation_id: inv.id } },
        }),
      ),
    [admin.orgId, inv.id, inv.uses],
  );
  const live = inv.status === "active";

  const copy = async () => {
    setCopied(null);
    try {
      await navigator.clipboard.writeText(inv.url);
    } catch {
      // No clipboard permission (or an old browser): select the text and use the command.
      input.current?.select();
      document.execCommand?.("copy");
    }
    setCopied(t("admin.inv.copied"));
  };

  const revoke = async () => {
    const sure = await confirm({
      title: t("admin.inv.revokeTitle"),
      body: t("admin.inv.revokeBody", { title }),
      action: t("admin.inv.revoke"),
      danger: true,
    });
    if (!sure) return;
    setError(null);
    try {
      const updated = await ok(
        api.POST("/api/v1/orgs/{org_id}/invitations/{invitation_id}/revoke", {
          params: { path: { org_id: admin.orgId, invitation_id: inv.id } },
        }),
      );
      onChanged(updated);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="adm-inv">
      <div className="stack">
        {live ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-url`}>{t("admin.inv.link")}</label>
              <div className="adm-copy">
                <input ref={input} id={`${id}-url`} readOnly value={inv.url} onFocus={(e) => e.currentTarget.select()} />
                <button type="button" className="primary" onClick={() => void copy()}>
                  {t("admin.inv.copy")}
                </button>
              </div>
              <p className="hint">{t("admin.inv.linkHint")}</p>
            </div>
            <StatusNote text={copied} />
          </>
        ) : (
          <p className="muted">{t("admin.inv.dead")}</p>
        )}
        <section aria-labelledby={`${id}-uses`}>
          <h3 id={`${id}-uses`}>{t("admin.inv.usedBy")}</h3>
          <LoadState state={uses}>
            {(list) =>
              list.length === 0 ? (
                <p className="muted">{t("admin.inv.noUses")}</p>
              ) : (
                <ul className="adm-plain">
                  {list.map((u) => (
                    <li key={u.membership_id}>
                      {u.name} <span className="muted">· {roleLabel(t, u.role)} · {dateTime(u.used_at, lang)}</span>
                    </li>
                  ))}
                </ul>
              )
            }
          </LoadState>
        </section>
        {error ? <Alert>{formError(t, error)}</Alert> : null}
        {live && (
          <div>
            <button type="button" className="danger" onClick={() => void revoke()}>
              {t("admin.inv.revoke")}
            </button>
          </div>
        )}
      </div>
      {live && (
        <figure className="adm-qr">
          <img
            src={`/api/v1/orgs/${encodeURIComponent(admin.orgId)}/invitations/${encodeURIComponent(inv.id)}/qr.png`}
            width={184}
            height={184}
            alt={t("admin.inv.qrAlt", { title })}
          />
          <figcaption className="hint">{t("admin.inv.qrCaption")}</figcaption>
        </figure>
      )}
    </div>
  );
}
