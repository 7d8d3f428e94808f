"""Who an event is for, from its place.

- org: every active member of the organisation;
- class: the class's students, their confirmed parents and the class teacher;
- group: the group's members and lead, and the confirmed parents of its students;
- chat: the chat's active members.
The organiser is always invited. Two views of the same rules: `invited` (the people of one
event) and `my_places` (the places whose events one person sees, for calendar queries).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.models import ChatMember, Event, Group, GroupMember, Membership, ParentLink, SchoolClass


@dataclass
class Places:
    class_ids: set[str] = field(default_factory=set)
    group_ids: set[str] = field(default_factory=set)
    chat_ids: set[str] = field(default_factory=set)


def _accounts(rows: sa.Result[Any]) -> set[str]:
    return {a for a in rows.scalars() if a}


async def _parents_of(db: AsyncSession, student_mids: list[str]) -> set[str]:
    if not student_mids:
        return set()
    parent = sa.orm.aliased(Membership)
    stmt = (
        sa.select(parent.account_id)
        .join(ParentLink, ParentLink.parent_membership_id == parent.id)
        .where(
            ParentLink.student_membership_id.in_(student_mids),
            ParentLink.status == "confirmed",
            parent.status == "active",
        )
    )
    return _accounts(await db.execute(stmt))


async def _class_people(db: AsyncSession, org_id: str, class_id: str) -> set[str]:
    students = (
        await db.execute(
            sa.select(Membership.id, Membership.account_id).where(
                Membership.org_id == org_id,
                Membership.class_id == class_id,
                Membership.role == "student",
                Membership.status == "active",
            )
        )
    ).all()
    out = {a for _, a in students if a}
    out |= await _parents_of(db, [mid for mid, _ in students])
    teacher = (
        await db.execute(
            sa.select(Membership.account_id)
            .join(SchoolClass, SchoolClass.class_teacher_id == Membership.id)
            .where(SchoolClass.id == class_id, Membership.status == "active")
        )
    ).scalar_one_or_none()
    if teacher:
        out.add(teacher)
    return out


async def _group_people(db: AsyncSession, group_id: str) -> set[str]:
    members = (
        await db.execute(
            sa.select(Membership.id, Membership.account_id, Membership.role)
            .join(GroupMember, GroupMember.membership_id == Membership.id)
            .where(GroupMember.group_id == group_id, Membership.status == "active")
        )
    ).all()
    out = {a for _, a, _ in members if a}
    out |= await _parents_of(db, [mid for mid, _, role in members if role == "student"])
    lead = (
        await db.execute(
            sa.select(Membership.account_id)
            .join(Group, Group.lead_id == Membership.id)
            .where(Group.id == group_id, Membership.status == "active")
        )
    ).scalar_one_or_none()
    if lead:
        out.add(lead)
    return out


async def invited(db: AsyncSession, event: Event) -> set[str]:
    """Account ids of everyone the event is for (the organiser included)."""
    if event.scope == "class" and event.class_id:
        out = await _class_people(db, event.org_id, event.class_id)
    elif event.scope == "group" and event.group_id:
        out = await _group_people(db, event.group_id)
    elif event.scope == "chat" and event.chat_id:
        out = _accounts(
            await db.execute(
                sa.select(ChatMember.account_id).where(
                    ChatMember.chat_id == event.chat_id, ChatMember.status == "active"
                )
            )
        )
    else:
        out = _accounts(
            await db.execute(
                sa.select(Membership.account_id).where(
                    Membership.org_id == event.org_id, Membership.status == "active"
                )
            )
        )
    out.add(event.created_by)
    return out


async def my_places(db: AsyncSession, ctx: OrgContext) -> Places:
    """The classes, groups and chats whose events this person is invited to."""
    return await places_of(db, ctx.org_id, ctx.account_id, ctx.memberships)


async def places_of(
    db: AsyncSession, org_id: str, account_id: str, memberships: Sequence[Membership]
) -> Places:
    """`my_places` for a person's active memberships in one organisation (the feed has no
    request context)."""
    places = Places()
    mine = [m.id for m in memberships]
    places.class_ids = {m.class_id for m in memberships if m.role == "student" and m.class_id}
    children = (
        await db.execute(
            sa.select(Membership.id, Membership.class_id)
            .join(ParentLink, ParentLink.student_membership_id == Membership.id)
            .where(
                ParentLink.parent_membership_id.in_(mine),
                ParentLink.status == "confirmed",
                Membership.status == "active",
            )
        )
    ).all()
    places.class_ids |= {c for _, c in children if c}
    places.class_ids |= set(
        (
            await db.execute(
                sa.select(SchoolClass.id).where(
                    SchoolClass.org_id == org_id, SchoolClass.class_teacher_id.in_(mine)
                )
            )
        ).scalars()
    )
    child_mids = [mid for mid, _ in children]
    places.group_ids = set(
        (
            await db.execute(
                sa.select(GroupMember.group_id).where(
                    GroupMember.membership_id.in_(mine + child_mids)
                )
            )
        ).scalars()
    )
    places.group_ids |= set(
        (
            await db.execute(
                sa.select(Group.id).where(Group.org_id == org_id, Group.lead_id.in_(mine))
            )
        ).scalars()
    )
    places.chat_ids = set(
        (
            await db.execute(
                sa.select(ChatMember.chat_id).where(
                    ChatMember.account_id == account_id, ChatMember.status == "active"
                )
            )
        ).scalars()
    )
    return places


def visible_clause(places: Places, account_id: str) -> sa.ColumnElement[bool]:
    """SQL condition: the event is for someone with these places (or they organise it)."""
    return sa.or_(
        Event.scope == "org",
        Event.created_by == account_id,
        sa.and_(Event.scope == "class", Event.class_id.in_(places.class_ids)),
        sa.and_(Event.scope == "group", Event.group_id.in_(places.group_ids)),
        sa.and_(Event.scope == "chat", Event.chat_id.in_(places.chat_ids)),
    )


def is_for(event: Event, places: Places, account_id: str) -> bool:
    """The same rule as `visible_clause`, for one loaded event."""
    return (
        event.scope == "org"
        or event.created_by == account_id
        or (event.scope == "class" and event.class_id in places.class_ids)
        or (event.scope == "group" and event.group_id in places.group_ids)
        or (event.scope == "chat" and event.chat_id in places.chat_ids)
    )
