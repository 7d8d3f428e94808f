// Administrators' access to a chat they are not in: choose the chat, record the reason, and
// read it (read-only) while the access lasts. The audit log shows every access.
import { useCallback, useEffect, useId, useState, type FormEvent } from "react";
import { Link, navigate } from "../../app/router";
import { Alert, Field, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { ViewHeading } from "../help/kit";
import { when } from "../operator/kit";
import {
  endAccess,
  myAccess,
  openAccess,
  pickChats,
  readAccess,
  type AccessHistory,
  type ChatAccess,
  type ChatPick,
} from "./api";
import { clampHours } from "./logic";

export function AccessList({ orgId }: { orgId: string }) {
  const { t, lang } = useI18n();
  const [list, setList] = useState<ChatAccess[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    myAccess(orgId).then(setList).catch(setError);
  }, [orgId]);
  useEffect(load, [load]);
  return (
    <>
      <ViewHeading>{t("mod.acc.title")}</ViewHeading>
      <p className="muted mod-lead">{t("mod.acc.intro")}</p>
      <OpenForm orgId={orgId} />
      <h3>{t("mod.acc.mine")}</h3>
      {error ? (
        <Alert>{errorText(t, error)}</Alert>
      ) : list === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.length === 0 ? (
        <p className="help-empty">{t("mod.acc.none")}</p>
      ) : (
        <ul className="help-cards">
          {list.map((g) => (
            <li key={g.id} className="help-card">
              <div className="help-card-main">
                <p className="help-card-title">{g.chat.title || t(`kind.${g.chat.kind}` as Key)}</p>
                <p className="help-card-text">{g.reason}</p>
              </div>
              <div className="help-card-side">
                <span className="muted">
                  {g.active ? t("mod.acc.until", { time: when(g.expires_at, lang) }) : t("mod.acc.ended")}
                </span>
                {g.active && (
                  <Link href={`/moderation/access/${g.id}`} className="button">
                    {t("mod.acc.read")}
                  </Link>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function OpenForm({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState("");
  const [chats, setChats] = useState<ChatPick[] | null>(null);
  const [chatId, setChatId] = useState("");
  const [reason, setReason] = useState("");
  const [hours, setHours] = useState("1");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = useId();

  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => {
      pickChats(orgId, q.trim())
        .then((c) => live && setChats(c))
        .catch((err: unknown) => live && setError(err));
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [orgId, q]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const grant = await openAccess(orgId, { chat_id: chatId, reason, hours: clampHours(hours) });
      navigate(`/moderation/access/${grant.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <form className="stack help-form" onSubmit={(e) => void submit(e)}>
      <Field label={t("mod.acc.search")} value={q} type="search" onChange={(e) => setQ(e.target.value)} />
      <div className="field">
        <label htmlFor={`${id}-chat`}>{t("mod.acc.chat")}</label>
        <select id={`${id}-chat`} value={chatId} required onChange={(e) => setChatId(e.target.value)}>
          <option value="">{t("mod.acc.chooseChat")}</option>
          {(chats ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {(c.title || t(`kind.${c.kind}` as Key)) + " · " + t(`kind.${c.kind}` as Key) + " · " + t("mod.acc.members", { count: c.members })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t("mod.acc.reason")}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          maxLength={1000}
          required
          minLength={10}
          value={reason}
          aria-describedby={`${id}-reason-hint`}
          onChange={(e) => setReason(e.target.value)}
        />
        <p className="hint" id={`${id}-reason-hint`}>
          {t("mod.acc.reasonHint")}
        </p>
      </div>
      <Field label={t("mod.acc.hours")} type="number" min={1} max={24} value={hours} onChange={(e) => setHours(e.target.value)} />
      {error !== null && <Alert>{errorText(t, error)}</Alert>}
      <div>
        <button type="submit" className="primary" disabled={busy || !chatId}>
          {t("mod.acc.open")}
        </button>
      </div>
    </form>
  );
}

export function AccessReader({ orgId, grantId }: { orgId: string; grantId: string }) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState<AccessHistory | null>(null);
  const [older, setOlder] = useState<AccessHistory["messages"]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    readAccess(orgId, grantId, null).then(setPage).catch(setError);
  }, [orgId, grantId]);

  const messages = [...older, ...(page?.messages ?? [])];
  const first = messages[0];
  const [more, setMore] = useState(true);
  const loadOlder = async () => {
    if (!first) return;
    setBusy(true);
    try {
      const p = await readAccess(orgId, grantId, first.seq);
      setOlder((cur) => [...p.messages, ...cur]);
      setMore(p.has_more_before);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  const end = async () => {
    try {
      await endAccess(orgId, grantId);
      navigate("/moderation/access");
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <p className="help-backlink">
        <Link href="/moderation/access">
          <span aria-hidden="true">←</span> {t("mod.acc.back")}
        </Link>
      </p>
      {error ? (
        <Alert>{errorText(t, error)}</Alert>
      ) : !page ? (
        <Spinner label={t("common.loading")} />
      ) : (
        <>
          <ViewHeading>{page.access.chat.title || t(`kind.${page.access.chat.kind}` as Key)}</ViewHeading>
          <Alert kind="info">
            {t("mod.acc.readonly", { time: when(page.access.expires_at, lang), reason: page.access.reason })}
          </Alert>
          <p>
            <button type="button" className="danger" onClick={() => void end()}>
              {t("mod.acc.end")}
            </button>
          </p>
          {page.has_more_before && more && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void loadOlder()}>
              {t("mod.acc.older")}
            </button>
          )}
          <ol className="mod-context">
            {messages.map((m) => (
              <li key={m.id}>
                <article>
                  <p className="mod-msg-head">
                    <strong>{m.author_name ?? "—"}</strong> <time dateTime={m.created_at}>{when(m.created_at, lang)}</time>
                  </p>
                  {m.deleted ? <p className="muted">{t("mod.acc.deleted")}</p> : <p className="mod-msg-body">{m.body}</p>}
                </article>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
