// The trust line (/trust): a student writes privately to the school psychologist or the
// safeguarding lead, anonymously unless they choose otherwise; their conversations, one at
// /trust/<id>. Written for children: short sentences, the danger line first.
import { useEffect, useId, useState, type FormEvent } from "react";
import { navigate } from "../../app/router";
import type { SectionProps } from "../../app/sections";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n } from "../../i18n";
import { BackToChats, ViewHeading } from "../help/kit";
import { usePaged } from "../operator/kit";
import { myThreads, openThread, trustInfo, type Thread, type TrustInfo } from "./api";
import { useModEvents } from "./ModerationPage";
import { ThreadCards, TrustThreadView } from "./TrustThread";
import "../help/help.css";
import "./moderation.css";

export default function TrustPage({ orgId, rest }: SectionProps) {
  const { t } = useI18n();
  const [info, setInfo] = useState<TrustInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    trustInfo(orgId).then(setInfo).catch(setError);
  }, [orgId]);
  const [threadId] = rest.split("/").filter(Boolean);

  return (
    <div className="section-page help-page mod-page">
      <div className="help-head">
        <BackToChats />
        <h1>{t("trust.title")}</h1>
      </div>
      <p className="mod-danger" role="note">
        {t("trust.danger")}
      </p>
      <div className="help-view">
        {threadId ? (
          <TrustThreadView key={threadId} orgId={orgId} threadId={threadId} side="writer" />
        ) : error ? (
          <Alert>{errorText(t, error)}</Alert>
        ) : !info ? (
          <Spinner label={t("common.loading")} />
        ) : (
          <Start orgId={orgId} info={info} />
        )}
      </div>
    </div>
  );
}

function Start({ orgId, info }: { orgId: string; info: TrustInfo }) {
  const { t, lang } = useI18n();
  const list = usePaged<Thread>((cursor) => myThreads(orgId, cursor), orgId);
  useModEvents("trust.thread", orgId, list.reload);
  return (
    <>
      <p className="mod-lead">{t("trust.intro")}</p>
      {!info.available ? (
        <Alert kind="info">{t("trust.unavailable")}</Alert>
      ) : !info.may_write ? (
        <Alert kind="info">{t("trust.notForYou")}</Alert>
      ) : (
        <NewThread orgId={orgId} info={info} />
      )}
      {list.items && list.items.length > 0 && (
        <>
          <h2>{t("trust.myThreads")}</h2>
          <ThreadCards items={list.items} side="writer" lang={lang} />
        </>
      )}
      {list.error ? <Alert>{errorText(t, list.error)}</Alert> : null}
    </>
  );
}

function NewThread({ orgId, info }: { orgId: string; info: TrustInfo }) {
  const { t } = useI18n();
  const [to, setTo] = useState(info.responders[0]?.membership_id ?? "");
  const [anonymous, setAnonymous] = useState(true);
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tried, setTried] = useState(false);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!body.trim() || !to) return;
    setBusy(true);
    setError(null);
    try {
      const thread = await openThread(orgId, { responder_id: to, anonymous, body });
      navigate(`/trust/${thread.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const missing = tried && !body.trim();
  return (
    <form className="stack help-form mod-trust-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <ViewHeading>
        <span id={`${id}-title`}>{t("trust.new")}</span>
      </ViewHeading>
      <fieldset>
        <legend>{t("trust.to")}</legend>
        {info.responders.map((r) => (
          <label key={r.membership_id} className="check">
            <input type="radio" name={`${id}-to`} checked={to === r.membership_id} onChange={() => setTo(r.membership_id)} />
            {r.title ? `${r.name} — ${r.title}` : r.name}
          </label>
        ))}
      </fieldset>
      <div className="mod-anon">
        <label className="check">
          <input
            type="checkbox"
            role="switch"
            checked={anonymous}
            aria-describedby={`${id}-anon-help`}
            onChange={(e) => setAnonymous(e.target.checked)}
          />
          {t("trust.anonymous")}
        </label>
        <p className="hint" id={`${id}-anon-help`}>
          {anonymous ? t("trust.anonymousHelp") : t("trust.named")}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>{t("trust.message")}</label>
        <textarea
          id={`${id}-body`}
          rows={5}
          maxLength={4000}
          required
          value={body}
          aria-invalid={missing ? true : undefined}
          aria-describedby={`${id}-body-hint`}
          onChange={(e) => setBody(e.target.value)}
        />
        <p className="hint" id={`${id}-body-hint`}>
          {t("trust.messageHint")}
        </p>
      </div>
      {error !== null && <Alert>{errorText(t, error)}</Alert>}
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("trust.sending") : t("trust.send")}
        </button>
      </div>
    </form>
  );
}
