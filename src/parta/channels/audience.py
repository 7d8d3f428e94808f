"""Administrators' channels follow the roster: their members are worked out from each
channel's audience (`policy.audience_role`) and the roster, by the same reconciliation that
keeps the organisation's channel, the staff room and class chats in step
(`chats.roster_sync` calls in here). Archived channels keep the members they had.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.channels.policy import Audience, audience_role
from parta.chats.people import policy_people
from parta.chats.policy import Person
from parta.chats.system import Desired, _active, _apply
from parta.models import ChannelAudience, Chat, ChatMember, Membership, Org, SchoolClass


def audience_of(row: ChannelAudience) -> Audience:
    return Audience(
        everyone=row.everyone,
        staff=row.staff,
        students=row.students,
        parents=row.parents,
        class_ids=frozenset(row.class_ids or ()),
        poster_ids=frozenset(row.poster_ids or ()),
    )


async def _taught(db: AsyncSession, org_id: str, members: list[Membership]) -> dict[str, set[str]]:
    """Account id -> classes (not archived) whose class teacher they are."""
    by_membership = {m.id: m.account_id for m in members if m.account_id}
    stmt = sa.select(SchoolClass.id, SchoolClass.class_teacher_id).where(
        SchoolClass.org_id == org_id,
        SchoolClass.archived_at.is_(None),
        SchoolClass.class_teacher_id.is_not(None),
    )
    out: dict[str, set[str]] = defaultdict(set)
    for class_id, teacher_mid in (await db.execute(stmt)).all():
        account_id = by_membership.get(teacher_mid or "")
        if account_id:
            out[account_id].add(class_id)
    return out


async def _live_channels(db: AsyncSession, org_id: str) -> list[tuple[Chat, ChannelAudience]]:
    stmt = (
        sa.select(Chat, ChannelAudience)
        .join(ChannelAudience, ChannelAudience.chat_id == Chat.id)
        .where(Chat.org_id == org_id, Chat.archived_at.is_(None))
    )
    return [(c, a) for c, a in (await db.execute(stmt)).all()]


def _desired(audience: Audience, people: dict[str, Person], taught: dict[str, set[str]]) -> Desired:
    desired: Desired = {}
    for account_id, person in people.items():
        role = audience_role(audience, person, frozenset(taught.get(account_id, ())))
        if role is not None:
            desired[account_id] = role
    return desired


async def reconcile_channel(
    db: AsyncSession, chat: Chat, row: ChannelAudience, members: list[Membership] | None = None
) -> None:
    """Bring one administrator's channel in line with its audience and the roster."""
    if chat.archived_at is not None:
        return
    members = members if members is not None else await _active(db, chat.org_id)
    people = await policy_people(db, chat.org_id, {m.account_id for m in members if m.account_id})
    taught = await _taught(db, chat.org_id, members)
    await _apply(db, chat, _desired(audience_of(row), people, taught))


async def reconcile_channels(
    db: AsyncSession, org: Org, members: list[Membership] | None = None
) -> None:
    """Every live administrator's channel of the organisation (roster-wide changes)."""
    channels = await _live_channels(db, org.id)
    if not channels:
        return
    members = members if members is not None else await _active(db, org.id)
    people = await policy_people(db, org.id, {m.account_id for m in members if m.account_id})
    taught = await _taught(db, org.id, members)
    for chat, row in channels:
        await _apply(db, chat, _desired(audience_of(row), people, taught))


async def person_channel_roles(
    db: AsyncSession, org: Org, account_id: str, members: list[Membership]
) -> dict[str, str]:
    """Chat id -> the role one person should have in each administrator's channel they
    belong in. Archived channels keep them as they are while they stay in the
    organisation, so reconciling a person never empties an archive."""
    mine = [m for m in members if m.account_id == account_id]
    if not mine:
        return {}
    out: dict[str, str] = {}
    channels = await _live_channels(db, org.id)
    if channels:
        person = (await policy_people(db, org.id, [account_id])).get(account_id)
        if person is not None:
            taught = frozenset((await _taught(db, org.id, members)).get(account_id, ()))
            for chat, row in channels:
                role = audience_role(audience_of(row), person, taught)
                if role is not None:
                    out[chat.id] = role
    archived = (
        sa.select(ChatMember.chat_id, ChatMember.role)
        .join(Chat, Chat.id == ChatMember.chat_id)
        .join(ChannelAudience, ChannelAudience.chat_id == Chat.id)
        .where(
            Chat.org_id == org.id,
            Chat.archived_at.is_not(None),
            ChatMember.account_id == account_id,
            ChatMember.status == "active",
        )
    )
    for chat_id, role in (await db.execute(archived)).all():
        out[chat_id] = role
    return out
