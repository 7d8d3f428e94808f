"""The operator writes posts: drafts, then published (or taken back) for their audience."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import Actor
from parta.kit.clock import utcnow
from parta.kit.errors import Unprocessable, not_found
from parta.kit.ids import is_id
from parta.kit.pagination import Page, clamp_limit
from parta.materials.links import clean_url
from parta.models import NewsPost
from parta.news.render import render_post
from parta.news.schemas import NewsEditorPostOut, NewsPostIn, NewsPostPatch
from parta.news.service import fold
from parta.news.views import editor_out


def _check(post: NewsPost) -> None:
    """A webinar needs its time; other posts carry no webinar fields."""
    if post.category == "webinar":
        if post.webinar_at is None:
            raise Unprocessable(
                "Give the webinar's date and time.", fields={"webinar_at": "required"}
            )
        if post.webinar_url:
            try:
                post.webinar_url = clean_url(post.webinar_url)
            except Unprocessable as exc:
                raise Unprocessable(
                    exc.message, code="invalid_url", fields={"webinar_url": exc.message}
                ) from None
        else:
            post.webinar_url = None
    else:
        post.webinar_at, post.webinar_url = None, None


def _rendered(post: NewsPost) -> None:
    post.body_html = render_post(post.body) if post.body else ""
    post.search_text = fold(f"{post.title} {post.body}")


async def _post(db: AsyncSession, post_id: str) -> NewsPost:
    post = await db.get(NewsPost, post_id) if is_id(post_id) else None
    if post is None:
        raise not_found("post")
    return post


async def list_posts(
    db: AsyncSession,
    *,
    status: str | None,
    category: str | None,
    cursor: str | None,
    limit: int | None,
) -> Page[NewsEditorPostOut]:
    """Every post, drafts included, newest first."""
    n = clamp_limit(limit)
    stmt = sa.select(NewsPost)
    if status:
        stmt = stmt.where(NewsPost.status == status)
    if category:
        stmt = stmt.where(NewsPost.category == category)
    if cursor is not None:
        if not is_id(cursor):
            raise Unprocessable("The page cursor is not valid.", code="bad_cursor")
        stmt = stmt.where(NewsPost.id < cursor)
    rows = list((await db.execute(stmt.order_by(NewsPost.id.desc()).limit(n + 1))).scalars())
    more = len(rows) > n
    rows = rows[:n]
    return Page(
        items=[editor_out(p) for p in rows], next_cursor=rows[-1].id if more and rows else None
    )


async def get(db: AsyncSession, post_id: str) -> NewsEditorPostOut:
    return editor_out(await _post(db, post_id))


async def create(db: AsyncSession, actor: Actor, data: NewsPostIn) -> NewsEditorPostOut:
    """A new draft. 422 for a webinar without its time or with a bad address."""
    post = NewsPost(
        title=data.title,
        body=data.body,
        category=data.category,
        audience=data.audience,
        webinar_at=data.webinar_at,
        webinar_url=data.webinar_url,
        status="draft",
        created_by=actor.id,
    )
    _check(post)
    _rendered(post)
    db.add(post)
    await db.flush()
    return editor_out(post)


async def update(db: AsyncSession, post_id: str, data: NewsPostPatch) -> NewsEditorPostOut:
    """Change the fields sent; a published post stays published."""
    post = await _post(db, post_id)
    for name, value in data.model_dump(exclude_unset=True).items():
        if value is None and name not in ("webinar_at", "webinar_url"):
            raise Unprocessable("This field cannot be empty.", fields={name: "required"})
        setattr(post, name, value)
    _check(post)
    _rendered(post)
    post.updated_at = utcnow()
    await db.flush()
    return editor_out(post)


async def _publishing(
    db: AsyncSession, actor: Actor, post_id: str, status: str, ip: str
) -> NewsEditorPostOut:
    post = await _post(db, post_id)
    if post.status != status:
        post.status = status
        if status == "published" and post.published_at is None:
            post.published_at = utcnow()
        await db.flush()
        await record(
            db,
            "news.published" if status == "published" else "news.unpublished",
            actor_id=actor.id,
            target_type="news_post",
            target_id=post.id,
            ip=ip,
            data={"title": post.title, "audience": post.audience},
        )
    return editor_out(post)


async def publish(db: AsyncSession, actor: Actor, post_id: str, ip: str) -> NewsEditorPostOut:
    """Show the post to its audience (the first publication dates it)."""
    return await _publishing(db, actor, post_id, "published", ip)


async def unpublish(db: AsyncSession, actor: Actor, post_id: str, ip: str) -> NewsEditorPostOut:
    """Take the post back to the drafts."""
    return await _publishing(db, actor, post_id, "draft", ip)


async def delete(db: AsyncSession, actor: Actor, post_id: str, ip: str) -> None:
    post = await _post(db, post_id)
    await record(
        db,
        "news.deleted",
        actor_id=actor.id,
        target_type="news_post",
        target_id=post.id,
        ip=ip,
        data={"title": post.title},
    )
    await db.delete(post)
    await db.flush()
