"""Where I may organise events: the choices of the calendar's audience picker.

The same rules as `policy.may_create` and `service._check_place`, read the other way round:
administrators and verified heads may use the whole organisation and every class and group;
other verified staff their own classes (class teacher) and the groups they lead or belong
to. Chats are not listed: the client knows its chats, and every chat I am a member of takes
events. Students, parents and unverified staff get an empty answer (`may_organise: false`).
"""

from __future__ import annotations

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.events import policy
from parta.models import Group, GroupMember, SchoolClass


class PlaceRef(BaseModel):
    id: str
    name: str  # "5А" for a class, the group's name


class OrganiserPlaces(BaseModel):
    """The places whose events I may organise; `org`: events for the whole organisation."""

    may_organise: bool
    org: bool
    classes: list[PlaceRef]
    groups: list[PlaceRef]


async def organiser_places(db: AsyncSession, ctx: OrgContext) -> OrganiserPlaces:
    """The classes and groups (and whether the organisation) where I may organise events."""
    if not ctx.is_verified_staff():
        return OrganiserPlaces(may_organise=False, org=False, classes=[], groups=[])
    lead = policy.is_lead(ctx)
    mine = [m.id for m in ctx.memberships]
    classes = sa.select(SchoolClass).where(
        SchoolClass.org_id == ctx.org_id, SchoolClass.archived_at.is_(None)
    )
    groups = sa.select(Group).where(Group.org_id == ctx.org_id, Group.archived_at.is_(None))
    if not lead:
        classes = classes.where(SchoolClass.class_teacher_id.in_(mine))
        member_of = sa.select(GroupMember.group_id).where(GroupMember.membership_id.in_(mine))
        groups = groups.where(sa.or_(Group.lead_id.in_(mine), Group.id.in_(member_of)))
    class_rows = sorted(
        (await db.execute(classes)).scalars(), key=lambda c: (c.grade, c.letter, c.id)
    )
    group_rows = sorted((await db.execute(groups)).scalars(), key=lambda g: (g.name, g.id))
    return OrganiserPlaces(
        may_organise=True,
        org=lead,
        classes=[PlaceRef(id=c.id, name=c.label) for c in class_rows],
        groups=[PlaceRef(id=g.id, name=g.name) for g in group_rows],
    )
