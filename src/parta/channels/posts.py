"""Channel posts: publishing with the comment switch, pages of posts, counting views.

Views are counted in a compact table, one row per (post, person) that has seen the post on
screen, plus a counter on the post's `channel_posts` row that grows by one for each new
row. Reading counts therefore costs nothing per member however big the channel (the
counter is on the row), and a person is counted once however often they look: the insert
of an existing (post, person) does nothing and adds nothing to the counter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.channels.policy import comments_open, may_switch_post_comments
from parta.channels.schemas import ChannelPostIn, ChannelPostOut, ChannelPostPage, ChannelPostStats
from parta.chats.access import visible_chat
from parta.kit.errors import Forbidden, not_found
from parta.kit.ids import is_id
from parta.messages.service import send_message
from parta.messages.views import message_views
from parta.models import ChannelPost, ChannelPostView, Chat, ChatMember, Message
from parta.realtime.log import emit

# Messages of a channel that are not posts: membership notes and the like.
NOT_POSTS = ("system",)


def insert_for(db: AsyncSession) -> Any:
    """`INSERT … ON CONFLICT` of the session's dialect."""
    return pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert


async def channel_of(db: AsyncSession, ctx: OrgContext, chat_id: str) -> tuple[Chat, ChatMember]:
    """The channel and my membership in it; 404 for anything else (other chats included)."""
    chat, me = await visible_chat(db, ctx, chat_id)
    if chat.kind != "channel":
        raise not_found("channel")
    return chat, me


async def post_in(db: AsyncSession, chat: Chat, message_id: str) -> Message:
    """A live post of this channel (not deleted, not a system note); 404 otherwise."""
    message = await db.get(Message, message_id) if is_id(message_id) else None
    if (
        message is None
        or message.chat_id != chat.id
        or message.deleted_at is not None
        or message.kind in NOT_POSTS
    ):
        raise not_found("post")
    return message


async def ensure_rows(
    db: AsyncSession, chat: Chat, message_ids: Iterable[str], *, comments_enabled: bool = True
) -> None:
    """Make sure each post has its counters row (inserting concurrently is harmless)."""
    values = [
        {
            "message_id": i,
            "chat_id": chat.id,
            "org_id": chat.org_id,
            "comments_enabled": comments_enabled,
            "view_count": 0,
            "comment_count": 0,
        }
        for i in sorted(set(message_ids))
    ]
    if values:
        await db.execute(insert_for(db)(ChannelPost).values(values).on_conflict_do_nothing())


async def lock_row(db: AsyncSession, chat: Chat, message_id: str) -> ChannelPost:
    """The post's counters row under its lock (created first if needed), fresh from the
    database: changes to one post's counts are serialised, so each event's count is exact."""
    await ensure_rows(db, chat, [message_id])
    stmt = (
        sa.select(ChannelPost)
        .where(ChannelPost.message_id == message_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await db.execute(stmt)).scalar_one()


def stats_of(chat: Chat, message_id: str, row: ChannelPost | None) -> ChannelPostStats:
    enabled = row.comments_enabled if row is not None else True
    return ChannelPostStats(
        message_id=message_id,
        views=row.view_count if row is not None else 0,
        comments=row.comment_count if row is not None else 0,
        comments_enabled=enabled,
        comments_open=comments_open(chat.settings, enabled),
    )


async def stats_for(
    db: AsyncSession, chat: Chat, message_ids: Sequence[str]
) -> list[ChannelPostStats]:
    """Counters of these posts of the channel, in the order asked (unknown ids left out)."""
    ids = [i for i in dict.fromkeys(message_ids) if is_id(i)]
    if not ids:
        return []
    posts = set(
        (
            await db.execute(
                sa.select(Message.id).where(
                    Message.id.in_(ids),
                    Message.chat_id == chat.id,
                    Message.kind.not_in(NOT_POSTS),
                )
            )
        ).scalars()
    )
    stmt = (
        sa.select(ChannelPost)
        .where(ChannelPost.message_id.in_(list(posts)))
        .execution_options(populate_existing=True)
    )
    rows = {r.message_id: r for r in (await db.execute(stmt)).scalars()}
    return [stats_of(chat, i, rows.get(i)) for i in ids if i in posts]


async def post_stats(
    db: AsyncSession, ctx: OrgContext, chat_id: str, ids: list[str]
) -> list[ChannelPostStats]:
    """Counters of posts, without counting a view (e.g. posts loaded but not yet shown)."""
    chat, _ = await channel_of(db, ctx, chat_id)
    return await stats_for(db, chat, ids[:100])


async def record_views(
    db: AsyncSession, ctx: OrgContext, chat_id: str, message_ids: list[str]
) -> list[ChannelPostStats]:
    """I have seen these posts: each counts me once, ever. Returns their fresh counters."""
    chat, _ = await channel_of(db, ctx, chat_id)
    wanted = [i for i in dict.fromkeys(message_ids) if is_id(i)]
    live = sorted(
        (
            await db.execute(
                sa.select(Message.id).where(
                    Message.id.in_(wanted),
                    Message.chat_id == chat.id,
                    Message.deleted_at.is_(None),
                    Message.kind.not_in(NOT_POSTS),
                )
            )
        ).scalars()
    )
    if live:
        await ensure_rows(db, chat, live)
        fresh = await db.execute(
            insert_for(db)(ChannelPostView)
            .values([{"message_id": i, "account_id": ctx.account_id} for i in live])
            .on_conflict_do_nothing()
            .returning(ChannelPostView.message_id)
        )
        seen_now = sorted(set(fresh.scalars()))
        if seen_now:
            # Lock in one order so that two viewers of the same posts never deadlock.
            await db.execute(
                sa.select(ChannelPost.message_id)
                .where(ChannelPost.message_id.in_(seen_now))
                .order_by(ChannelPost.message_id)
                .with_for_update()
            )
            await db.execute(
                sa.update(ChannelPost)
                .where(ChannelPost.message_id.in_(seen_now))
                .values(view_count=ChannelPost.view_count + 1)
                .execution_options(synchronize_session=False)
            )
    return await stats_for(db, chat, wanted)


async def publish(
    db: AsyncSession, ctx: OrgContext, chat_id: str, body: ChannelPostIn
) -> tuple[ChannelPostOut, bool]:
    """Post now (the channel's moderators), with the post's comment switch. A retried
    client id returns the stored post with created=False."""
    chat, _ = await channel_of(db, ctx, chat_id)

    async def with_row(message: Message) -> None:
        await ensure_rows(db, chat, [message.id], comments_enabled=body.comments_enabled)

    view, created = await send_message(
        db,
        ctx,
        chat.id,
        client_id=body.client_id,
        body=body.body,
        attachment_ids=body.attachment_ids,
        ack_required=body.ack_required,
        on_created=with_row,
    )
    (stats,) = await stats_for(db, chat, [view.id])
    return ChannelPostOut(message=view, stats=stats), created


async def posts_page(
    db: AsyncSession, ctx: OrgContext, chat_id: str, *, before_seq: int | None, limit: int
) -> ChannelPostPage:
    """A page of live posts with their counters, newest page first, oldest first inside."""
    chat, _ = await channel_of(db, ctx, chat_id)
    limit = max(1, min(limit, 100))
    stmt = (
        sa.select(Message)
        .where(
            Message.chat_id == chat.id,
            Message.deleted_at.is_(None),
            Message.kind.not_in(NOT_POSTS),
        )
        .order_by(Message.seq.desc())
        .limit(limit + 1)
    )
    if before_seq is not None:
        stmt = stmt.where(Message.seq < before_seq)
    rows = list((await db.execute(stmt)).scalars())
    more = len(rows) > limit
    rows = list(reversed(rows[:limit]))
    views = await message_views(db, ctx.org_id, rows, ctx.account_id)
    stats = {s.message_id: s for s in await stats_for(db, chat, [m.id for m in rows])}
    return ChannelPostPage(
        posts=[ChannelPostOut(message=v, stats=stats[v.id]) for v in views],
        has_more_before=more,
        seq=chat.seq,
    )


async def switch_comments(
    db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str, enabled: bool
) -> ChannelPostStats:
    """Open or close comments under one post (its author or a moderator); members see
    `channel.post`. Existing comments stay; closed comments take no new ones."""
    chat, me = await channel_of(db, ctx, chat_id)
    message = await post_in(db, chat, message_id)
    if not may_switch_post_comments(message.author_id == ctx.account_id, me.role):
        raise Forbidden(
            "Only the post's author or a moderator can do this.", code="not_post_author"
        )
    row = await lock_row(db, chat, message.id)
    if row.comments_enabled != enabled:
        row.comments_enabled = enabled
        await db.flush()
        stats = stats_of(chat, message.id, row)
        await emit(db, chat.id, "channel.post", stats.model_dump(mode="json"))
    return stats_of(chat, message.id, row)
