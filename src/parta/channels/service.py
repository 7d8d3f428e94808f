"""Channels of an organisation: its own channel (everyone; administrators and heads post)
and the channels administrators create for an audience, with chosen posters.

An administrator's channel is a chat of kind `channel` plus a `channel_audiences` row; its
members follow the roster (parta.channels.audience) and nobody is added by hand. Settings
changes reach members as the chat's ordinary `chat.updated` event.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.channels.audience import reconcile_channel
from parta.channels.policy import comments_on
from parta.channels.posts import channel_of
from parta.channels.schemas import (
    ChannelAudienceIn,
    ChannelAudienceOut,
    ChannelIn,
    ChannelOut,
    ChannelPatch,
    ChannelPosterOut,
)
from parta.chats.people import briefs, policy_people
from parta.chats.policy import DEFAULT_CHAT_SETTINGS, is_moderator, may_post
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, Unprocessable
from parta.kit.ids import is_id
from parta.models import ChannelAudience, Chat, ChatMember, SchoolClass
from parta.realtime.log import emit


def _admin(ctx: OrgContext) -> None:
    ctx.require(Right.MANAGE_ORG, "Only administrators manage channels.")


async def _check_audience(
    db: AsyncSession, ctx: OrgContext, audience: ChannelAudienceIn
) -> list[str]:
    class_ids = list(dict.fromkeys(audience.class_ids))
    if class_ids:
        if not all(is_id(c) for c in class_ids):
            raise Unprocessable("Unknown class.", code="bad_class", fields={"class_ids": "unknown"})
        found = set(
            (
                await db.execute(
                    sa.select(SchoolClass.id).where(
                        SchoolClass.id.in_(class_ids), SchoolClass.org_id == ctx.org_id
                    )
                )
            ).scalars()
        )
        if len(found) != len(class_ids):
            raise Unprocessable(
                "Some classes are not of this organisation.",
                code="bad_class",
                fields={"class_ids": "unknown"},
            )
    groups = audience.everyone or audience.staff or audience.students or audience.parents
    if not groups and not class_ids:
        raise Unprocessable(
            "Choose who the channel is for.", code="empty_audience", fields={"audience": "empty"}
        )
    return class_ids


async def _check_posters(db: AsyncSession, ctx: OrgContext, poster_ids: list[str]) -> list[str]:
    ids = list(dict.fromkeys(poster_ids))
    people = await policy_people(db, ctx.org_id, ids)
    if any(a not in people or not people[a].verified_staff for a in ids):
        raise Unprocessable(
            "Posters must be verified staff of the organisation.",
            code="bad_poster",
            fields={"poster_ids": "verified staff only"},
        )
    return ids


def _is_org_channel(chat: Chat) -> bool:
    return chat.unique_key == f"channel:{chat.org_id}"


async def _views(
    db: AsyncSession, ctx: OrgContext, chats: list[Chat], admin_view: bool
) -> list[ChannelOut]:
    if not chats:
        return []
    ids = [c.id for c in chats]
    counts = dict(
        (
            await db.execute(
                sa.select(ChatMember.chat_id, sa.func.count())
                .where(ChatMember.chat_id.in_(ids), ChatMember.status == "active")
                .group_by(ChatMember.chat_id)
            )
        ).all()
    )
    mine = dict(
        (
            await db.execute(
                sa.select(ChatMember.chat_id, ChatMember.role).where(
                    ChatMember.chat_id.in_(ids),
                    ChatMember.account_id == ctx.account_id,
                    ChatMember.status == "active",
                )
            )
        ).all()
    )
    audiences: dict[str, ChannelAudience] = {}
    posters: dict[str, str] = {}
    if admin_view:
        rows = (
            await db.execute(sa.select(ChannelAudience).where(ChannelAudience.chat_id.in_(ids)))
        ).scalars()
        audiences = {a.chat_id: a for a in rows}
        people = await briefs(db, ctx.org_id, {p for a in audiences.values() for p in a.poster_ids})
        posters = {a: b.name for a, b in people.items()}
    out = []
    for c in chats:
        a = audiences.get(c.id)
        role = mine.get(c.id)
        out.append(
            ChannelOut(
                id=c.id,
                org_id=c.org_id,
                title=c.title,
                description=c.description,
                org_channel=_is_org_channel(c),
                archived=c.archived_at is not None,
                comments=comments_on(c.settings),
                member_count=counts.get(c.id, 0),
                my_role=role,
                may_post=c.archived_at is None and may_post(c.kind, c.settings, role),
                audience=ChannelAudienceOut(
                    everyone=a.everyone,
                    staff=a.staff,
                    students=a.students,
                    parents=a.parents,
                    class_ids=list(a.class_ids),
                )
                if a is not None
                else None,
                posters=[
                    ChannelPosterOut(account_id=p, name=posters.get(p, "")) for p in a.poster_ids
                ]
                if a is not None
                else None,
                created_at=c.created_at,
            )
        )
    return out


async def list_channels(db: AsyncSession, ctx: OrgContext) -> list[ChannelOut]:
    """Administrators: every channel of the organisation (archived too). Others: the
    channels they are in."""
    stmt = sa.select(Chat).where(Chat.org_id == ctx.org_id, Chat.kind == "channel")
    admin = ctx.can(Right.MANAGE_ORG)
    if not admin:
        stmt = stmt.join(ChatMember, ChatMember.chat_id == Chat.id).where(
            ChatMember.account_id == ctx.account_id, ChatMember.status == "active"
        )
    chats = list((await db.execute(stmt.order_by(Chat.created_at, Chat.id))).scalars())
    return await _views(db, ctx, chats, admin)


async def _admin_or_member_channel(db: AsyncSession, ctx: OrgContext, chat_id: str) -> Chat:
    """A channel I am in, or (administrators) any channel of the organisation."""
    if ctx.can(Right.MANAGE_ORG) and is_id(chat_id):
        chat = await db.get(Chat, chat_id)
        if chat is not None and chat.org_id == ctx.org_id and chat.kind == "channel":
            return chat
    chat, _ = await channel_of(db, ctx, chat_id)
    return chat


async def get_channel(db: AsyncSession, ctx: OrgContext, chat_id: str) -> ChannelOut:
    chat = await _admin_or_member_channel(db, ctx, chat_id)
    return (await _views(db, ctx, [chat], ctx.can(Right.MANAGE_ORG)))[0]


async def create_channel(db: AsyncSession, ctx: OrgContext, body: ChannelIn) -> ChannelOut:
    """A new channel for an audience (administrators); its members follow the roster."""
    _admin(ctx)
    class_ids = await _check_audience(db, ctx, body.audience)
    poster_ids = await _check_posters(db, ctx, body.poster_ids)
    settings: dict[str, Any] = {
        **DEFAULT_CHAT_SETTINGS,
        "who_may_post": "moderators",
        "comments": body.comments,
    }
    chat = Chat(
        org_id=ctx.org_id,
        kind="channel",
        title=body.title.strip(),
        description=body.description.strip(),
        settings=settings,
        created_by=ctx.account_id,
    )
    db.add(chat)
    await db.flush()
    row = ChannelAudience(
        chat_id=chat.id,
        org_id=ctx.org_id,
        everyone=body.audience.everyone,
        staff=body.audience.staff,
        students=body.audience.students,
        parents=body.audience.parents,
        class_ids=class_ids,
        poster_ids=poster_ids,
        created_by=ctx.account_id,
    )
    db.add(row)
    await db.flush()
    await emit(
        db,
        chat.id,
        "chat.created",
        {"chat_id": chat.id, "kind": "channel", "title": chat.title, "by": ctx.account_id},
    )
    await reconcile_channel(db, chat, row)
    await record(
        db,
        "channel.created",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="chat",
        target_id=chat.id,
        data={"title": chat.title, "audience": body.audience.model_dump()},
    )
    return (await _views(db, ctx, [chat], True))[0]


async def update_channel(
    db: AsyncSession, ctx: OrgContext, chat_id: str, body: ChannelPatch
) -> ChannelOut:
    """Title, description and comments (moderators); audience, posters, archive
    (administrators, their channels only)."""
    chat = await _admin_or_member_channel(db, ctx, chat_id)
    admin = ctx.can(Right.MANAGE_ORG)
    role = (
        await db.execute(
            sa.select(ChatMember.role).where(
                ChatMember.chat_id == chat.id,
                ChatMember.account_id == ctx.account_id,
                ChatMember.status == "active",
            )
        )
    ).scalar_one_or_none()
    if not admin and not is_moderator(role):
        raise Forbidden("Only the channel's moderators can change it.", code="not_moderator")
    row = await db.get(ChannelAudience, chat.id)
    managing = body.audience is not None or body.poster_ids is not None or body.archived is not None
    if managing:
        _admin(ctx)
        if row is None:
            raise Conflict(
                "The organisation's own channel is for everyone and cannot be archived.",
                code="org_channel_fixed",
            )
    changed: dict[str, Any] = {}
    if body.title is not None and body.title.strip() != chat.title:
        chat.title = changed["title"] = body.title.strip()
    if body.description is not None and body.description.strip() != chat.description:
        chat.description = changed["description"] = body.description.strip()
    if body.comments is not None and body.comments != comments_on(chat.settings):
        chat.settings = changed["settings"] = {**chat.settings, "comments": body.comments}
    roster_changed = False
    if row is not None and body.audience is not None:
        row.class_ids = await _check_audience(db, ctx, body.audience)
        row.everyone, row.staff = body.audience.everyone, body.audience.staff
        row.students, row.parents = body.audience.students, body.audience.parents
        roster_changed = True
    if row is not None and body.poster_ids is not None:
        row.poster_ids = await _check_posters(db, ctx, body.poster_ids)
        roster_changed = True
    if row is not None and body.archived is not None:
        if body.archived and chat.archived_at is None:
            chat.archived_at = utcnow()
            changed["archived"] = True
        elif not body.archived and chat.archived_at is not None:
            chat.archived_at = None
            changed["archived"] = False
            roster_changed = True
    await db.flush()
    if changed:
        await emit(db, chat.id, "chat.updated", {**changed, "by": ctx.account_id})
    if row is not None and roster_changed and chat.archived_at is None:
        await reconcile_channel(db, chat, row)
    if managing:
        await record(
            db,
            "channel.updated",
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="chat",
            target_id=chat.id,
            data=body.model_dump(exclude_unset=True, mode="json"),
        )
    return (await _views(db, ctx, [chat], admin))[0]
