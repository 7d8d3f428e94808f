// /safety: the moderators' review of messages the word filter held or hid, in the chats I
// moderate (every chat for the school's safeguarding staff). Approve or reject a held
// message; show a hidden one to everyone or keep it hidden. Decided ones stay listed.
import { useCallback, useEffect, useId, useState } from "react";
import { api, ok, type Schemas } from "../../api/client";
import type { SectionProps } from "../../app/sections";
import { useRuntime } from "../../app/AppShell";
import { Alert, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import "./safety.css";

type Item = Schemas["QueueItem"];
type Tab = "open" | "closed";

export default function SafetyQueuePage({ orgId }: SectionProps) {
  const { t } = useI18n();
  const runtime = useRuntime();
  const tabsId = useId();
  const [tab, setTab] = useState<Tab>("open");
  const [items, setItems] = useState<Item[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);

  const load = useCallback(
    async (after: string | null) => {
      const page = await ok(
        api.GET("/api/v1/orgs/{org_id}/safety/queue", {
          params: { path: { org_id: orgId }, query: { status: tab, ...(after ? { cursor: after } : {}) } },
        }),
      );
      setItems((cur) => (after && cur ? [...cur, ...page.items] : page.items));
      setCursor(page.next_cursor ?? null);
    },
    [orgId, tab],
  );

  useEffect(() => {
    document.title = `${t("safety.queueTitle")} — ${t("app.name")}`;
  }, [t]);

  useEffect(() => {
    setItems(null);
    setError(null);
    load(null).catch(setError);
  }, [load, round]);

  // A new message for review arrives while the page is open.
  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (e.type === "safety.queue" && tab === "open") setRound((n) => n + 1);
      }),
    [runtime, tab],
  );

  const decided = (next: Item) => setItems((cur) => cur?.map((i) => (i.id === next.id ? next : i)) ?? cur);

  return (
    <section className="safety-page stack" aria-labelledby="safety-h1">
      <h1 id="safety-h1">{t("safety.queueTitle")}</h1>
      <p className="lead">{t("safety.queueIntro")}</p>
      <div role="tablist" aria-label={t("safety.tabs")} className="safety-tabs">
        {(["open", "closed"] as const).map((name) => (
          <button
            key={name}
            role="tab"
            type="button"
            id={`${tabsId}-${name}`}
            aria-selected={tab === name}
            aria-controls={`${tabsId}-panel`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={(e) => {
              if (e.key === "ArrowRight" || e.key === "ArrowLeft") setTab(tab === "open" ? "closed" : "open");
            }}
          >
            {t(`safety.tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${tabsId}-panel`} aria-labelledby={`${tabsId}-${tab}`}>
        {error ? <Alert>{errorText(t, error)}</Alert> : null}
        {items === null ? (
          !error && (
            <p className="loading" role="status">
              {t("common.loading")}
            </p>
          )
        ) : items.length === 0 ? (
          <p className="muted">{t("safety.queueEmpty")}</p>
        ) : (
          <ul className="safety-queue">
            {items.map((item) => (
              <li key={`${item.kind}-${item.id}`}>
                <QueueCard orgId={orgId} item={item} onDecided={decided} />
              </li>
            ))}
          </ul>
        )}
        {cursor && (
          <p>
            <button type="button" onClick={() => void load(cursor).catch(setError)}>
              {t("safety.more")}
            </button>
          </p>
        )}
      </div>
    </section>
  );
}

function QueueCard({ orgId, item, onDecided }: { orgId: string; item: Item; onDecided(i: Item): void }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = item.status === "pending" || item.status === "hidden";
  const when = (iso: string) =>
    new Date(iso).toLocaleString(lang === "ru" ? "ru-RU" : "en-GB", { dateStyle: "short", timeStyle: "short" });

  const act = async (call: () => Promise<Item>) => {
    setBusy(true);
    setError(null);
    try {
      onDecided(await call());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const held = (verb: "approve" | "reject") =>
    act(() =>
      verb === "approve"
        ? ok(api.POST("/api/v1/orgs/{org_id}/safety/held/{held_id}/approve", { params: { path: { org_id: orgId, held_id: item.id } } }))
        : ok(
            api.POST("/api/v1/orgs/{org_id}/safety/held/{held_id}/reject", {
              params: { path: { org_id: orgId, held_id: item.id } },
              body: { reason },
            }),
          ),
    );
  const hidden = (verb: "restore" | "keep") =>
    act(() =>
      verb === "restore"
        ? ok(api.POST("/api/v1/orgs/{org_id}/safety/hidden/{message_id}/restore", { params: { path: { org_id: orgId, message_id: item.id } } }))
        : ok(api.POST("/api/v1/orgs/{org_id}/safety/hidden/{message_id}/keep", { params: { path: { org_id: orgId, message_id: item.id } } })),
    );

  return (
    <article className={`safety-item ${item.kind}`} aria-labelledby={`${id}-h`}>
      <header>
        <h2 id={`${id}-h`} className="safety-item-head">
          <span className="safety-kind">{t(`safety.kind.${item.kind}`)}</span> {item.author.name}{" "}
          <span className="muted">
            {item.chat.kind === "direct" ? t("safety.inDirect") : t("safety.in", { chat: item.chat.title })}
          </span>
        </h2>
        <time dateTime={item.created_at} className="muted">
          {when(item.created_at)}
        </time>
      </header>
      <blockquote className="safety-body">
        {item.body}
        {item.attachments > 0 && <span className="muted"> {t("safety.files", { count: item.attachments })}</span>}
      </blockquote>
      {item.matched.length > 0 && <p className="hint">{t("safety.matched", { words: item.matched.join(", ") })}</p>}
      {open ? (
        item.kind === "held" ? (
          <div className="stack">
            <div className="field">
              <label htmlFor={`${id}-reason`}>{t("safety.rejectReason")}</label>
              <input id={`${id}-reason`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            </div>
            <div className="safety-actions">
              <button type="button" className="primary" disabled={busy} onClick={() => void held("approve")}>
                {t("safety.approve")}
              </button>
              <button type="button" className="danger" disabled={busy} onClick={() => void held("reject")}>
                {t("safety.reject")}
              </button>
            </div>
          </div>
        ) : (
          <div className="safety-actions">
            <button type="button" disabled={busy} onClick={() => void hidden("restore")}>
              {t("safety.restore")}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void hidden("keep")}>
              {t("safety.keep")}
            </button>
          </div>
        )
      ) : (
        <p className="safety-decided" role="status">
          {t("safety.decided", {
            status: t(`safety.status.${item.status}` as Key),
            name: item.decided_by?.name ?? "",
            when: item.decided_at ? when(item.decided_at) : "",
          })}
          {item.reason ? ` — ${item.reason}` : ""}
        </p>
      )}
      {error ? <Alert>{errorText(t, error)}</Alert> : null}
    </article>
  );
}
