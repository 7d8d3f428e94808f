"""Comments under channel posts: a thread per post, outside the channel's history.

Comments are their own rows, not messages of the chat, so the channel's history, unread
counts, chat-list preview and search stay the posts'. Each new or deleted comment is an
event in the channel's log (`channel.comment`, `channel.comment_deleted`) carrying the
post's new comment count, so every member's count follows live and a reconnecting client
catches up through /sync like for any other event. Changes to one post's comments take
its counters row's lock, so the counts the events carry are exact.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.avatars.urls import avatar_url
from parta.channels.policy import may_comment, may_delete_comment
from parta.channels.posts import channel_of, lock_row, post_in, stats_for
from parta.channels.schemas import ChannelCommentOut, ChannelCommentPage
from parta.chats import flood
from parta.chats.people import Brief, briefs
from parta.kit.clock import utcnow
from parta.kit.errors import Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id, new_id
from parta.messages import render
from parta.models import ChannelComment, Chat, Message
from parta.realtime.log import emit

DEFAULT_EDIT_WINDOW_MINUTES = 48 * 60


def _edit_window(ctx: OrgContext) -> timedelta:
    minutes = ctx.org.settings.get("edit_window_minutes", DEFAULT_EDIT_WINDOW_MINUTES)
    return timedelta(
        minutes=int(minutes) if isinstance(minutes, int) else DEFAULT_EDIT_WINDOW_MINUTES
    )


def clean_text(body: str) -> str:
    """The text as stored: no NUL, trimmed, not empty, not too long (422 otherwise)."""
    text = body.replace("\x00", "").strip()
    if not text:
        raise Unprocessable("The comment is empty.", code="empty_message", fields={"body": "empty"})
    if len(text) > render.MAX_LENGTH:
        raise Unprocessable(
            f"The comment is longer than {render.MAX_LENGTH} characters.",
            code="message_too_long",
            fields={"body": f"at most {render.MAX_LENGTH} characters"},
        )
    return text


def _view(c: ChannelComment, people: dict[str, Brief]) -> ChannelCommentOut:
    author = people.get(c.author_id)
    return ChannelCommentOut(
        id=c.id,
        post_id=c.post_id,
        author_id=c.author_id,
        author_name=author.name if author else "",
        author_verified=bool(author and author.verified),
        author_avatar_url=avatar_url(author.avatar_file_id) if author else None,
        client_id=c.client_id,
        body=c.body,
        html=c.html,
        created_at=c.created_at,
    )


async def comment_views(
    db: AsyncSession, org_id: str, comments: list[ChannelComment]
) -> list[ChannelCommentOut]:
    people = await briefs(db, org_id, {c.author_id for c in comments})
    return [_view(c, people) for c in comments]


async def list_comments(
    db: AsyncSession,
    ctx: OrgContext,
    chat_id: str,
    post_id: str,
    *,
    before: str | None,
    limit: int,
) -> ChannelCommentPage:
    """The newest comments of a post (or those before a comment id), oldest first."""
    chat, _ = await channel_of(db, ctx, chat_id)
    post = await post_in(db, chat, post_id)
    limit = max(1, min(limit, 100))
    stmt = (
        sa.select(ChannelComment)
        .where(ChannelComment.post_id == post.id, ChannelComment.deleted_at.is_(None))
        .order_by(ChannelComment.id.desc())
        .limit(limit + 1)
    )
    if before is not None:
        if not is_id(before):
            raise Unprocessable("`before` is not a comment id.", code="invalid")
        stmt = stmt.where(ChannelComment.id < before)
    rows = list((await db.execute(stmt)).scalars())
    more = len(rows) > limit
    rows = list(reversed(rows[:limit]))
    (stats,) = await stats_for(db, chat, [post.id])
    return ChannelCommentPage(
        comments=await comment_views(db, ctx.org_id, rows), has_more_before=more, stats=stats
    )


async def _existing(
    db: AsyncSession, post_id: str, author_id: str, client_id: str
) -> ChannelComment | None:
    stmt = sa.select(ChannelComment).where(
        ChannelComment.post_id == post_id,
        ChannelComment.author_id == author_id,
        ChannelComment.client_id == client_id,
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def add_comment(
    db: AsyncSession, ctx: OrgContext, chat_id: str, post_id: str, client_id: str, body: str
) -> tuple[ChannelCommentOut, bool]:
    """Comment under a post when its comments are open. Returns (comment, created); a
    retried client id returns the stored comment and publishes nothing."""
    chat, me = await channel_of(db, ctx, chat_id)
    post = await post_in(db, chat, post_id)
    found = await _existing(db, post.id, ctx.account_id, client_id)
    if found is not None:
        return (await comment_views(db, ctx.org_id, [found]))[0], False
    text = clean_text(body)
    row = await lock_row(db, chat, post.id)  # serialises this post's comment count
    found = await _existing(db, post.id, ctx.account_id, client_id)
    if found is not None:  # a concurrent retry won the race
        return (await comment_views(db, ctx.org_id, [found]))[0], False
    if not may_comment(chat.settings, row.comments_enabled, chat.archived_at is not None, me.role):
        raise Forbidden("Comments are closed under this post.", code="comments_closed")
    now = utcnow()
    flood.check_sender(ctx, now)
    comment = ChannelComment(
        id=new_id(),
        org_id=chat.org_id,
        chat_id=chat.id,
        post_id=post.id,
        author_id=ctx.account_id,
        client_id=client_id,
        body=text,
        html=render.render(text, {}),
        created_at=now,
    )
    db.add(comment)
    row.comment_count += 1
    row.last_comment_at = now
    await db.flush()
    (view,) = await comment_views(db, ctx.org_id, [comment])
    await _announce(
        db,
        chat,
        post,
        "channel.comment",
        {"comment": view.model_dump(mode="json")},
        row.comment_count,
    )
    return view, True


async def delete_comment(
    db: AsyncSession, ctx: OrgContext, chat_id: str, post_id: str, comment_id: str
) -> None:
    """Delete a comment: a moderator, or its author within the organisation's edit window."""
    chat, me = await channel_of(db, ctx, chat_id)
    post = await post_in(db, chat, post_id)
    comment = await db.get(ChannelComment, comment_id) if is_id(comment_id) else None
    if comment is None or comment.post_id != post.id:
        raise not_found("comment")
    if comment.deleted_at is not None:
        return
    age = utcnow() - comment.created_at
    if not may_delete_comment(comment.author_id == ctx.account_id, me.role, age, _edit_window(ctx)):
        raise Forbidden("You cannot delete this comment.", code="delete_not_allowed")
    row = await lock_row(db, chat, post.id)
    await db.refresh(comment)
    if comment.deleted_at is not None:  # deleted meanwhile
        return
    comment.deleted_at, comment.deleted_by = utcnow(), ctx.account_id
    row.comment_count = max(0, row.comment_count - 1)
    await db.flush()
    if comment.author_id != ctx.account_id:  # a moderator's decision about someone's words
        await record(
            db,
            "channel.comment_deleted",
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="channel_comment",
            target_id=comment.id,
            data={"chat_id": chat.id, "post_id": post.id, "author_id": comment.author_id},
        )
    await _announce(
        db,
        chat,
        post,
        "channel.comment_deleted",
        {"comment_id": comment.id, "by": ctx.account_id},
        row.comment_count,
    )


async def _announce(
    db: AsyncSession, chat: Chat, post: Message, kind: str, data: dict[str, object], count: int
) -> None:
    await emit(db, chat.id, kind, {"post_id": post.id, "comments": count, **data})
