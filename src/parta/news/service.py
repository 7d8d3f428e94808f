"""Reading the operator's posts: platform news, the knowledge base (how-tos) and the
calendar of webinars, for every member whose audience a post is for (news/policy.py)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.kit.clock import utcnow
from parta.kit.errors import Forbidden, not_found
from parta.kit.ids import is_id
from parta.kit.pagination import Page, clamp_limit
from parta.models import Membership, NewsPost, Org
from parta.news import policy
from parta.news.schemas import NewsPostOut, NewsPostSummary
from parta.news.views import post_out, summary
from parta.support.keyset import before, make_cursor

MAX_QUERY_WORDS = 6
MAX_WEBINARS = 100
# A webinar stays in the "upcoming" list while it may still be running.
RUNNING = timedelta(hours=2)


def fold(text: str) -> str:
    """Case-folded, ё as е, single spaces: folded in Python so that Cyrillic matches alike
    on every backend (SQLite's lower() folds ASCII only)."""
    return " ".join(text.casefold().replace("ё", "е").split())


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def audiences(db: AsyncSession, actor: Actor) -> frozenset[str]:
    """The audiences the person reads; 403 `news_members_only` for someone who belongs to
    no organisation."""
    if actor.account.is_operator:
        return policy.audiences_for((), operator=True)
    stmt = (
        sa.select(Membership.role, Membership.verified_at)
        .join(Org, Org.id == Membership.org_id)
        .where(
            Membership.account_id == actor.id,
            Membership.status == "active",
            Org.status == "active",
        )
    )
    rows = (await db.execute(stmt)).all()
    found = policy.audiences_for(policy.Role(r, v is not None) for r, v in rows)
    if not found:
        raise Forbidden(
            "Platform news are for members of an organisation.", code="news_members_only"
        )
    return found


def _readable(seen: frozenset[str]) -> sa.ColumnElement[bool]:
    return sa.and_(NewsPost.status == "published", NewsPost.audience.in_(sorted(seen)))


async def feed(
    db: AsyncSession,
    actor: Actor,
    *,
    category: str | None,
    q: str | None,
    cursor: str | None,
    limit: int | None,
) -> Page[NewsPostSummary]:
    """Published posts for me, newest first, by category and words of the title or text."""
    seen = await audiences(db, actor)
    n = clamp_limit(limit)
    stmt = sa.select(NewsPost).where(_readable(seen))
    if category:
        stmt = stmt.where(NewsPost.category == category)
    for word in fold(q or "").split()[:MAX_QUERY_WORDS]:
        stmt = stmt.where(NewsPost.search_text.like(f"%{_escape_like(word)}%", escape="\\"))
    if cursor is not None:
        stmt = stmt.where(before(NewsPost.published_at, NewsPost.id, cursor))
    stmt = stmt.order_by(NewsPost.published_at.desc(), NewsPost.id.desc()).limit(n + 1)
    rows = list((await db.execute(stmt)).scalars())
    more = len(rows) > n
    rows = rows[:n]
    last = rows[-1] if more and rows else None
    next_cursor = make_cursor(last.published_at, last.id) if last and last.published_at else None
    return Page(items=[summary(p) for p in rows], next_cursor=next_cursor)


async def webinars(db: AsyncSession, actor: Actor) -> list[NewsPostSummary]:
    """Upcoming webinars for me (including ones that began within the last two hours),
    soonest first."""
    seen = await audiences(db, actor)
    stmt = (
        sa.select(NewsPost)
        .where(
            _readable(seen),
            NewsPost.category == "webinar",
            NewsPost.webinar_at >= utcnow() - RUNNING,
        )
        .order_by(NewsPost.webinar_at, NewsPost.id)
        .limit(MAX_WEBINARS)
    )
    return [summary(p) for p in (await db.execute(stmt)).scalars()]


async def get_post(db: AsyncSession, actor: Actor, post_id: str) -> NewsPostOut:
    """One published post for me; 404 for drafts and posts for another audience."""
    seen = await audiences(db, actor)
    post = await db.get(NewsPost, post_id) if is_id(post_id) else None
    if post is None or post.status != "published" or post.audience not in seen:
        raise not_found("post")
    return post_out(post)
