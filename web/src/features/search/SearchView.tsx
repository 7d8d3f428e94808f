// Global message search (/search?q=&chat=&author=&since=&until=): the query and filters
// live in the address, so a result opened and Back returns to the same list. Results
// show the server's safe snippet (escaped text, only <mark> around the hits) and open
// the message in its chat (history around it, highlighted).
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { api, ok, type Schemas } from "../../api/client";
import { useRuntime } from "../../app/AppShell";
import { Link, navigate, useLocation } from "../../app/router";
import { Alert, Field, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { useStore } from "../../lib/store";
import { chatTitle } from "../chats/ChatList";
import { chatMembers } from "../chats/Composer";
import { shortWhen } from "../chats/format";
import { chatList } from "../chats/reducer";
import "./search.css";

type Hit = Schemas["SearchHit"];
type Member = Schemas["ChatMemberOut"];

/** Local midnight of a form date as an instant; `after` gives the next day's, since the
 * API's `until` is exclusive and the form's "to" date inclusive. */
export function localDayStart(date: string, after = false): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + (after ? 1 : 0)).toISOString();
}

export function SearchView({ orgId, myId }: { orgId: string | null; myId: string }) {
  const { t, lang } = useI18n();
  const runtime = useRuntime();
  const { query } = useLocation();
  const formId = useId();
  const q = query.get("q") ?? "";
  const chatId = query.get("chat") ?? "";
  const author = query.get("author") ?? "";
  const since = query.get("since") ?? "";
  const until = query.get("until") ?? "";
  const [draft, setDraft] = useState({ q, chat: chatId, author, since, until });
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const state = useStore(runtime.store, (s) => s);
  const chats = useMemo(() => chatList(state, orgId), [state, orgId]);
  const org = (chatId && state.chats[chatId]?.org_id) || orgId;

  useEffect(() => setDraft({ q, chat: chatId, author, since, until }), [q, chatId, author, since, until]);

  useEffect(() => heading.current?.focus(), []);

  // Authors to filter by: the people of the chosen chat.
  useEffect(() => {
    const chat = draft.chat ? runtime.store.getState().chats[draft.chat] : undefined;
    if (!chat) {
      setMembers([]);
      return;
    }
    chatMembers(chat)
      .then(setMembers)
      .catch(() => setMembers([]));
  }, [draft.chat, runtime]);

  const params = (next: string | null) => ({
    path: { org_id: org ?? "" },
    query: {
      q,
      ...(chatId ? { chat_id: chatId } : {}),
      ...(author ? { author_id: author } : {}),
      ...(since ? { since: localDayStart(since) } : {}),
      ...(until ? { until: localDayStart(until, true) } : {}),
      limit: 20,
      ...(next ? { cursor: next } : {}),
    },
  });

  useEffect(() => {
    if (!q.trim() || !org) {
      setHits(null);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    ok(api.GET("/api/v1/orgs/{org_id}/search", { params: params(null) }))
      .then((page) => {
        if (!live) return;
        setHits(page.items);
        setCursor(page.next_cursor ?? null);
      })
      .catch((err: unknown) => {
        if (!live) return;
        setHits(null);
        setError(errorText(t, err));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
    // params() reads exactly these.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, chatId, author, since, until, org, t]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await ok(api.GET("/api/v1/orgs/{org_id}/search", { params: params(cursor) }));
      setHits((h) => [...(h ?? []), ...page.items]);
      setCursor(page.next_cursor ?? null);
    } catch (err) {
      setError(errorText(t, err));
    }
    setLoading(false);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (draft.q.trim()) p.set("q", draft.q.trim());
    if (draft.chat) p.set("chat", draft.chat);
    if (draft.author) p.set("author", draft.author);
    if (draft.since) p.set("since", draft.since);
    if (draft.until) p.set("until", draft.until);
    navigate(`/search?${p.toString()}`);
  };

  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value, ...(k === "chat" ? { author: "" } : {}) }));

  const summary =
    hits === null ? null : hits.length === 0 ? t("search.nothing") : cursor ? t("search.foundMore", { count: hits.length }) : t("search.found", { count: hits.length });

  return (
    <section className="search" aria-labelledby={`${formId}-h`}>
      <header className="chat-head">
        <Link href="/" className="back button ghost">
          <span aria-hidden="true">←</span> <span className="back-text">{t("chat.back")}</span>
        </Link>
        <h1 id={`${formId}-h`} ref={heading} tabIndex={-1}>
          {t("search.title")}
        </h1>
      </header>
      <div className="search-body">
        <form className="search-form" role="search" onSubmit={submit} aria-label={t("search.title")}>
          <div className="search-main">
            <Field
              label={t("search.query")}
              hint={t("search.queryHint")}
              type="search"
              value={draft.q}
              maxLength={200}
              onChange={set("q")}
              autoFocus={!q}
            />
            <button type="submit" className="primary">
              {t("search.submit")}
            </button>
          </div>
          <fieldset className="search-filters">
            <legend>{t("search.filters")}</legend>
            <div className="field">
              <label htmlFor={`${formId}-chat`}>{t("search.chat")}</label>
              <select id={`${formId}-chat`} value={draft.chat} onChange={set("chat")}>
                <option value="">{t("search.anyChat")}</option>
                {chats.map((c) => (
                  <option key={c.id} value={c.id}>
                    {chatTitle(c, t)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${formId}-author`}>{t("search.author")}</label>
              <select id={`${formId}-author`} value={draft.author} onChange={set("author")}>
                <option value="">{t("search.anyAuthor")}</option>
                <option value={myId}>{t("search.me")}</option>
                {members
                  .filter((m) => m.account_id !== myId)
                  .map((m) => (
                    <option key={m.account_id} value={m.account_id}>
                      {m.name}
                    </option>
                  ))}
              </select>
            </div>
            <Field label={t("search.since")} type="date" value={draft.since} onChange={set("since")} />
            <Field label={t("search.until")} type="date" value={draft.until} onChange={set("until")} />
          </fieldset>
        </form>
        <Alert>{error}</Alert>
        <p className="search-summary" role="status">
          {loading && hits === null ? t("common.loading") : summary ?? (q ? "" : t("search.intro"))}
        </p>
        {hits && hits.length > 0 && (
          <ol className="search-results" aria-label={t("search.results")}>
            {hits.map((h) => (
              <li key={h.message_id}>
                <article className="hit">
                  <header className="hit-head">
                    <span className="hit-chat">{h.chat_title || t(`kind.${h.chat_kind}` as Key)}</span>
                    <span className="hit-author">{h.author_id === myId ? t("chat.you") : h.author_name}</span>
                    <time className="hit-time" dateTime={h.created_at}>
                      {shortWhen(h.created_at, lang)}
                    </time>
                    {h.edited && <span className="hit-edited">{t("search.edited")}</span>}
                  </header>
                  {/* The server escapes the text; <mark> is the only markup. */}
                  <p className="hit-snippet" dangerouslySetInnerHTML={{ __html: h.snippet }} />
                  <Link href={`/chats/${h.chat_id}?msg=${h.message_id}`} className="hit-open">
                    {t("search.open")}
                    <span className="sr-only">: {h.chat_title}</span>
                  </Link>
                </article>
              </li>
            ))}
          </ol>
        )}
        {cursor && (
          <div className="history-top">
            <button type="button" className="secondary" disabled={loading} onClick={() => void more()}>
              {loading ? t("common.loading") : t("search.more")}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
