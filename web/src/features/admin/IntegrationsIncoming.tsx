// Incoming webhooks: a secret address that posts a message into one chat (the gradebook's
// "new homework", a school system's notice). The address is shown once, with an example.
import { useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { Alert, Field } from "../../components/ui";
import { useI18n } from "../../i18n";
import { useAdmin } from "./AdminConsole";
import { ChatSelect, SecretBox, chatLabel, type IntegrationChat } from "./IntegrationsKit";
import { curlExample } from "./IntegrationsLogic";
import { LoadState, StatusNote, dateTime, fieldError, formError, useAction, useLoad } from "./kit";

type Incoming = Schemas["IncomingOut"];

export function IntegrationsIncoming({ chats }: { chats: IntegrationChat[] }) {
  const { t, lang } = useI18n();
  const admin = useAdmin();
  const org = { path: { org_id: admin.orgId } };
  const hooks = useLoad(() => ok(api.GET("/api/v1/orgs/{org_id}/incoming-webhooks", { params: org })), [admin.orgId]);
  const act = useAction();
  const [name, setName] = useState("");
  const [chat, setChat] = useState("");
  const [created, setCreated] = useState<{ url: string; name: string; chat: string } | null>(null);

  const create = (e: FormEvent) => {
    e.preventDefault();
    void act.run(
      () =>
        ok(api.POST("/api/v1/orgs/{org_id}/incoming-webhooks", { params: org, body: { name: name.trim(), chat_id: chat } })),
      {
        then: (hook) => {
          const { url, ...shown } = hook;
          hooks.set((list) => [...list, shown]);
          setCreated({ url, name: hook.name, chat: chatLabel(t, chats, hook.chat_id) });
          setName("");
          setChat("");
          return null;
        },
      },
    );
  };

  const remove = (h: Incoming) =>
    void act.run(
      () =>
        ok(
          api.DELETE("/api/v1/orgs/{org_id}/incoming-webhooks/{hook_id}", {
            params: { path: { org_id: admin.orgId, hook_id: h.id } },
          }),
        ),
      {
        confirm: {
          title: t("int.in.deleteTitle", { name: h.name }),
          body: t("int.in.deleteBody"),
          action: t("int.in.delete"),
          danger: true,
        },
        then: () => {
          hooks.set((list) => list.filter((x) => x.id !== h.id));
          return t("int.in.deleted", { name: h.name });
        },
      },
    );

  return (
    <section className="adm-card" aria-labelledby="int-in">
      <h2 id="int-in">{t("int.tab.incoming")}</h2>
      <p className="lead">{t("int.in.intro")}</p>
      {created && (
        <div className="int-created stack">
          <Alert kind="ok">{t("int.in.created", { name: created.name, chat: created.chat })}</Alert>
          <SecretBox
            label={t("int.in.url")}
            value={created.url}
            hint={t("int.in.urlHint")}
            onDone={() => setCreated(null)}
          />
          <div className="int-example">
            <h3 id="int-in-example">{t("int.in.example")}</h3>
            <pre className="int-pre" tabIndex={0} aria-labelledby="int-in-example">
              {curlExample(created.url, t("int.in.exampleText"))}
            </pre>
          </div>
        </div>
      )}
      <LoadState state={hooks}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">{t("int.in.none")}</p>
          ) : (
            <ul className="adm-list">
              {list.map((h) => (
                <li key={h.id} className="adm-item">
                  <div className="adm-item-main">
                    <h3 className="adm-item-title">{h.name}</h3>
                    <p className="adm-meta">{t("int.in.into", { chat: chatLabel(t, chats, h.chat_id) })}</p>
                    <p className="adm-meta">
                      {t("int.created", { date: dateTime(h.created_at, lang) })}
                      {" · "}
                      {h.last_used_at ? t("int.lastUsed", { date: dateTime(h.last_used_at, lang) }) : t("int.neverUsed")}
                    </p>
                  </div>
                  <div className="adm-actions">
                    <button type="button" className="small danger" onClick={() => remove(h)}>
                      {t("int.in.delete")}
                      <span className="sr-only"> {h.name}</span>
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      <StatusNote text={act.note} />
      <details className="adm-add">
        <summary>{t("int.in.add")}</summary>
        <form className="adm-form" onSubmit={create}>
          <Field
            label={t("int.in.name")}
            hint={t("int.in.nameHint")}
            value={name}
            maxLength={120}
            required
            onChange={(e) => setName(e.target.value)}
            error={fieldError(t, act.error, "name")}
          />
          <ChatSelect
            chats={chats}
            value={chat}
            onChange={setChat}
            label={t("int.in.chat")}
            error={fieldError(t, act.error, "chat_id")}
          />
          <div>
            <button type="submit" className="primary" disabled={act.busy || !chat}>
              {t("int.in.create")}
            </button>
          </div>
        </form>
      </details>
      {act.error ? <Alert>{formError(t, act.error)}</Alert> : null}
    </section>
  );
}
