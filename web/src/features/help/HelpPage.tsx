// The help section (/help): my support requests and their threads (/help/requests/<id>), a
// new request (/help/new), suggestions for the platform (/help/suggestions), and the
// operator's posts — news (/help/news), the knowledge base (/help/kb) and webinars
// (/help/webinars), one post at /help/posts/<id>. The server decides which posts a person
// reads (teachers' posts never reach students and parents); the knowledge base and webinars
// are offered to verified staff, whom they are written for.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useRuntime } from "../../app/AppShell";
import { Link, navigate } from "../../app/router";
import type { SectionProps } from "../../app/sections";
import { Alert, Field, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { isVerifiedStaff } from "../chats/NewChat";
import { usePaged } from "../operator/kit";
import {
  mySuggestions,
  myTickets,
  openTicket,
  orgThread,
  orgTicket,
  suggest,
  type Detail,
  type Suggestion,
  type Ticket,
} from "./api";
import { NewsList, PostView, Webinars } from "./News";
import { BackToChats, ViewHeading } from "./kit";
import { FilePicker, Thread, when } from "./Thread";
import { TicketList } from "./TicketList";
import "./help.css";

type Tab = "requests" | "new" | "suggestions" | "news" | "kb" | "webinars";
const TAB_PATH: Record<Tab, string> = {
  requests: "/help",
  new: "/help/new",
  suggestions: "/help/suggestions",
  news: "/help/news",
  kb: "/help/kb",
  webinars: "/help/webinars",
};

/** Reload when a `support.*` event about what the page shows arrives. */
function useSupportEvents(type: string, match: (data: Record<string, unknown>) => boolean, reload: () => void) {
  const runtime = useRuntime();
  const matchRef = useRef(match);
  matchRef.current = match;
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(
    () =>
      runtime.onEvent((e) => {
        if (e.type === type && matchRef.current(e.data)) reloadRef.current();
      }),
    [runtime, type],
  );
}

export default function HelpPage({ orgId, org, rest }: SectionProps) {
  const { t } = useI18n();
  const parts = rest.split("/").filter(Boolean);
  const staff = isVerifiedStaff(org.roles);
  const isAdmin = org.roles.some((r) => r.role === "admin");
  const tabs: Tab[] = staff
    ? ["requests", "new", "suggestions", "news", "kb", "webinars"]
    : ["requests", "new", "suggestions", "news"];

  let tab: Tab | null = null;
  let body: ReactNode;
  const [first, second] = parts;
  if (parts.length === 0) {
    tab = "requests";
    body = <MyRequests orgId={orgId} />;
  } else if (first === "new" && parts.length === 1) {
    tab = "new";
    body = <NewRequest orgId={orgId} orgName={org.name} isAdmin={isAdmin} />;
  } else if (first === "requests" && second && parts.length === 2) {
    tab = "requests";
    body = <RequestView key={second} orgId={orgId} ticketId={second} />;
  } else if (first === "suggestions" && parts.length === 1) {
    tab = "suggestions";
    body = <Suggestions orgId={orgId} />;
  } else if (first === "news" && parts.length === 1) {
    tab = "news";
    body = <NewsList key="news" category="news" />;
  } else if (first === "kb" && parts.length === 1) {
    tab = "kb";
    body = <NewsList key="kb" category="howto" searchable />;
  } else if (first === "webinars" && parts.length === 1) {
    tab = "webinars";
    body = <Webinars />;
  } else if (first === "posts" && second && parts.length === 2) {
    body = <PostView key={second} id={second} />;
  } else {
    body = (
      <>
        <ViewHeading>{t("notFound.title")}</ViewHeading>
        <p>
          <Link href="/help">{t("help.toRequests")}</Link>
        </p>
      </>
    );
  }

  return (
    <div className="section-page help-page">
      <div className="help-head">
        <BackToChats />
        <h1>{t("help.title")}</h1>
      </div>
      <nav aria-label={t("help.nav")}>
        <ul className="help-tabs">
          {tabs.map((x) => (
            <li key={x}>
              <Link href={TAB_PATH[x]} aria-current={x === tab ? "page" : undefined}>
                {t(`help.tab.${x}` as Key)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="help-view">{body}</div>
    </div>
  );
}

function MyRequests({ orgId }: { orgId: string }) {
  const { t, lang } = useI18n();
  const list = usePaged<Ticket>((cursor) => myTickets(orgId, cursor), orgId);
  useSupportEvents("support.ticket", (d) => d.org_id === orgId, list.reload);
  return (
    <>
      <div className="help-view-head">
        <ViewHeading>{t("help.myRequests")}</ViewHeading>
        <Link href="/help/new" className="button primary">
          {t("help.newRequest")}
        </Link>
      </div>
      <p className="muted">{t("help.requestsIntro")}</p>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="help-empty">{t("help.noRequests")}</p>
      ) : (
        <TicketList items={list.items} href={(x) => `/help/requests/${x.id}`} lang={lang} mine />
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {t("help.more")}
        </button>
      )}
    </>
  );
}

function NewRequest({ orgId, orgName, isAdmin }: { orgId: string; orgName: string; isAdmin: boolean }) {
  const { t } = useI18n();
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [toPlatform, setToPlatform] = useState(isAdmin);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tried, setTried] = useState(false);
  const bodyId = useId();

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setTried(true);
    if (!subject.trim() || !body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const d = await openTicket(orgId, subject, body, files, isAdmin && toPlatform);
      navigate(`/help/requests/${d.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const missing = (v: string) => (tried && !v.trim() ? t("help.required") : null);
  return (
    <>
      <ViewHeading>{t("help.newRequest")}</ViewHeading>
      <p className="muted">
        {isAdmin ? t("help.newIntroAdmin") : t("help.newIntro", { org: orgName })}
      </p>
      <form className="stack help-form" onSubmit={(ev) => void submit(ev)} noValidate>
        <Field
          label={t("help.subject")}
          value={subject}
          maxLength={200}
          required
          onChange={(ev) => setSubject(ev.target.value)}
          error={missing(subject)}
        />
        <div className="field">
          <label htmlFor={bodyId}>{t("help.body")}</label>
          <textarea
            id={bodyId}
            rows={6}
            maxLength={8000}
            required
            aria-invalid={missing(body) ? true : undefined}
            aria-describedby={missing(body) ? `${bodyId}-err` : `${bodyId}-hint`}
            value={body}
            onChange={(ev) => setBody(ev.target.value)}
          />
          <p className="hint" id={`${bodyId}-hint`}>
            {t("help.bodyHint")}
          </p>
          {missing(body) && (
            <p className="field-error" id={`${bodyId}-err`}>
              {missing(body)}
            </p>
          )}
        </div>
        <FilePicker files={files} onChange={setFiles} />
        {isAdmin && (
          <label className="check">
            <input type="checkbox" checked={toPlatform} onChange={(ev) => setToPlatform(ev.target.checked)} />
            {t("help.toPlatform")}
          </label>
        )}
        {error !== null && <Alert>{errorText(t, error)}</Alert>}
        <div className="help-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("help.sending") : t("help.sendRequest")}
          </button>
          <Link href="/help" className="button">
            {t("common.cancel")}
          </Link>
        </div>
      </form>
    </>
  );
}

function RequestView({ orgId, ticketId }: { orgId: string; ticketId: string }) {
  const { t } = useI18n();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    orgTicket(orgId, ticketId)
      .then((d) => {
        setDetail(d);
        setError(null);
      })
      .catch(setError);
  }, [orgId, ticketId]);
  useEffect(load, [load]);
  useSupportEvents("support.ticket", (d) => d.ticket_id === ticketId, load);

  return (
    <>
      <p className="help-backlink">
        <Link href="/help">
          <span aria-hidden="true">←</span> {t("help.toRequests")}
        </Link>
      </p>
      {error !== null && detail === null ? (
        <Alert>{errorText(t, error)}</Alert>
      ) : detail === null ? (
        <Spinner label={t("common.loading")} />
      ) : (
        <>
          <ViewHeading>{detail.subject}</ViewHeading>
          <Thread detail={detail} api={orgThread(orgId, ticketId)} onChange={setDetail} />
        </>
      )}
    </>
  );
}

function Suggestions({ orgId }: { orgId: string }) {
  const { t, lang } = useI18n();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [tried, setTried] = useState(false);
  const bodyId = useId();
  const list = usePaged<Suggestion>((cursor) => mySuggestions(orgId, cursor), orgId);
  useSupportEvents("support.suggestion", () => true, list.reload);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setTried(true);
    setDone(false);
    if (!title.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await suggest(orgId, title, body);
      setTitle("");
      setBody("");
      setTried(false);
      setDone(true);
      list.reload();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };

  return (
    <>
      <ViewHeading>{t("help.suggestTitle")}</ViewHeading>
      <p className="muted">{t("help.suggestIntro")}</p>
      <form className="stack help-form" onSubmit={(ev) => void submit(ev)} noValidate>
        <Field
          label={t("help.suggestion")}
          value={title}
          maxLength={200}
          required
          onChange={(ev) => setTitle(ev.target.value)}
          error={tried && !title.trim() ? t("help.required") : null}
        />
        <div className="field">
          <label htmlFor={bodyId}>
            {t("help.suggestDetails")} <span className="muted">({t("common.optional")})</span>
          </label>
          <textarea id={bodyId} rows={4} maxLength={4000} value={body} onChange={(ev) => setBody(ev.target.value)} />
        </div>
        {error !== null && <Alert>{errorText(t, error)}</Alert>}
        {done && <Alert kind="ok">{t("help.suggestThanks")}</Alert>}
        <div className="help-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t("help.suggestSend")}
          </button>
        </div>
      </form>
      <h3>{t("help.mySuggestions")}</h3>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="help-empty">{t("help.noSuggestions")}</p>
      ) : (
        <ul className="help-cards">
          {list.items.map((s) => (
            <li key={s.id} className="help-card">
              <div className="help-card-main">
                <p className="help-card-title">{s.title}</p>
                {s.body && <p className="help-card-text">{s.body}</p>}
                {s.reply && (
                  <p className="help-reply-text">
                    <strong>{t("help.platformSupport")}:</strong> {s.reply}
                  </p>
                )}
              </div>
              <div className="help-card-side">
                <span className="status-pill help-pill">{t(`help.sstatus.${s.status}` as Key)}</span>
                <time className="muted" dateTime={s.created_at}>
                  {when(s.created_at, lang)}
                </time>
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && (
        <button type="button" className="secondary" onClick={() => void list.more()} disabled={list.loadingMore}>
          {t("help.more")}
        </button>
      )}
    </>
  );
}
