"""Scheduled posts: written now by a channel's moderator, published later as its author.

The channel's moderators see and manage every scheduled post of the channel (edit, cancel,
publish now); their devices hear of changes by a private `channel.scheduled`. Publishing goes
through `messages.send_message` acting as the author (client id `scheduled:<id>`), so the
post reaches members by the ordinary `message.new` and a retry can never post twice. If the
author may no longer post there (left, lost the role, the channel was archived), the post is
marked failed with the error's code and stays listed for the moderators to fix or cancel.

Files are uploaded as for any post and held by `channel_scheduled_files` rows, which keep
the file sweeper off them until publishing attaches them to the message (or a cancel lets
them go as abandoned uploads).

`publish_due` runs every few seconds in each server process (a kit.periodic job); each due
post is claimed under its row lock in its own transaction, so several nodes publish it once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.auth.deps import Actor, OrgContext
from parta.auth.roles import OrgRole, Right, rights_of
from parta.channels.comments import clean_text
from parta.channels.posts import channel_of, ensure_rows, stats_for
from parta.channels.schemas import (
    ChannelPostOut,
    ScheduledPostIn,
    ScheduledPostOut,
    ScheduledPostPatch,
)
from parta.chats.people import briefs
from parta.chats.policy import is_moderator
from parta.db import transaction
from parta.files.attach import check_attachable
from parta.kit.clock import utcnow
from parta.kit.errors import AppError, Conflict, Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.messages import render
from parta.messages.service import send_message
from parta.messages.views import message_views
from parta.models import (
    Account,
    Attachment,
    AuthSession,
    Chat,
    ChatMember,
    Membership,
    Message,
    Org,
    ScheduledPost,
    ScheduledPostFile,
)
from parta.realtime.log import notify

log = logging.getLogger("parta.channels.scheduled")

INTERVAL_SECONDS = 15.0
MAX_AHEAD = timedelta(days=366)
BATCH = 100


def _check_time(when_: datetime) -> None:
    now = utcnow()
    if when_ <= now:
        raise Unprocessable(
            "The publishing time must be in the future.",
            code="publish_at_past",
            fields={"publish_at": "in the future"},
        )
    if when_ > now + MAX_AHEAD:
        raise Unprocessable(
            "A post can be scheduled at most a year ahead.",
            code="publish_at_too_far",
            fields={"publish_at": "at most a year ahead"},
        )


def _moderator(me: ChatMember) -> None:
    if not is_moderator(me.role):
        raise Forbidden("Only the channel's moderators can do this.", code="posting_not_allowed")


async def _moderator_ids(db: AsyncSession, chat_id: str) -> tuple[str, ...]:
    stmt = sa.select(ChatMember.account_id).where(
        ChatMember.chat_id == chat_id,
        ChatMember.status == "active",
        ChatMember.role.in_(("owner", "moderator")),
    )
    return tuple((await db.execute(stmt)).scalars())


async def _views(
    db: AsyncSession, org_id: str, items: list[ScheduledPost]
) -> list[ScheduledPostOut]:
    if not items:
        return []
    people = await briefs(db, org_id, {s.author_id for s in items})
    stmt = (
        sa.select(ScheduledPostFile.scheduled_id, Attachment.name)
        .join(Attachment, Attachment.id == ScheduledPostFile.attachment_id)
        .where(ScheduledPostFile.scheduled_id.in_([s.id for s in items]))
        .order_by(ScheduledPostFile.position)
    )
    names: dict[str, list[str]] = {}
    for scheduled_id, name in (await db.execute(stmt)).all():
        names.setdefault(scheduled_id, []).append(name)
    return [
        ScheduledPostOut(
            id=s.id,
            chat_id=s.chat_id,
            author_id=s.author_id,
            author_name=people[s.author_id].name,
            body=s.body,
            html=render.render(s.body, {}) if s.body else "",
            attachments=names.get(s.id, []),
            comments_enabled=s.comments_enabled,
            publish_at=s.publish_at,
            status=s.status,  # type: ignore[arg-type]
            error=s.error,
            message_id=s.message_id,
            created_at=s.created_at,
            updated_at=s.updated_at,
        )
        for s in items
    ]


async def _tell_moderators(db: AsyncSession, item: ScheduledPost) -> None:
    """The moderators' lists follow: the post as it now is (or null when it left the list)."""
    listed = item.status in ("scheduled", "failed")
    view = (await _views(db, item.org_id, [item]))[0] if listed else None
    notify(
        db,
        await _moderator_ids(db, item.chat_id),
        "channel.scheduled",
        {
            "id": item.id,
            "status": item.status,
            "message_id": item.message_id,
            "scheduled": view.model_dump(mode="json") if view else None,
        },
        chat_id=item.chat_id,
    )


async def _item(db: AsyncSession, chat: Chat, scheduled_id: str) -> ScheduledPost:
    item = await db.get(ScheduledPost, scheduled_id) if is_id(scheduled_id) else None
    if item is None or item.chat_id != chat.id:
        raise not_found("scheduled post")
    return item


async def list_scheduled(db: AsyncSession, ctx: OrgContext, chat_id: str) -> list[ScheduledPostOut]:
    """Waiting and failed scheduled posts of the channel, soonest first (moderators)."""
    chat, me = await channel_of(db, ctx, chat_id)
    _moderator(me)
    stmt = (
        sa.select(ScheduledPost)
        .where(ScheduledPost.chat_id == chat.id, ScheduledPost.status.in_(("scheduled", "failed")))
        .order_by(ScheduledPost.publish_at, ScheduledPost.id)
        .limit(200)
    )
    return await _views(db, ctx.org_id, list((await db.execute(stmt)).scalars()))


async def schedule(
    db: AsyncSession, ctx: OrgContext, chat_id: str, body: ScheduledPostIn
) -> ScheduledPostOut:
    """Write a post to be published at `publish_at` (the channel's moderators)."""
    chat, me = await channel_of(db, ctx, chat_id)
    _moderator(me)
    if chat.archived_at is not None:
        raise Conflict("The channel is archived.", code="chat_archived")
    _check_time(body.publish_at)
    text = clean_text(body.body) if body.body.strip() or not body.attachment_ids else ""
    uploads = await check_attachable(db, ctx, chat, body.attachment_ids)
    if uploads:
        held = await db.execute(
            sa.select(ScheduledPostFile.attachment_id).where(
                ScheduledPostFile.attachment_id.in_([u.id for u in uploads])
            )
        )
        if held.first() is not None:
            raise Unprocessable(
                "A file is already part of another scheduled post.", code="bad_attachment"
            )
    now = utcnow()
    item = ScheduledPost(
        org_id=chat.org_id,
        chat_id=chat.id,
        author_id=ctx.account_id,
        body=text,
        comments_enabled=body.comments_enabled,
        publish_at=body.publish_at,
        created_at=now,
        updated_at=now,
    )
    db.add(item)
    await db.flush()
    for position, upload in enumerate(uploads):
        db.add(ScheduledPostFile(scheduled_id=item.id, attachment_id=upload.id, position=position))
    await db.flush()
    await _tell_moderators(db, item)
    return (await _views(db, ctx.org_id, [item]))[0]


async def update_scheduled(
    db: AsyncSession, ctx: OrgContext, chat_id: str, scheduled_id: str, body: ScheduledPostPatch
) -> ScheduledPostOut:
    """Change the text, time or comment switch of a waiting (or failed) post (moderators).
    A failed post given a new time waits again."""
    chat, me = await channel_of(db, ctx, chat_id)
    _moderator(me)
    item = await _item(db, chat, scheduled_id)
    if item.status not in ("scheduled", "failed"):
        raise Conflict("The post was already published or cancelled.", code="not_scheduled")
    if body.body is not None:
        has_files = (
            await db.execute(
                sa.select(ScheduledPostFile.attachment_id).where(
                    ScheduledPostFile.scheduled_id == item.id
                )
            )
        ).first() is not None
        item.body = clean_text(body.body) if body.body.strip() or not has_files else ""
    if body.comments_enabled is not None:
        item.comments_enabled = body.comments_enabled
    if body.publish_at is not None:
        _check_time(body.publish_at)
        item.publish_at = body.publish_at
        item.status, item.error = "scheduled", None
    item.updated_at = utcnow()
    await db.flush()
    await _tell_moderators(db, item)
    return (await _views(db, ctx.org_id, [item]))[0]


async def cancel_scheduled(
    db: AsyncSession, ctx: OrgContext, chat_id: str, scheduled_id: str
) -> None:
    """Drop a waiting post (moderators); its files become ordinary unsent uploads."""
    chat, me = await channel_of(db, ctx, chat_id)
    _moderator(me)
    item = await _item(db, chat, scheduled_id)
    if item.status == "cancelled":
        return
    if item.status == "published":
        raise Conflict("The post was already published.", code="not_scheduled")
    item.status, item.updated_at = "cancelled", utcnow()
    await db.execute(sa.delete(ScheduledPostFile).where(ScheduledPostFile.scheduled_id == item.id))
    await db.flush()
    await _tell_moderators(db, item)


async def publish_now(
    db: AsyncSession, ctx: OrgContext, chat_id: str, scheduled_id: str
) -> ChannelPostOut:
    """Publish a waiting post at once, as its author (moderators)."""
    chat, me = await channel_of(db, ctx, chat_id)
    _moderator(me)
    item = await _item(db, chat, scheduled_id)
    await db.execute(
        sa.select(ScheduledPost.id).where(ScheduledPost.id == item.id).with_for_update()
    )
    await db.refresh(item)
    if item.status not in ("scheduled", "failed"):
        raise Conflict("The post was already published or cancelled.", code="not_scheduled")
    message = await _publish(db, item)
    (stats,) = await stats_for(db, chat, [message.id])
    (view,) = await message_views(db, ctx.org_id, [message], ctx.account_id)
    return ChannelPostOut(message=view, stats=stats)


async def author_context(db: AsyncSession, org_id: str, account_id: str) -> OrgContext:
    """The author as an actor of the organisation, for publishing without their session."""
    org = await db.get(Org, org_id)
    account = await db.get(Account, account_id)
    memberships = list(
        (
            await db.execute(
                sa.select(Membership).where(
                    Membership.org_id == org_id,
                    Membership.account_id == account_id,
                    Membership.status == "active",
                )
            )
        ).scalars()
    )
    if org is None or org.status != "active" or account is None or not memberships:
        raise Forbidden("The author no longer belongs to the organisation.", code="author_left")
    rights: set[Right] = set()
    for m in memberships:
        rights |= rights_of(OrgRole(m.role), m.role == OrgRole.ADMIN or m.verified_at is not None)
    session = AuthSession(id="scheduled", account_id=account.id)
    return OrgContext(
        actor=Actor(account=account, session=session, via_cookie=False),
        org=org,
        memberships=memberships,
        rights=frozenset(rights),
    )


async def _publish(db: AsyncSession, item: ScheduledPost) -> Message:
    """Send the post as its author and mark it published (raises AppError when it cannot)."""
    ctx = await author_context(db, item.org_id, item.author_id)
    files = list(
        (
            await db.execute(
                sa.select(ScheduledPostFile.attachment_id)
                .where(ScheduledPostFile.scheduled_id == item.id)
                .order_by(ScheduledPostFile.position)
            )
        ).scalars()
    )
    chat = await db.get(Chat, item.chat_id)
    assert chat is not None

    async def with_row(message: Message) -> None:
        await ensure_rows(db, chat, [message.id], comments_enabled=item.comments_enabled)

    view, _ = await send_message(
        db,
        ctx,
        item.chat_id,
        client_id=f"scheduled:{item.id}",
        body=item.body,
        attachment_ids=files,
        on_created=with_row,
    )
    await db.execute(sa.delete(ScheduledPostFile).where(ScheduledPostFile.scheduled_id == item.id))
    item.status, item.error, item.message_id = "published", None, view.id
    item.updated_at = utcnow()
    await db.flush()
    await _tell_moderators(db, item)
    message = await db.get(Message, view.id)
    assert message is not None
    return message


async def _publish_one(maker: async_sessionmaker[AsyncSession], scheduled_id: str) -> bool:
    try:
        async with transaction(maker) as db:
            stmt = (
                sa.select(ScheduledPost)
                .where(ScheduledPost.id == scheduled_id, ScheduledPost.status == "scheduled")
                .with_for_update(skip_locked=True)
            )
            item = (await db.execute(stmt)).scalar_one_or_none()
            if item is None or item.publish_at > utcnow():
                return False  # another node has it, or it was changed meanwhile
            await _publish(db, item)
            return True
    except AppError as exc:
        async with transaction(maker) as db:
            item = await db.get(ScheduledPost, scheduled_id)
            if item is not None and item.status == "scheduled":
                item.status, item.error, item.updated_at = "failed", exc.code, utcnow()
                await db.flush()
                await _tell_moderators(db, item)
        log.info("scheduled post not published", extra={"id": scheduled_id, "code": exc.code})
        return False


async def publish_due(maker: async_sessionmaker[AsyncSession]) -> int:
    """Publish every scheduled post whose time has come; returns how many were published."""
    stmt = (
        sa.select(ScheduledPost.id)
        .where(ScheduledPost.status == "scheduled", ScheduledPost.publish_at <= utcnow())
        .order_by(ScheduledPost.publish_at, ScheduledPost.id)
        .limit(BATCH)
    )
    async with maker() as db:
        due = list((await db.execute(stmt)).scalars())
    published = 0
    for scheduled_id in due:
        if await _publish_one(maker, scheduled_id):
            published += 1
    return published
