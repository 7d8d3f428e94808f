"""The community's conversation: posts, replies to a post, deleting.

Its own small store rather than a chat: every chat, chat member and message belongs to one
organisation and is read by org-scoped code (history, /sync, search, files, webhooks,
exports), so a chat shared by several organisations would either break that scoping or leak
through one of those readers. A post is delivered live to the members the community has at
that moment (`community.post`), with no per-chat sequence; the client reloads the newest
page after a reconnect.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.chats.flood import SlidingWindow
from parta.communities import access, notices, policy
from parta.communities.access import CommunityContext
from parta.communities.schemas import (
    CommunityOrgRef,
    CommunityPostIn,
    CommunityPostOut,
    CommunityPostPage,
)
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, TooManyRequests, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.messages.render import render
from parta.models import CommunityPost

PAGE = 30
MAX_PAGE = 100
MAX_REPLIES = 500
_flood = SlidingWindow(limit=10, window=10.0)


async def _views(db: AsyncSession, posts: list[CommunityPost]) -> list[CommunityPostOut]:
    names = await access.org_names(db, {p.author_org_id for p in posts})
    return [
        CommunityPostOut(
            id=p.id,
            community_id=p.community_id,
            parent_id=p.parent_id,
            author_id=p.author_id,
            author_name=p.author_name,
            author_org=(
                CommunityOrgRef(id=p.author_org_id, name=names.get(p.author_org_id, ""))
                if p.author_org_id
                else None
            ),
            body="" if p.deleted_at else p.body,
            html="" if p.deleted_at else p.html,
            reply_count=p.reply_count,
            last_reply_at=p.last_reply_at,
            created_at=p.created_at,
            deleted=p.deleted_at is not None,
        )
        for p in posts
    ]


async def list_posts(
    db: AsyncSession, actor: Actor, community_id: str, *, cursor: str | None, limit: int | None
) -> CommunityPostPage:
    """Posts (not replies), newest first. A deleted post stays as a placeholder while it
    has replies."""
    await access.community_context(db, actor, community_id)
    n = max(1, min(limit or PAGE, MAX_PAGE))
    stmt = sa.select(CommunityPost).where(
        CommunityPost.community_id == community_id,
        CommunityPost.parent_id.is_(None),
        sa.or_(CommunityPost.deleted_at.is_(None), CommunityPost.reply_count > 0),
    )
    if cursor:
        if not is_id(cursor):
            raise Unprocessable("The cursor is not valid.", fields={"cursor": "not an id"})
        stmt = stmt.where(CommunityPost.id < cursor)
    rows = list((await db.execute(stmt.order_by(CommunityPost.id.desc()).limit(n + 1))).scalars())
    more = len(rows) > n
    rows = rows[:n]
    return CommunityPostPage(
        items=await _views(db, rows), next_cursor=rows[-1].id if more else None
    )


async def _post(
    db: AsyncSession, community_id: str, post_id: str, *, lock: bool = False
) -> CommunityPost:
    if not is_id(post_id):
        raise not_found("post")
    stmt = sa.select(CommunityPost).where(
        CommunityPost.id == post_id, CommunityPost.community_id == community_id
    )
    if lock:
        stmt = stmt.with_for_update()
    post = (await db.execute(stmt)).scalar_one_or_none()
    if post is None:
        raise not_found("post")
    return post


async def replies(
    db: AsyncSession, actor: Actor, community_id: str, post_id: str
) -> list[CommunityPostOut]:
    """Replies to a post, oldest first (deleted replies are left out)."""
    await access.community_context(db, actor, community_id)
    post = await _post(db, community_id, post_id)
    stmt = (
        sa.select(CommunityPost)
        .where(
            CommunityPost.community_id == community_id,
            CommunityPost.parent_id == post.id,
            CommunityPost.deleted_at.is_(None),
        )
        .order_by(CommunityPost.id)
        .limit(MAX_REPLIES)
    )
    return await _views(db, list((await db.execute(stmt)).scalars()))


def _check_flood(cc: CommunityContext) -> None:
    wait = _flood.hit(cc.account_id, utcnow().timestamp())
    if wait > 0:
        raise TooManyRequests(
            "You are posting too fast. Wait a moment.",
            code="flood",
            headers={"Retry-After": str(max(1, int(wait + 0.999)))},
        )


async def create_post(
    db: AsyncSession, actor: Actor, community_id: str, body: CommunityPostIn
) -> tuple[CommunityPostOut, bool]:
    """Post, or reply to a post. A retry with the same `client_id` returns the stored post
    (False: not new). Members get `community.post`."""
    # The community row's lock orders concurrent posts and keeps reply counts exact.
    cc = await access.community_context(db, actor, community_id, lock=True)
    text = body.body.strip()
    if not text:
        raise Unprocessable("The post is empty.", fields={"body": "The post is empty."})
    stmt = sa.select(CommunityPost).where(
        CommunityPost.community_id == community_id,
        CommunityPost.author_id == cc.account_id,
        CommunityPost.client_id == body.client_id,
    )
    existing = (await db.execute(stmt)).scalar_one_or_none()
    if existing is not None:
        return (await _views(db, [existing]))[0], False
    _check_flood(cc)
    parent: CommunityPost | None = None
    if body.parent_id is not None:
        parent = await _post(db, community_id, body.parent_id, lock=True)
        if parent.parent_id is not None:
            raise Unprocessable(
                "Reply to the post itself, not to a reply.",
                code="reply_to_reply",
                fields={"parent_id": "a reply"},
            )
        if parent.deleted_at is not None:
            raise Conflict("The post was deleted.", code="post_deleted")
    now = utcnow()
    post = CommunityPost(
        community_id=community_id,
        parent_id=parent.id if parent else None,
        author_id=cc.account_id,
        author_org_id=cc.me.org_id,
        author_name=cc.me.name,
        client_id=body.client_id,
        body=text,
        html=render(text, {}),
        created_at=now,
    )
    db.add(post)
    if parent is not None:
        parent.reply_count += 1
        parent.last_reply_at = now
    await db.flush()
    out = (await _views(db, [post]))[0]
    data = {"post": out.model_dump(mode="json")}
    if parent is not None:
        data["parent"] = {"id": parent.id, "reply_count": parent.reply_count}
    await notices.tell_members(db, community_id, "community.post", data)
    return out, True


async def delete_post(db: AsyncSession, actor: Actor, community_id: str, post_id: str) -> None:
    """Delete a post or reply (its author or a moderator). Members get
    `community.post_deleted`."""
    cc = await access.community_context(db, actor, community_id, lock=True)
    post = await _post(db, community_id, post_id, lock=True)
    if post.deleted_at is not None:
        return
    if not policy.may_delete_post(cc.role, post.author_id == cc.account_id):
        raise Forbidden("Only the author or a moderator can delete this.", code="may_not_delete")
    post.deleted_at, post.deleted_by = utcnow(), cc.account_id
    post.body, post.html = "", ""
    data: dict[str, object] = {"post_id": post.id, "parent_id": post.parent_id}
    if post.parent_id is not None:
        parent = await _post(db, community_id, post.parent_id, lock=True)
        parent.reply_count = max(0, parent.reply_count - 1)
        data["parent"] = {"id": parent.id, "reply_count": parent.reply_count}
    await db.flush()
    await notices.tell_members(db, community_id, "community.post_deleted", data)
