// The operator's posts for readers: news, the knowledge base (how-tos, searchable), the
// calendar of upcoming webinars, and one post.
import { useEffect, useId, useState, type FormEvent } from "react";
import { Link } from "../../app/router";
import { Alert, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key, type Lang } from "../../i18n";
import { usePaged } from "../operator/kit";
import { newsFeed, newsPost, webinars, type Category, type Post, type PostSummary } from "./api";
import { ViewHeading } from "./kit";
import { when } from "./Thread";

const HEADINGS: Record<Category, Key> = { news: "help.tab.news", howto: "help.tab.kb", webinar: "help.tab.webinars" };

export function webinarTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "short" }).format(new Date(iso));
}

function PostCard({ p }: { p: PostSummary }) {
  const { t, lang } = useI18n();
  return (
    <li className="help-card help-post-card">
      <div className="help-card-main">
        <Link href={`/help/posts/${p.id}`} className="help-card-title">
          {p.title}
        </Link>
        {p.category === "webinar" && p.webinar_at && (
          <p className="help-when">
            <time dateTime={p.webinar_at}>{webinarTime(p.webinar_at, lang)}</time>
          </p>
        )}
        {p.excerpt && <p className="help-card-text">{p.excerpt}</p>}
      </div>
      <div className="help-card-side">
        {p.audience === "everyone" ? null : <span className="status-pill help-pill">{t("help.forTeachers")}</span>}
        <time className="muted" dateTime={p.published_at ?? undefined}>
          {when(p.published_at, lang)}
        </time>
      </div>
    </li>
  );
}

export function NewsList({ category, searchable = false }: { category: Category; searchable?: boolean }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState("");
  const [q, setQ] = useState("");
  const searchId = useId();
  const list = usePaged<PostSummary>((cursor) => newsFeed(category, q, cursor), `${category}:${q}`);
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    setQ(draft);
  };
  return (
    <>
      <ViewHeading>{t(HEADINGS[category])}</ViewHeading>
      {category === "howto" && <p className="muted">{t("help.kbIntro")}</p>}
      {searchable && (
        <form role="search" className="help-search" onSubmit={submit}>
          <label htmlFor={searchId}>{t("help.search")}</label>
          <input id={searchId} type="search" value={draft} maxLength={200} onChange={(ev) => setDraft(ev.target.value)} />
          <button type="submit">{t("help.find")}</button>
        </form>
      )}
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="help-empty">{q ? t("help.nothingFound") : t("help.noPosts")}</p>
      ) : (
        <ul className="help-cards">
          {list.items.map((p) => (
            <PostCard key={p.id} p={p} />
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

export function Webinars() {
  const { t } = useI18n();
  const [items, setItems] = useState<PostSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    webinars()
      .then((xs) => live && setItems(xs))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, []);
  return (
    <>
      <ViewHeading>{t("help.tab.webinars")}</ViewHeading>
      <p className="muted">{t("help.webinarsIntro")}</p>
      {error !== null ? (
        <Alert>{errorText(t, error)}</Alert>
      ) : items === null ? (
        <Spinner label={t("common.loading")} />
      ) : items.length === 0 ? (
        <p className="help-empty">{t("help.noWebinars")}</p>
      ) : (
        <ul className="help-cards">
          {items.map((p) => (
            <PostCard key={p.id} p={p} />
          ))}
        </ul>
      )}
      <p>
        <Link href="/help/kb">{t("help.toKb")}</Link>
      </p>
    </>
  );
}

export function PostView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [post, setPost] = useState<Post | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    newsPost(id)
      .then((p) => live && setPost(p))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [id]);
  const back = post?.category === "howto" ? "/help/kb" : post?.category === "webinar" ? "/help/webinars" : "/help/news";
  return (
    <>
      <p className="help-backlink">
        <Link href={back}>
          <span aria-hidden="true">←</span> {t(HEADINGS[post?.category ?? "news"])}
        </Link>
      </p>
      {error !== null ? (
        <Alert>{errorText(t, error)}</Alert>
      ) : post === null ? (
        <Spinner label={t("common.loading")} />
      ) : (
        <article className="help-post">
          <ViewHeading>{post.title}</ViewHeading>
          <p className="muted">
            {t(`help.category.${post.category}` as Key)} · <time dateTime={post.published_at ?? undefined}>{when(post.published_at, lang)}</time>
          </p>
          {post.category === "webinar" && post.webinar_at && (
            <div className="help-webinar alert alert-info">
              <p>
                <strong>{t("help.webinarAt")}</strong> <time dateTime={post.webinar_at}>{webinarTime(post.webinar_at, lang)}</time>
              </p>
              {post.webinar_url && (
                <p>
                  <a href={post.webinar_url} target="_blank" rel="noopener noreferrer">
                    {t("help.webinarJoin")}
                  </a>
                </p>
              )}
            </div>
          )}
          <div className="msg-body help-body" dangerouslySetInnerHTML={{ __html: post.html }} />
        </article>
      )}
    </>
  );
}
