// Bots: identities of the organisation that post under their own name. Create one, add it
// to chats, issue tokens with scopes (the secret shown once), revoke them, disable the bot.
import { useId, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { ChatSelect, SecretBox, chatLabel, type IntegrationChat } from "./IntegrationsKit";
import { LoadState, StatusNote, dateTime, fieldError, formError, useAction, useLoad } from "./kit";

type Bot = Schemas["BotOut"];
type Token = Schemas["TokenOut"];
type Scope = Schemas["TokenIn"]["scopes"][number];
const SCOPES: Scope[] = ["messages:write", "chats:read", "events:write"];

export function IntegrationsBots({ chats }: { chats: IntegrationChat[] }) {
  const { t } = useI18n();
  const admin = useAdmin();
  const org = { path: { org_id: admin.orgId } };
  const bots = useLoad(() => ok(api.GET("/api/v1/orgs/{org_id}/bots", { params: org })), [admin.orgId]);
  const act = useAction();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");

  const create = (e: FormEvent) => {
    e.preventDefault();
    void act.run(
      () => ok(api.POST("/api/v1/orgs/{org_id}/bots", { params: org, body: { name: name.trim(), description } })),
      {
        then: (bot) => {
          bots.set((list) => [...list, bot]);
          setName("");
          setDescription("");
          return t("int.bot.created", { name: bot.name });
        },
      },
    );
  };

  return (
    <section className="adm-card" aria-labelledby="int-bots">
      <h2 id="int-bots">{t("int.tab.bots")}</h2>
      <p className="lead">{t("int.bot.intro")}</p>
      <LoadState state={bots}>
        {(list) => {
          const own = list.filter((b) => b.kind === "api" && !b.disabled);
          return own.length === 0 ? (
            <p className="muted">{t("int.bot.none")}</p>
          ) : (
            <ul className="adm-list">
              {own.map((b) => (
                <BotItem
                  key={b.id}
                  bot={b}
                  chats={chats}
                  onChange={(next) => bots.set((all) => all.map((x) => (x.id === next.id ? next : x)))}
                  onGone={() => bots.set((all) => all.filter((x) => x.id !== b.id))}
                />
              ))}
            </ul>
          );
        }}
      </LoadState>
      <StatusNote text={act.note} />
      <details className="adm-add">
        <summary>{t("int.bot.add")}</summary>
        <form className="adm-form" onSubmit={create}>
          <Field
            label={t("int.bot.name")}
            hint={t("int.bot.nameHint")}
            value={name}
            maxLength={120}
            required
            onChange={(e) => setName(e.target.value)}
            error={fieldError(t, act.error, "name")}
          />
          <Field
            label={t("int.bot.description")}
            value={description}
            maxLength={500}
            onChange={(e) => setDescription(e.target.value)}
          />
          <div>
            <button type="submit" className="primary" disabled={act.busy}>
              {t("int.bot.create")}
            </button>
          </div>
        </form>
      </details>
      {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
    </section>
  );
}

function BotItem({
  bot,
  chats,
  onChange,
  onGone,
}: {
  bot: Bot;
  chats: IntegrationChat[];
  onChange(b: Bot): void;
  onGone(): void;
}) {
  const { t, lang } = useI18n();
  const admin = useAdmin();
  const id = useId();
  const act = useAction();
  const [chat, setChat] = useState("");
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(bot.name);
  const [description, setDescription] = useState(bot.description);
  const path = { org_id: admin.orgId, bot_id: bot.id };

  const save = (e: FormEvent) => {
    e.preventDefault();
    void act.run(
      () =>
        ok(
          api.PATCH("/api/v1/orgs/{org_id}/bots/{bot_id}", {
            params: { path },
            body: { name: name.trim(), description: description.trim() },
          }),
        ),
      {
        then: (b) => {
          onChange(b);
          setEditing(false);
          return t("int.bot.saved", { name: b.name });
        },
      },
    );
  };

  const addChat = (e: FormEvent) => {
    e.preventDefault();
    if (!chat) return;
    void act.run(
      () => ok(api.POST("/api/v1/orgs/{org_id}/bots/{bot_id}/chats", { params: { path }, body: { chat_id: chat } })),
      {
        then: (b) => {
          onChange(b);
          setChat("");
          return t("int.bot.chatAdded", { chat: chatLabel(t, chats, chat) });
        },
      },
    );
  };

  const removeChat = (chatId: string) =>
    void act.run(
      () =>
        ok(
          api.DELETE("/api/v1/orgs/{org_id}/bots/{bot_id}/chats/{chat_id}", {
            params: { path: { ...path, chat_id: chatId } },
          }),
        ),
      {
        confirm: {
          title: t("int.bot.removeChatTitle", { name: bot.name, chat: chatLabel(t, chats, chatId) }),
          action: t("int.bot.removeChat"),
        },
        then: (b) => {
          onChange(b);
          return t("int.bot.chatRemoved", { chat: chatLabel(t, chats, chatId) });
        },
      },
    );

  const remove = () =>
    void act.run(() => ok(api.DELETE("/api/v1/orgs/{org_id}/bots/{bot_id}", { params: { path } })), {
      confirm: {
        title: t("int.bot.deleteTitle", { name: bot.name }),
        body: t("int.bot.deleteBody"),
        action: t("int.bot.delete"),
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
            {bot.name}
          </h3>
          {bot.description && <p className="adm-meta">{bot.description}</p>}
          <p className="adm-meta">{t("int.created", { date: dateTime(bot.created_at, lang) })}</p>
        </div>
        <div className="adm-actions">
          <button type="button" className="small" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
            {t("int.bot.edit")}
            <span className="sr-only"> {bot.name}</span>
          </button>
          <button type="button" className="small danger" onClick={remove}>
            {t("int.bot.delete")}
            <span className="sr-only"> {bot.name}</span>
          </button>
        </div>
      </div>
      {editing && (
        <form className="adm-form" onSubmit={save}>
          <Field
            label={t("int.bot.name")}
            hint={t("int.bot.renameHint")}
            value={name}
            maxLength={120}
            required
            onChange={(e) => setName(e.target.value)}
            error={fieldError(t, act.error, "name")}
          />
          <Field
            label={t("int.bot.description")}
            value={description}
            maxLength={500}
            onChange={(e) => setDescription(e.target.value)}
          />
          <div className="adm-actions">
            <button type="submit" className="primary" disabled={act.busy || !name.trim()}>
              {t("int.out.save")}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
      <div className="int-block">
        <h4>{t("int.bot.chats")}</h4>
        {bot.chat_ids.length === 0 ? (
          <p className="muted">{t("int.bot.noChats")}</p>
        ) : (
          <ul className="adm-people">
            {bot.chat_ids.map((c) => (
              <li key={c}>
                <span className="adm-name">{chatLabel(t, chats, c)}</span>
                <button type="button" className="small" onClick={() => removeChat(c)}>
                  {t("int.bot.removeChat")}
                  <span className="sr-only"> {chatLabel(t, chats, c)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="adm-actions adm-actions-wide" onSubmit={addChat}>
          <ChatSelect
            chats={chats}
            value={chat}
            onChange={setChat}
            label={t("int.bot.addChatLabel", { name: bot.name })}
            exclude={bot.chat_ids}
          />
          <button type="submit" disabled={!chat || act.busy}>
            {t("int.bot.addChat")}
          </button>
        </form>
      </div>
      <StatusNote text={act.note} />
      {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
      <Tokens bot={bot} />
    </li>
  );
}

function Tokens({ bot }: { bot: Bot }) {
  const { t, lang } = useI18n();
  const admin = useAdmin();
  const [open, setOpen] = useState(false);
  const path = { org_id: admin.orgId, bot_id: bot.id };
  const tokens = useLoad(
    () =>
      open
        ? ok(api.GET("/api/v1/orgs/{org_id}/bots/{bot_id}/tokens", { params: { path } }))
        : Promise.resolve(null as Token[] | null),
    [open, admin.orgId, bot.id],
  );
  const act = useAction();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Set<Scope>>(new Set(["messages:write"]));
  const [secret, setSecret] = useState<string | null>(null);

  const issue = (e: FormEvent) => {
    e.preventDefault();
    void act.run(
      () =>
        ok(
          api.POST("/api/v1/orgs/{org_id}/bots/{bot_id}/tokens", {
            params: { path },
            body: { name: name.trim(), scopes: SCOPES.filter((s) => scopes.has(s)) },
          }),
        ),
      {
        then: (tok) => {
          const { token, ...shown } = tok;
          tokens.set((list) => [...(list ?? []), shown]);
          setSecret(token);
          setName("");
          return null;
        },
      },
    );
  };

  const revoke = (tok: Token) =>
    void act.run(
      () =>
        ok(
          api.DELETE("/api/v1/orgs/{org_id}/bots/{bot_id}/tokens/{token_id}", {
            params: { path: { ...path, token_id: tok.id } },
          }),
        ),
      {
        confirm: {
          title: t("int.token.revokeTitle", { name: tok.name || t("int.token.unnamed") }),
          body: t("int.token.revokeBody"),
          action: t("int.token.revoke"),
          danger: true,
        },
        then: () => {
          tokens.set((list) => (list ?? []).map((x) => (x.id === tok.id ? { ...x, revoked: true } : x)));
          return t("int.token.revoked");
        },
      },
    );

  return (
    <details className="adm-sub" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t("int.token.title")}</summary>
      {open && (
        <div className="stack">
          <LoadState state={tokens}>
            {(list) =>
              !list || list.length === 0 ? (
                <p className="muted">{t("int.token.none")}</p>
              ) : (
                <ul className="adm-people">
                  {list.map((tok) => (
                    <li key={tok.id}>
                      <span className="adm-name">{tok.name || t("int.token.unnamed")}</span>
                      <span className="adm-meta">
                        {tok.scopes.map((s) => t(`int.scope.${s}` as Key)).join(", ")}
                        {" · "}
                        {tok.last_used_at
                          ? t("int.lastUsed", { date: dateTime(tok.last_used_at, lang) })
                          : t("int.neverUsed")}
                      </span>
                      {tok.revoked ? (
                        <span className="adm-badge">{t("int.token.revokedBadge")}</span>
                      ) : (
                        <button type="button" className="small danger" onClick={() => revoke(tok)}>
                          {t("int.token.revoke")}
                          <span className="sr-only"> {tok.name || t("int.token.unnamed")}</span>
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              )
            }
          </LoadState>
          {secret ? (
            <SecretBox
              label={t("int.token.secret", { name: bot.name })}
              value={secret}
              hint={t("int.token.secretHint")}
              onDone={() => setSecret(null)}
            />
          ) : (
            <form className="stack int-issue" onSubmit={issue}>
              <h4>{t("int.token.issueTitle")}</h4>
              <Field
                label={t("int.token.name")}
                hint={t("int.token.nameHint")}
                value={name}
                maxLength={120}
                onChange={(e) => setName(e.target.value)}
              />
              <fieldset>
                <legend>{t("int.token.scopes")}</legend>
                {SCOPES.map((s) => (
                  <label key={s} className="check">
                    <input
                      type="checkbox"
                      checked={scopes.has(s)}
                      onChange={(e) =>
                        setScopes((cur) => {
                          const next = new Set(cur);
                          if (e.target.checked) next.add(s);
                          else next.delete(s);
                          return next;
                        })
                      }
                    />
                    <span>
                      {t(`int.scope.${s}` as Key)} <code className="adm-code int-inline">{s}</code>
                    </span>
                  </label>
                ))}
              </fieldset>
              <div>
                <button type="submit" className="primary" disabled={scopes.size === 0 || act.busy}>
                  {t("int.token.issue")}
                </button>
              </div>
            </form>
          )}
          <StatusNote text={act.note} />
          {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
        </div>
      )}
    </details>
  );
}
