// Trust-line conversations: the list (the writer's own, or the responder's inbox) and one
// conversation for either side. The responder sees a pseudonym until the writer is
// revealed; only the responder can record an escalation, with its reason.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link } from "../../app/router";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { ViewHeading } from "../help/kit";
import { usePaged, when } from "../operator/kit";
import { closeThread, escalateThread, getThread, trustInbox, writeThread, type Thread } from "./api";
import { useModEvents } from "./ModerationPage";

type Side = "writer" | "responder";
const base = (side: Side) => (side === "writer" ? "/trust" : "/moderation/trust");

export function TrustInbox({ orgId }: { orgId: string }) {
  const { t, lang } = useI18n();
  const list = usePaged<Thread>((cursor) => trustInbox(orgId, cursor), orgId);
  useModEvents("trust.thread", orgId, list.reload);
  return (
    <>
      <ViewHeading>{t("trust.inbox")}</ViewHeading>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="help-empty">{t("trust.inboxEmpty")}</p>
      ) : (
        <ThreadCards items={list.items} side="responder" lang={lang} />
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {t("mod.more")}
        </button>
      )}
    </>
  );
}

export function ThreadCards({ items, side, lang }: { items: Thread[]; side: Side; lang: "ru" | "en" }) {
  const { t } = useI18n();
  return (
    <ul className="help-cards">
      {items.map((x) => {
        const title = side === "responder" ? (x.writer?.label ?? "") : t("trust.to.label", { name: x.responder.name });
        return (
          <li key={x.id} className={`help-card${x.unread ? " waiting" : ""}`}>
            <div className="help-card-main">
              <Link href={`${base(side)}/${x.id}`} className="help-card-title">
                {title}
              </Link>
              {x.preview && <p className="help-card-text">{x.preview}</p>}
            </div>
            <div className="help-card-side">
              {x.unread && <span className="help-pill accent">{t("trust.unread")}</span>}
              {side === "writer" && x.anonymous && <span className="help-pill">{t("trust.anonShort")}</span>}
              <p className="muted help-when">
                <time dateTime={x.last_activity_at}>{when(x.last_activity_at, lang)}</time>
              </p>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function TrustThreadView({
  orgId,
  threadId,
  side,
  onChange,
}: {
  orgId: string;
  threadId: string;
  side: Side;
  onChange?: () => void;
}) {
  const { t, lang } = useI18n();
  const [thread, setThread] = useState<Thread | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState("");
  const [escalating, setEscalating] = useState(false);
  const id = useId();
  const changed = useRef(onChange);
  changed.current = onChange;
  const load = useCallback(() => {
    getThread(orgId, threadId)
      .then((x) => {
        setThread(x);
        setError(null);
        changed.current?.(); // reading marks it seen: the counts change
      })
      .catch(setError);
  }, [orgId, threadId]);
  useEffect(load, [load]);
  useModEvents("trust.thread", orgId, load);

  const run = async (fn: () => Promise<Thread>) => {
    setBusy(true);
    setError(null);
    try {
      setThread(await fn());
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    if (await run(() => writeThread(orgId, threadId, body))) setBody("");
  };

  const escalate = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => escalateThread(orgId, threadId, reason))) setEscalating(false);
  };

  if (!thread) return error ? <Alert>{errorText(t, error)}</Alert> : <Spinner label={t("common.loading")} />;
  const heading =
    side === "responder"
      ? thread.writer?.class_label
        ? t("trust.writerClass", { name: thread.writer.label, label: thread.writer.class_label })
        : (thread.writer?.label ?? "")
      : t("trust.to.label", { name: thread.responder.name });
  return (
    <>
      <p className="help-backlink">
        <Link href={base(side)}>
          <span aria-hidden="true">←</span> {side === "writer" ? t("trust.back") : t("trust.inbox")}
        </Link>
      </p>
      <ViewHeading>{heading}</ViewHeading>
      {side === "writer" && <p className="muted">{thread.anonymous && !thread.escalated ? t("trust.anonymousHelp") : t("trust.named")}</p>}
      {side === "responder" && thread.escalated && (
        <Alert kind="info">
          {t("trust.escalatedAt", { when: when(thread.escalated_at, lang), reason: thread.escalation_reason })}
        </Alert>
      )}
      <ol className="help-thread" aria-label={heading}>
        {thread.entries.map((e) =>
          e.side === "event" ? (
            <li key={e.id} className="help-event">
              {e.event === "escalated" ? t("trust.event.escalated") : t("trust.event.closed")} ·{" "}
              <time dateTime={e.created_at}>{when(e.created_at, lang)}</time>
            </li>
          ) : (
            <li key={e.id} className={`help-entry${e.mine ? " mine" : ""}`}>
              <article>
                <p className="help-entry-head">
                  <strong>{e.mine ? t(side === "writer" ? "trust.you" : "trust.youStaff") : e.author}</strong>
                  <time dateTime={e.created_at}>{when(e.created_at, lang)}</time>
                </p>
                <p className="mod-msg-body">{e.body}</p>
              </article>
            </li>
          ),
        )}
      </ol>
      {thread.status === "closed" && <p className="muted">{t("trust.closedNote")}</p>}
      <form className="stack help-reply" onSubmit={(e) => void send(e)}>
        <div className="field">
          <label htmlFor={`${id}-reply`}>{t("trust.replyLabel")}</label>
          <textarea id={`${id}-reply`} rows={3} maxLength={4000} value={body} onChange={(e) => setBody(e.target.value)} />
        </div>
        {error !== null && <Alert>{errorText(t, error)}</Alert>}
        <div className="help-buttons">
          <button type="submit" className="primary" disabled={busy || !body.trim()}>
            {t("trust.replySend")}
          </button>
          {thread.status === "open" && (
            <button type="button" disabled={busy} onClick={() => void run(() => closeThread(orgId, threadId))}>
              {t("trust.closeThread")}
            </button>
          )}
          {side === "responder" && !thread.escalated && (
            <button type="button" className="danger" aria-expanded={escalating} onClick={() => setEscalating((v) => !v)}>
              {t("trust.escalate")}
            </button>
          )}
        </div>
      </form>
      {escalating && (
        <form className="stack help-escalate" onSubmit={(e) => void escalate(e)}>
          <p>{t("trust.escalateHelp")}</p>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t("trust.escalateReason")}</label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              maxLength={2000}
              required
              minLength={10}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <div>
            <button type="submit" className="danger" disabled={busy}>
              {t("trust.escalateConfirm")}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
