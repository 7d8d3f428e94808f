// The operator console's posts (/operator/news): news, how-tos of the knowledge base and
// webinars; /operator/news/new and /operator/news/<id> edit one. Drafts are seen by nobody
// else; publishing shows a post to its audience (teachers, or everyone).
import { useEffect, useId, useState, type FormEvent } from "react";
import { ApiError, api, ok } from "../../api/client";
import { Link, navigate, useLocation } from "../../app/router";
import { Alert, Field, Spinner, errorText } from "../../components/ui";
import { useI18n, type Key } from "../../i18n";
import { usePaged } from "../operator/kit";
import { CATEGORIES, type Audience, type Category, type EditorPost } from "./api";
import { when } from "./Thread";
import "./help.css";

type Filter = Category | "all";

export default function NewsEditor({ id }: { id: string | null }) {
  if (id === "new") return <PostForm key="new" post={null} />;
  if (id) return <EditPost key={id} id={id} />;
  return <PostList />;
}

function PostList() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const raw = query.get("category") ?? "all";
  const filter: Filter = (CATEGORIES as string[]).includes(raw) ? (raw as Category) : "all";
  const list = usePaged<EditorPost>(
    (cursor) =>
      ok(
        api.GET("/api/v1/operator/news", {
          params: { query: { category: filter === "all" ? undefined : filter, cursor: cursor ?? undefined, limit: 50 } },
        }),
      ),
    filter,
  );
  const filters: Filter[] = ["all", ...CATEGORIES];
  return (
    <>
      <div className="help-view-head">
        <h1>{t("help.op.news")}</h1>
        <Link href="/operator/news/new" className="button primary">
          {t("help.op.newPost")}
        </Link>
      </div>
      <nav aria-label={t("help.op.categoryFilter")}>
        <ul className="help-tabs">
          {filters.map((f) => (
            <li key={f}>
              <Link href={f === "all" ? "/operator/news" : `/operator/news?category=${f}`} aria-current={f === filter ? "page" : undefined}>
                {t(f === "all" ? "help.filter.all" : (`help.category.${f}` as Key))}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {list.error ? (
        <Alert>{errorText(t, list.error)}</Alert>
      ) : list.items === null ? (
        <Spinner label={t("common.loading")} />
      ) : list.items.length === 0 ? (
        <p className="help-empty">{t("help.noPosts")}</p>
      ) : (
        <ul className="help-cards">
          {list.items.map((p) => (
            <li key={p.id} className="help-card">
              <div className="help-card-main">
                <Link href={`/operator/news/${p.id}`} className="help-card-title">
                  {p.title}
                </Link>
                <p className="muted help-card-sub">
                  {t(`help.category.${p.category}` as Key)} · {t(`help.audience.${p.audience}` as Key)}
                  {p.webinar_at && ` · ${when(p.webinar_at, lang)}`}
                </p>
              </div>
              <div className="help-card-side">
                <span className={`status-pill help-pill ${p.status === "published" ? "ok" : ""}`}>
                  {t(`help.op.status.${p.status}` as Key)}
                </span>
                <time className="muted" dateTime={p.created_at}>
                  {when(p.created_at, lang)}
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

function EditPost({ id }: { id: string }) {
  const { t } = useI18n();
  const [post, setPost] = useState<EditorPost | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    ok(api.GET("/api/v1/operator/news/{post_id}", { params: { path: { post_id: id } } }))
      .then(setPost)
      .catch(setError);
  }, [id]);
  if (error) return <Alert>{errorText(t, error)}</Alert>;
  if (!post) return <Spinner label={t("common.loading")} />;
  return <PostForm post={post} />;
}

/** An ISO instant as the value of a datetime-local input (the browser's zone). */
function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function PostForm({ post: initial }: { post: EditorPost | null }) {
  const { t } = useI18n();
  const [post, setPost] = useState<EditorPost | null>(initial);
  const [title, setTitle] = useState(initial?.title ?? "");
  const [body, setBody] = useState(initial?.body ?? "");
  const [category, setCategory] = useState<Category>(initial?.category ?? "news");
  const [audience, setAudience] = useState<Audience>(initial?.audience ?? "teachers");
  const [at, setAt] = useState(toLocalInput(initial?.webinar_at));
  const [url, setUrl] = useState(initial?.webinar_url ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState("");
  const [confirming, setConfirming] = useState(false);
  const ids = { body: useId(), category: useId(), audience: useId() };

  const fields = () => ({
    title,
    body,
    category,
    audience,
    webinar_at: category === "webinar" && at ? new Date(at).toISOString() : null,
    webinar_url: category === "webinar" && url.trim() ? url.trim() : null,
  });

  const run = async (work: () => Promise<EditorPost | null>, done: string) => {
    setBusy(true);
    setError(null);
    setSaid("");
    try {
      const p = await work();
      if (p) setPost(p);
      setSaid(done);
      return p;
    } catch (err) {
      setError(err);
      return null;
    } finally {
      setBusy(false);
    }
  };

  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    const body = fields();
    if (post === null) {
      const p = await run(() => ok(api.POST("/api/v1/operator/news", { body })), t("help.op.saved"));
      if (p) navigate(`/operator/news/${p.id}`, { replace: true });
    } else {
      await run(
        () => ok(api.PATCH("/api/v1/operator/news/{post_id}", { params: { path: { post_id: post.id } }, body })),
        t("help.op.saved"),
      );
    }
  };

  const publish = (on: boolean) => {
    if (!post) return;
    const path = { post_id: post.id };
    void run(
      () =>
        on
          ? ok(api.POST("/api/v1/operator/news/{post_id}/publish", { params: { path } }))
          : ok(api.POST("/api/v1/operator/news/{post_id}/unpublish", { params: { path } })),
      on ? t("help.op.publishedNow") : t("help.op.unpublishedNow"),
    );
  };

  const remove = async () => {
    if (!post) return;
    setBusy(true);
    setError(null);
    try {
      await ok(api.DELETE("/api/v1/operator/news/{post_id}", { params: { path: { post_id: post.id } } }));
      navigate("/operator/news");
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const fieldErr = (name: string) => (error instanceof ApiError && error.fields?.[name] ? t("help.op.checkField") : null);

  return (
    <>
      <p className="help-backlink">
        <Link href="/operator/news">
          <span aria-hidden="true">←</span> {t("help.op.news")}
        </Link>
      </p>
      <h1>{post ? t("help.op.editPost") : t("help.op.newPost")}</h1>
      {post && (
        <p>
          <span className={`status-pill help-pill ${post.status === "published" ? "ok" : ""}`}>
            {t(`help.op.status.${post.status}` as Key)}
          </span>
        </p>
      )}
      <form className="stack help-form" onSubmit={(ev) => void save(ev)} noValidate>
        <Field label={t("help.op.postTitle")} value={title} maxLength={200} onChange={(ev) => setTitle(ev.target.value)} error={fieldErr("title")} />
        <div className="field">
          <label htmlFor={ids.category}>{t("help.op.category")}</label>
          <select id={ids.category} value={category} onChange={(ev) => setCategory(ev.target.value as Category)}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`help.category.${c}` as Key)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="help-fieldset">
          <legend>{t("help.op.audience")}</legend>
          {(["teachers", "everyone"] as Audience[]).map((a) => (
            <label key={a} className="check">
              <input type="radio" name={ids.audience} value={a} checked={audience === a} onChange={() => setAudience(a)} />
              {t(`help.audience.${a}` as Key)}
            </label>
          ))}
        </fieldset>
        {category === "webinar" && (
          <>
            <Field
              label={t("help.op.webinarAt")}
              type="datetime-local"
              value={at}
              onChange={(ev) => setAt(ev.target.value)}
              error={fieldErr("webinar_at")}
            />
            <Field
              label={t("help.op.webinarUrl")}
              type="url"
              value={url}
              placeholder="https://"
              onChange={(ev) => setUrl(ev.target.value)}
              error={fieldErr("webinar_url")}
            />
          </>
        )}
        <div className="field">
          <label htmlFor={ids.body}>{t("help.op.body")}</label>
          <textarea
            id={ids.body}
            rows={14}
            maxLength={40000}
            value={body}
            aria-describedby={`${ids.body}-hint`}
            onChange={(ev) => setBody(ev.target.value)}
          />
          <p className="hint" id={`${ids.body}-hint`}>
            {t("help.op.bodyHint")}
          </p>
        </div>
        {error !== null && <Alert>{errorText(t, error)}</Alert>}
        <p className="muted help-said" role="status">
          {error === null ? said : ""}
        </p>
        <div className="help-buttons">
          <button type="submit" className="primary" disabled={busy}>
            {t("help.op.save")}
          </button>
          {post && post.status === "draft" && (
            <button type="button" disabled={busy} onClick={() => publish(true)}>
              {t("help.op.publish")}
            </button>
          )}
          {post && post.status === "published" && (
            <button type="button" disabled={busy} onClick={() => publish(false)}>
              {t("help.op.unpublish")}
            </button>
          )}
          {post && !confirming && (
            <button type="button" className="danger" disabled={busy} onClick={() => setConfirming(true)}>
              {t("help.op.delete")}
            </button>
          )}
        </div>
        {post && confirming && (
          <div className="help-buttons" role="group" aria-label={t("help.op.deleteConfirm")}>
            <span>{t("help.op.deleteConfirm")}</span>
            <button type="button" className="danger" autoFocus onClick={() => void remove()}>
              {t("help.op.deleteYes")}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
          </div>
        )}
      </form>
      {post?.html && (
        <section className="help-preview" aria-labelledby={`${ids.body}-preview`}>
          <h2 id={`${ids.body}-preview`}>{t("help.op.preview")}</h2>
          <div className="msg-body help-body" dangerouslySetInnerHTML={{ __html: post.html }} />
        </section>
      )}
    </>
  );
}
