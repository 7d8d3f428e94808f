// Outgoing webhooks: Parta POSTs chosen events of chosen chats to a school system, signed
// with HMAC-SHA256 and retried with backoff. Create, edit, turn off and on, new secret
// (shown once), delete, and the delivery log with every attempt.
import { useId, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { usePaged } from "../operator/kit";
import { useAdmin } from "./AdminConsole";
import { ChatChecks, SecretBox, chatLabel, type IntegrationChat } from "./IntegrationsKit";
import { OUTGOING_EVENTS, attemptOutcome, orderedEvents, outgoingPatch } from "./IntegrationsLogic";
import { LoadState, SelectField, StatusNote, dateTime, fieldError, formError, useAction, useLoad } from "./kit";

type Outgoing = Schemas["OutgoingOut"];
type Delivery = Schemas["DeliveryOut"];

export function IntegrationsOutgoing({ chats }: { chats: IntegrationChat[] }) {
  const { t } = useI18n();
  const admin = useAdmin();
  const org = { path: { org_id: admin.orgId } };
  const hooks = useLoad(() => ok(api.GET("/api/v1/orgs/{org_id}/outgoing-webhooks", { params: org })), [admin.orgId]);
  const act = useAction();
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [adding, setAdding] = useState(false);

  return (
    <section className="adm-card" aria-labelledby="int-out">
      <h2 id="int-out">{t("int.tab.outgoing")}</h2>
      <p className="lead">{t("int.out.intro")}</p>
      {secret && (
        <SecretBox
          label={t("int.out.secret", { name: secret.name })}
          value={secret.value}
          hint={t("int.out.secretHint")}
          onDone={() => setSecret(null)}
        />
      )}
      <LoadState state={hooks}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t("int.out.none")}</p>
          ) : (
            <ul className="adm-list">
              {list.map((h) => (
                <HookItem
                  key={h.id}
                  hook={h}
                  chats={chats}
                  onChange={(next) => hooks.set((all) => all.map((x) => (x.id === next.id ? next : x)))}
                  onGone={() => hooks.set((all) => all.filter((x) => x.id !== h.id))}
                  onSecret={(value) => setSecret({ name: h.name, value })}
                />
              ))}
            </ul>
          )
        }
      </LoadState>
      <StatusNote text={act.note} />
      <details className="adm-add" open={adding} onToggle={(e) => setAdding(e.currentTarget.open)}>
        <summary>{t("int.out.add")}</summary>
        {adding && (
          <HookForm
            chats={chats}
            submitLabel={t("int.out.create")}
            onSubmit={(body) =>
              act.run(() => ok(api.POST("/api/v1/orgs/{org_id}/outgoing-webhooks", { params: org, body })), {
                then: (created) => {
                  const { secret: value, ...shown } = created;
                  hooks.set((all) => [...all, shown]);
                  setSecret({ name: created.name, value });
                  setAdding(false);
                  return t("int.out.created", { name: created.name });
                },
              })
            }
            error={act.error}
          />
        )}
      </details>
    </section>
  );
}

interface HookBody {
  name: string;
  url: string;
  events: string[];
  chat_ids: string[];
}

function HookForm({
  hook,
  chats,
  submitLabel,
  onSubmit,
  onCancel,
  error,
}: {
  hook?: Outgoing;
  chats: IntegrationChat[];
  submitLabel: string;
  onSubmit(body: HookBody): Promise<boolean>;
  onCancel?: () => void;
  error: unknown;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(hook?.name ?? "");
  const [url, setUrl] = useState(hook?.url ?? "");
  const [events, setEvents] = useState<Set<string>>(new Set(hook?.events ?? ["message.new"]));
  const [picked, setPicked] = useState<Set<string>>(new Set(hook?.chat_ids ?? []));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit({ name: name.trim(), url: url.trim(), events: orderedEvents([...events]), chat_ids: [...picked] });
  };
  return (
    <form className="stack int-hook-form" onSubmit={submit}>
      <Field
        label={t("int.out.name")}
        value={name}
        maxLength={120}
        required
        onChange={(e) => setName(e.target.value)}
        error={fieldError(t, error, "name")}
      />
      <Field
        label={t("int.out.url")}
        hint={t("int.out.urlHint")}
        type="url"
        inputMode="url"
        value={url}
        maxLength={500}
        required
        onChange={(e) => setUrl(e.target.value)}
        error={fieldError(t, error, "url")}
      />
      <fieldset className="int-checks">
        <legend>{t("int.out.events")}</legend>
        {OUTGOING_EVENTS.map((ev) => (
          <label key={ev} className="check">
            <input
              type="checkbox"
              checked={events.has(ev)}
              onChange={(e) =>
                setEvents((cur) => {
                  const next = new Set(cur);
                  if (e.target.checked) next.add(ev);
                  else next.delete(ev);
                  return next;
                })
              }
            />
            <span>
              {t(`int.event.${ev}` as Key)} <code className="adm-code int-inline">{ev}</code>
            </span>
          </label>
        ))}
      </fieldset>
      <ChatChecks
        chats={chats}
        value={picked}
        onChange={setPicked}
        legend={t("int.out.chats")}
        error={fieldError(t, error, "chat_ids")}
      />
      <p className="hint">{t("int.out.privacy")}</p>
      {error ? <Alert>{formError(t, error)}</Alert> : null}
      <div className="adm-actions">
        <button type="submit" className="primary" disabled={events.size === 0 || picked.size === 0}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

function HookItem({
  hook,
  chats,
  onChange,
  onGone,
  onSecret,
}: {
  hook: Outgoing;
  chats: IntegrationChat[];
  onChange(h: Outgoing): void;
  onGone(): void;
  onSecret(value: string): void;
}) {
  const { t, lang } = useI18n();
  const admin = useAdmin();
  const id = useId();
  const act = useAction();
  const [editing, setEditing] = useState(false);
  const path = { org_id: admin.orgId, webhook_id: hook.id };

  const patch = (body: Schemas["OutgoingPatch"], note: string) =>
    act.run(() => ok(api.PATCH("/api/v1/orgs/{org_id}/outgoing-webhooks/{webhook_id}", { params: { path }, body })), {
      then: (h) => {
        onChange(h);
        setEditing(false);
        return note;
      },
    });

  const rotate = () =>
    void act.run(
      () => ok(api.POST("/api/v1/orgs/{org_id}/outgoing-webhooks/{webhook_id}/rotate-secret", { params: { path } })),
      {
        confirm: {
          title: t("int.out.rotateTitle", { name: hook.name }),
          body: t("int.out.rotateBody"),
          action: t("int.out.rotate"),
        },
        then: (h) => {
          const { secret, ...shown } = h;
          onChange(shown);
          onSecret(secret);
          return null;
        },
      },
    );

  const remove = () =>
    void act.run(() => ok(api.DELETE("/api/v1/orgs/{org_id}/outgoing-webhooks/{webhook_id}", { params: { path } })), {
      confirm: {
        title: t("int.out.deleteTitle", { name: hook.name }),
        body: t("int.out.deleteBody"),
        action: t("int.out.delete"),
        danger: true,
      },
      then: () => {
        onGone();
        return null;
      },
    });

  return (
    <li className="adm-item adm-item-col" aria-labelledby={`${id}-n`}>
      <div className="adm-item-row">
        <div className="adm-item-main">
          <h3 className="adm-item-title" id={`${id}-n`}>
            {hook.name}
            {hook.active ? (
              <span className="adm-badge ok">{t("int.out.on")}</span>
            ) : (
              <span className="adm-badge">{t("int.out.off")}</span>
            )}
          </h3>
          <p className="adm-meta int-url">{hook.url}</p>
          <p className="adm-meta">
            {t("int.out.sends", { events: orderedEvents(hook.events).map((e) => t(`int.event.${e}` as Key)).join(", ") })}
          </p>
          <p className="adm-meta">
            {t("int.out.from", { chats: hook.chat_ids.map((c) => chatLabel(t, chats, c)).join(", ") })}
          </p>
          {!hook.active && hook.disabled_reason && (
            <p className="adm-meta err-text">{t("int.out.disabledBecause", { reason: hook.disabled_reason })}</p>
          )}
          {hook.consecutive_failures > 0 && (
            <p className="adm-meta err-text">{t("int.out.failures", { count: hook.consecutive_failures })}</p>
          )}
          <p className="adm-meta">{t("int.created", { date: dateTime(hook.created_at, lang) })}</p>
        </div>
        <div className="adm-actions">
          <button type="button" className="small" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
            {t("int.out.edit")}
            <span className="sr-only"> {hook.name}</span>
          </button>
          {hook.active ? (
            <button type="button" className="small" onClick={() => void patch({ active: false }, t("int.out.turnedOff", { name: hook.name }))}>
              {t("int.out.turnOff")}
              <span className="sr-only"> {hook.name}</span>
            </button>
          ) : (
            <button type="button" className="small" onClick={() => void patch({ active: true }, t("int.out.turnedOn", { name: hook.name }))}>
              {t("int.out.turnOn")}
              <span className="sr-only"> {hook.name}</span>
            </button>
          )}
          <button type="button" className="small" onClick={rotate}>
            {t("int.out.rotate")}
            <span className="sr-only"> {hook.name}</span>
          </button>
          <button type="button" className="small danger" onClick={remove}>
            {t("int.out.delete")}
            <span className="sr-only"> {hook.name}</span>
          </button>
        </div>
      </div>
      {editing && (
        <HookForm
          hook={hook}
          chats={chats}
          submitLabel={t("int.out.save")}
          onCancel={() => setEditing(false)}
          error={act.error}
          onSubmit={(body) => {
            const change = outgoingPatch(hook, {
              name: body.name,
              url: body.url,
              events: new Set(body.events),
              chats: new Set(body.chat_ids),
            });
            if (Object.keys(change).length === 0) {
              setEditing(false);
              return Promise.resolve(true);
            }
            return patch(change, t("int.out.saved", { name: body.name }));
          }}
        />
      )}
      <StatusNote text={act.note} />
      {act.error && !editing ? <Alert>{formError(t, act.error)}</Alert> : null}
      <Deliveries hook={hook} chats={chats} />
    </li>
  );
}

const STATUSES = ["", "pending", "delivered", "failed"] as const;
type Filter = (typeof STATUSES)[number];

function Deliveries({ hook, chats }: { hook: Outgoing; chats: IntegrationChat[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <details className="adm-sub" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t("int.log.title")}</summary>
      {open && <DeliveryLog hook={hook} chats={chats} />}
    </details>
  );
}

function DeliveryLog({ hook, chats }: { hook: Outgoing; chats: IntegrationChat[] }) {
  const { t, lang } = useI18n();
  const admin = useAdmin();
  const [status, setStatus] = useState<Filter>("");
  const [round, setRound] = useState(0);
  const log = usePaged<Delivery>(
    (cursor) =>
      ok(
        api.GET("/api/v1/orgs/{org_id}/outgoing-webhooks/{webhook_id}/deliveries", {
          params: {
            path: { org_id: admin.orgId, webhook_id: hook.id },
            query: { status: status || undefined, cursor: cursor ?? undefined, limit: 25 },
          },
        }),
      ),
    `${status}:${round}`,
  );
  return (
    <div className="stack int-log">
      <div className="adm-actions adm-actions-wide">
        <SelectField label={t("int.log.filter")} value={status} onChange={(e) => setStatus(e.target.value as Filter)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(s ? (`int.log.status.${s}` as Key) : "int.log.all")}
            </option>
          ))}
        </SelectField>
        <button type="button" onClick={() => setRound((n) => n + 1)}>
          {t("int.log.refresh")}
        </button>
      </div>
      {log.error ? (
        <Alert>{formError(t, log.error)}</Alert>
      ) : log.items === null ? (
        <p className="loading" role="status">
          {t("common.loading")}
        </p>
      ) : log.items.length === 0 ? (
        <p className="muted">{t("int.log.none")}</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table int-table">
            <caption className="sr-only">{t("int.log.caption", { name: hook.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("int.log.when")}</th>
                <th scope="col">{t("int.log.event")}</th>
                <th scope="col">{t("int.log.chat")}</th>
                <th scope="col">{t("int.log.status")}</th>
                <th scope="col">{t("int.log.attempts")}</th>
                <th scope="col">{t("int.log.details")}</th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((d) => (
                <tr key={d.id} className={d.status === "failed" ? "row-error" : undefined} data-delivery={d.status}>
                  <td data-label={t("int.log.when")}>{dateTime(d.created_at, lang)}</td>
                  <td data-label={t("int.log.event")}>
                    {t(`int.event.${d.event}` as Key)}
                    <span className="adm-code">
                      {d.event} · #{d.seq}
                    </span>
                  </td>
                  <td data-label={t("int.log.chat")}>{chatLabel(t, chats, d.chat_id)}</td>
                  <td data-label={t("int.log.status")}>
                    <span className={d.status === "delivered" ? "adm-badge ok" : "adm-badge"}>
                      {t(`int.log.status.${d.status}` as Key)}
                    </span>
                    {d.status === "pending" && d.next_attempt_at && (
                      <span className="adm-details">{t("int.log.next", { date: dateTime(d.next_attempt_at, lang) })}</span>
                    )}
                  </td>
                  <td data-label={t("int.log.attempts")}>
                    {d.attempts}
                    {d.last_status_code !== null && <span className="adm-code">HTTP {d.last_status_code}</span>}
                  </td>
                  <td data-label={t("int.log.details")}>
                    {d.log.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ol className="int-attempts">
                        {d.log.map((a, i) => {
                          const o = attemptOutcome(a);
                          return (
                            <li key={i} className={o.ok ? "ok-text" : "err-text"}>
                              {dateTime(a.at, lang)} — {o.text} ({t("int.log.ms", { ms: a.ms })})
                            </li>
                          );
                        })}
                      </ol>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasMore && (
        <p>
          <button type="button" className="secondary" onClick={() => void log.more()} disabled={log.loadingMore}>
            {log.loadingMore ? t("common.loading") : t("int.log.more")}
          </button>
        </p>
      )}
    </div>
  );
}
