// The communities section (/communities[/<id>]): my communities across all my organisations,
// starting one (verified staff), one community's conversation, members and organisations,
// and, for administrators of the current organisation, its participation: invitations to
// approve, whom it sends, leaving, joining with a code, its own invitation code.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link, navigate } from "../../app/router";
import { useRuntime } from "../../app/AppShell";
import type { SectionProps } from "../../app/sections";
import { Alert, Field } from "../../components/ui";
import { useI18n } from "../../i18n";
import { ConfirmProvider, LoadState, fieldError, formError, useLoad, SelectField } from "../admin/kit";
import { isVerifiedStaff } from "../chats/NewChat";
import "../admin/admin.css";
import "./communities.css";
import { KINDS, communitiesApi, type Community, type Kind } from "./api";
import { CommunityView } from "./CommunityView";
import { kindLabel } from "./labels";
import { OrgParticipation } from "./OrgParticipation";

export default function CommunitiesPage(props: SectionProps) {
  return (
    <ConfirmProvider>
      <Communities {...props} />
    </ConfirmProvider>
  );
}

function Communities({ orgId, org, myId, rest }: SectionProps) {
  const { t } = useI18n();
  const id = rest.split("/")[0] || null;
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${t("communities.title")} — ${t("app.name")}`;
    return () => {
      document.title = t("app.name");
    };
  }, [t]);

  useEffect(() => {
    if (!id) heading.current?.focus();
  }, [id]);

  return (
    <section className="comm section-page" aria-labelledby="comm-h1">
      <header className="comm-head">
        <Link href="/" className="back button ghost">
          <span aria-hidden="true">←</span> <span className="back-text">{t("chat.back")}</span>
        </Link>
        {id ? (
          <Link href="/communities" className="button ghost">
            <span aria-hidden="true">←</span> {t("communities.back")}
          </Link>
        ) : (
          <h1 id="comm-h1" ref={heading} tabIndex={-1}>
            {t("communities.title")}
          </h1>
        )}
      </header>
      {id ? (
        <CommunityView key={id} id={id} myId={myId} />
      ) : (
        <Overview orgId={orgId} staff={isVerifiedStaff(org.roles)} admin={org.roles.some((r) => r.role === "admin")} />
      )}
    </section>
  );
}

function Overview({ orgId, staff, admin }: { orgId: string; staff: boolean; admin: boolean }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const mine = useLoad(() => communitiesApi.mine(), []);

  // Joining, leaving, renaming: reload the list (cheap; the events carry no list state).
  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (e.type === "community.updated" || e.type === "community.removed" || e.type === "community.participation") {
          mine.reload();
        }
      }),
    [runtime, mine.reload],
  );
  useEffect(() => runtime.onConnected(() => mine.reload()), [runtime, mine.reload]);

  return (
    <div className="comm-overview stack">
      <p className="muted comm-intro">{t("communities.intro")}</p>
      <section className="adm-card" aria-labelledby="comm-mine">
        <h2 id="comm-mine">{t("communities.mine")}</h2>
        <LoadState state={mine}>
          {(list) =>
            list.length === 0 ? (
              <p className="muted">{t("communities.none")}</p>
            ) : (
              <ul className="adm-list comm-list">
                {list.map((c) => (
                  <CommunityRow key={c.id} c={c} />
                ))}
              </ul>
            )
          }
        </LoadState>
        {staff && <CreateForm orgId={orgId} />}
      </section>
      {admin && <OrgParticipation orgId={orgId} />}
    </div>
  );
}

function CommunityRow({ c }: { c: Community }) {
  const { t } = useI18n();
  return (
    <li className="adm-item">
      <div className="adm-item-main">
        <p className="adm-item-title">
          <Link href={`/communities/${c.id}`}>{c.title}</Link>
          <span className="adm-badge">{kindLabel(t, c.kind)}</span>
        </p>
        <p className="adm-meta">
          {c.orgs.map((o) => o.name).join(" · ")} — {t("communities.memberCount", { count: c.member_count })}
        </p>
      </div>
    </li>
  );
}

function CreateForm({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<Kind>("methodological");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const descId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const c = await communitiesApi.create(orgId, { title, kind, description });
      navigate(`/communities/${c.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="adm-add">
      <summary>{t("communities.create")}</summary>
      <form className="adm-form" onSubmit={(e) => void submit(e)}>
        <Field
          label={t("communities.create.name")}
          value={title}
          required
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          error={fieldError(t, error, "title")}
        />
        <SelectField label={t("communities.kind")} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {kindLabel(t, k)}
            </option>
          ))}
        </SelectField>
        <div className="field comm-wide">
          <label htmlFor={descId}>{t("communities.create.description")}</label>
          <textarea id={descId} rows={3} maxLength={4000} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <p className="hint comm-wide">{t("communities.create.hint")}</p>
        {error ? <Alert>{formError(t, error)}</Alert> : null}
        <div>
          <button type="submit" className="primary" disabled={busy || !title.trim()}>
            {t("communities.create.submit")}
          </button>
        </div>
      </form>
    </details>
  );
}
