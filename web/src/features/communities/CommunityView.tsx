// One community: its conversation (posts with replies, live), members, and organisations
// (moderators invite, accept, remove). Losing access on the way (the organisation withdrew,
// a moderator removed me) replaces the screen with a note.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ApiError } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { Alert, Field, errorText } from "../../components/ui";
import { useAnnouncer } from "../../components/LiveRegion";
import { useI18n, type Key } from "../../i18n";
import { LoadState, StatusNote, dateTime, roleLabel, useAction, useLoad } from "../admin/kit";
import { communitiesApi, type Community, type Member } from "./api";
import { kindLabel } from "./labels";
import { Conversation } from "./Conversation";

type Tab = "talk" | "members" | "orgs";
const TABS: Tab[] = ["talk", "members", "orgs"];

export function CommunityView({ id, myId }: { id: string; myId: string }) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const community = useLoad(() => communitiesApi.get(id), [id]);
  const [lost, setLost] = useState(false);
  const [tab, setTab] = useState<Tab>("talk");
  const [round, setRound] = useState(0);

  useEffect(
    () =>
      runtime.onEvent((e) => {
        if ((e.data as { community_id?: string } | undefined)?.community_id !== id) return;
        if (e.type === "community.removed") setLost(true);
        if (e.type === "community.updated") {
          community.reload();
          setRound((n) => n + 1);
        }
      }),
    [runtime, id, community.reload],
  );

  const gone = lost || (community.error instanceof ApiError && community.error.status === 404);
  if (gone) {
    return (
      <div className="stack">
        <h1 id="comm-h1">{t("communities.title")}</h1>
        <Alert kind="info">{lost ? t("communities.lost") : t("communities.notFound")}</Alert>
      </div>
    );
  }

  return (
    <LoadState state={community}>
      {(c) => (
        <div className="comm-one">
          <header className="comm-title">
            <h1 id="comm-h1">{c.title}</h1>
            <p className="adm-meta">
              {kindLabel(t, c.kind)} · {c.orgs.map((o) => o.name).join(" · ")} ·{" "}
              {t("communities.memberCount", { count: c.member_count })}
            </p>
            {c.description && <p className="comm-desc">{c.description}</p>}
          </header>
          <Tabs tab={tab} onChange={setTab} />
          <div role="tabpanel" id={`comm-panel-${tab}`} aria-labelledby={`comm-tab-${tab}`} className="comm-panel">
            {tab === "talk" && <Conversation community={c} myId={myId} />}
            {tab === "members" && <Members round={round} community={c} myId={myId} />}
            {tab === "orgs" && <Orgs round={round} community={c} onChanged={community.reload} />}
          </div>
        </div>
      )}
    </LoadState>
  );
}

function Tabs({ tab, onChange }: { tab: Tab; onChange(t: Tab): void }) {
  const { t } = useI18n();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const move = (e: KeyboardEvent, i: number) => {
    const next =
      e.key === "ArrowRight" ? (i + 1) % TABS.length : e.key === "ArrowLeft" ? (i + TABS.length - 1) % TABS.length : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    const to = TABS[next] as Tab;
    onChange(to);
    refs.current[to]?.focus();
  };
  return (
    <div role="tablist" aria-label={t("communities.tabs")} className="comm-tabs">
      {TABS.map((name, i) => (
        <button
          key={name}
          ref={(el) => {
            refs.current[name] = el;
          }}
          type="button"
          role="tab"
          id={`comm-tab-${name}`}
          aria-selected={tab === name}
          aria-controls={`comm-panel-${name}`}
          tabIndex={tab === name ? 0 : -1}
          className="comm-tab"
          onClick={() => onChange(name)}
          onKeyDown={(e) => move(e, i)}
        >
          {t(`communities.tab.${name}` as Key)}
        </button>
      ))}
    </div>
  );
}

// --- members ------------------------------------------------------------------------------

// `round` grows with every change the server announces: the lists load again in place.
function Members({ community, myId, round }: { community: Community; myId: string; round: number }) {
  const { t } = useI18n();
  const members = useLoad(() => communitiesApi.members(community.id), [community.id, round]);
  const moderator = community.my_role !== "member";
  const removed = useLoad(
    () => (moderator ? communitiesApi.removed(community.id) : Promise.resolve([])),
    [community.id, moderator, round],
  );
  const action = useAction();

  const remove = (m: Member) =>
    void action.run(() => communitiesApi.removeMember(community.id, m.account_id), {
      confirm: {
        title: t("communities.member.removeConfirm", { name: m.name }),
        body: t("communities.member.removeBody"),
        action: t("communities.member.remove"),
        danger: true,
      },
      then: () => {
        members.reload();
        removed.reload();
        return t("communities.member.removed", { name: m.name });
      },
    });
  const moderate = (m: Member, on: boolean) =>
    void action.run(() => communitiesApi.moderator(community.id, m.account_id, on), { then: () => members.reload() });
  const restore = (accountId: string) =>
    void action.run(() => communitiesApi.restore(community.id, accountId), {
      then: () => {
        members.reload();
        removed.reload();
      },
    });

  return (
    <div className="stack">
      {action.error ? <Alert>{errorText(t, action.error)}</Alert> : null}
      <StatusNote text={action.note} />
      <LoadState state={members}>
        {(list) => (
          <ul className="adm-list" aria-label={t("communities.tab.members")}>
            {list.map((m) => (
              <li key={m.account_id} className="adm-item">
                <div className="adm-item-main">
                  <p className="adm-item-title">
                    {m.name}
                    {m.role !== "member" && <span className="adm-badge ok">{t(`communities.role.${m.role}` as Key)}</span>}
                  </p>
                  <p className="adm-meta">
                    {m.org.name} · {roleLabel(t, m.org_role)}
                    {m.class_label ? ` · ${m.class_label}` : ""}
                  </p>
                </div>
                {moderator && m.account_id !== myId && m.role !== "owner" && (
                  <div className="adm-actions" role="group" aria-label={t("communities.member.actionsFor", { name: m.name })}>
                    {community.my_role === "owner" && m.seat === "staff" && (
                      <button type="button" disabled={action.busy} onClick={() => moderate(m, m.role !== "moderator")}>
                        {m.role === "moderator" ? t("communities.member.dropModerator") : t("communities.member.makeModerator")}
                      </button>
                    )}
                    {(m.role === "member" || community.my_role === "owner") && (
                      <button type="button" className="danger" disabled={action.busy} onClick={() => remove(m)}>
                        {t("communities.member.remove")}
                      </button>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </LoadState>
      {moderator && removed.data && removed.data.length > 0 && (
        <section aria-labelledby="comm-removed">
          <h2 id="comm-removed">{t("communities.removed.title")}</h2>
          <ul className="adm-list">
            {removed.data.map((p) => (
              <li key={p.account_id} className="adm-item">
                <div className="adm-item-main">
                  <p className="adm-item-title">{p.name}</p>
                </div>
                <button
                  type="button"
                  disabled={action.busy}
                  aria-label={`${t("communities.removed.restore")}: ${p.name}`}
                  onClick={() => restore(p.account_id)}
                >
                  {t("communities.removed.restore")}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

// --- organisations ---------------------------------------------------------------------------

function Orgs({ community, onChanged, round }: { community: Community; onChanged(): void; round: number }) {
  const { t, lang } = useI18n();
  const orgs = useLoad(() => communitiesApi.orgs(community.id), [community.id, round]);
  const moderator = community.my_role !== "member";
  const action = useAction();
  const done = useCallback(() => {
    orgs.reload();
    onChanged();
  }, [orgs.reload, onChanged]);

  return (
    <div className="stack">
      {action.error ? <Alert>{errorText(t, action.error)}</Alert> : null}
      <StatusNote text={action.note} />
      <LoadState state={orgs}>
        {(list) => (
          <ul className="adm-list" aria-label={t("communities.tab.orgs")}>
            {list.map((o) => (
              <li key={o.id} className="adm-item">
                <div className="adm-item-main">
                  <p className="adm-item-title">
                    {o.org.name}
                    <span className={o.status === "active" ? "adm-badge ok" : "adm-badge"}>
                      {t(`communities.status.${o.status}` as Key)}
                    </span>
                    {o.home && <span className="adm-badge">{t("communities.orgs.home")}</span>}
                  </p>
                  {o.joined_at && <p className="adm-meta">{dateTime(o.joined_at, lang)}</p>}
                </div>
                {moderator && (
                  <div className="adm-actions">
                    {o.status === "requested" && (
                      <button
                        type="button"
                        className="primary"
                        disabled={action.busy}
                        aria-label={`${t("communities.orgs.accept")}: ${o.org.name}`}
                        onClick={() => void action.run(() => communitiesApi.accept(community.id, o.id), { then: done })}
                      >
                        {t("communities.orgs.accept")}
                      </button>
                    )}
                    {!o.home && ["invited", "requested", "active"].includes(o.status) && (
                      <button
                        type="button"
                        className="danger"
                        disabled={action.busy}
                        aria-label={`${t("communities.orgs.remove")}: ${o.org.name}`}
                        onClick={() =>
                          void action.run(() => communitiesApi.removeOrg(community.id, o.id), {
                            confirm: {
                              title: t("communities.orgs.removeConfirm", { name: o.org.name }),
                              body: t("communities.orgs.removeBody"),
                              action: t("communities.orgs.remove"),
                              danger: true,
                            },
                            then: done,
                          })
                        }
                      >
                        {t("communities.orgs.remove")}
                      </button>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </LoadState>
      {moderator && <InviteForm community={community} onInvited={done} />}
      {moderator && <JoinCode community={community} onChanged={onChanged} />}
    </div>
  );
}

function InviteForm({ community, onInvited }: { community: Community; onInvited(): void }) {
  const { t } = useI18n();
  const [by, setBy] = useState<"name" | "code">("name");
  const [value, setValue] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const legend = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const p = await communitiesApi.invite(community.id, by === "name" ? { name: value } : { code: value });
      setValue("");
      setNote(t("communities.orgs.invited", { name: p.org.name }));
      onInvited();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="adm-card" aria-labelledby="comm-invite">
      <h2 id="comm-invite">{t("communities.orgs.invite")}</h2>
      <p className="hint">{t("communities.orgs.inviteHint")}</p>
      <form className="adm-form" onSubmit={(e) => void submit(e)}>
        <fieldset className="adm-tabs comm-wide" aria-labelledby={legend}>
          <legend id={legend} className="sr-only">
            {t("communities.orgs.by")}
          </legend>
          {(["name", "code"] as const).map((k) => (
            <label key={k} className="adm-tab">
              <input type="radio" name="comm-invite-by" checked={by === k} onChange={() => setBy(k)} />
              {k === "name" ? t("communities.orgs.byName") : t("communities.orgs.byCode")}
            </label>
          ))}
        </fieldset>
        <Field
          label={by === "name" ? t("communities.orgs.name") : t("communities.orgs.code")}
          value={value}
          required
          maxLength={by === "name" ? 300 : 32}
          autoComplete="off"
          onChange={(e) => setValue(e.target.value)}
          error={error ? errorText(t, error) : null}
        />
        <div>
          <button type="submit" className="primary" disabled={busy || !value.trim()}>
            {t("communities.orgs.inviteSubmit")}
          </button>
        </div>
      </form>
      <StatusNote text={note} />
    </section>
  );
}

function JoinCode({ community, onChanged }: { community: Community; onChanged(): void }) {
  const { t } = useI18n();
  const announce = useAnnouncer();
  const action = useAction();
  const codeId = useId();
  return (
    <section className="adm-card" aria-labelledby={`${codeId}-h`}>
      <h2 id={`${codeId}-h`}>{t("communities.joinCode")}</h2>
      <p className="hint">{t("communities.joinCodeHint")}</p>
      <div className="adm-copy">
        <label htmlFor={codeId} className="sr-only">
          {t("communities.joinCode")}
        </label>
        <input id={codeId} readOnly value={community.join_code ?? ""} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            void action.run(() => communitiesApi.renewJoinCode(community.id), {
              then: () => {
                onChanged();
                announce(t("communities.joinCodeRenew"));
              },
            })
          }
        >
          {t("communities.joinCodeRenew")}
        </button>
      </div>
      {action.error ? <Alert>{errorText(t, action.error)}</Alert> : null}
    </section>
  );
}
