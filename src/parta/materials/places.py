"""Libraries as places: which class or group a library belongs to, what the person may do
there (parta.materials.policy), and the libraries a person can open."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.auth.roles import STAFF_ROLES, OrgRole
from parta.chats.people import policy_people
from parta.kit.errors import Conflict, Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.materials.policy import PLACES, Access, PlaceFacts, Viewer, access
from parta.models import AcademicYear, Group, GroupMember, SchoolClass


@dataclass(frozen=True)
class Place:
    facts: PlaceFacts
    title: str
    access: Access

    @property
    def kind(self) -> str:
        return self.facts.kind

    @property
    def id(self) -> str:
        return self.facts.id


def _verified(role: str, verified_at: object) -> bool:
    return role in STAFF_ROLES and (role == OrgRole.ADMIN or verified_at is not None)


async def viewer_of(db: AsyncSession, ctx: OrgContext) -> Viewer:
    """The person's facts in the organisation (two small queries)."""
    person = (await policy_people(db, ctx.org_id, [ctx.account_id])).get(ctx.account_id)
    staff_ids = frozenset(m.id for m in ctx.memberships if _verified(m.role, m.verified_at))
    rows = (
        await db.execute(
            sa.select(GroupMember.group_id, GroupMember.membership_id).where(
                GroupMember.org_id == ctx.org_id,
                GroupMember.membership_id.in_([m.id for m in ctx.memberships]),
            )
        )
    ).all()
    return Viewer(
        account_id=ctx.account_id,
        admin=any(
            m.role == OrgRole.ADMIN or (m.role == OrgRole.HEAD and m.verified_at is not None)
            for m in ctx.memberships
        ),
        verified_staff=bool(staff_ids),
        verified_teacher=any(
            m.role == OrgRole.TEACHER and m.verified_at is not None for m in ctx.memberships
        ),
        staff_membership_ids=staff_ids,
        class_ids=person.class_ids if person else frozenset(),
        children_class_ids=person.children_class_ids if person else frozenset(),
        group_ids=frozenset(g for g, _ in rows),
        staff_group_ids=frozenset(g for g, m in rows if m in staff_ids),
    )


def _class_facts(c: SchoolClass) -> PlaceFacts:
    return PlaceFacts(
        kind="class",
        id=c.id,
        archived=c.archived_at is not None,
        class_teacher_id=c.class_teacher_id,
    )


def _group_facts(g: Group) -> PlaceFacts:
    return PlaceFacts(kind="group", id=g.id, archived=g.archived_at is not None, lead_id=g.lead_id)


async def facts_of(
    db: AsyncSession, ctx: OrgContext, kind: str, place_id: str | None
) -> tuple[PlaceFacts, str]:
    """The place's facts and title; 404 for a class or group not in this organisation."""
    if kind not in PLACES:
        raise Unprocessable(
            "place must be org, class or group.",
            code="invalid",
            fields={"place": "org|class|group"},
        )
    if kind == "org":
        if place_id not in (None, "", ctx.org_id):
            raise not_found("library")
        return PlaceFacts(kind="org", id=ctx.org_id), ctx.org.name
    if place_id is None or not is_id(place_id):
        raise not_found("library")
    if kind == "class":
        c = (
            await db.execute(
                sa.select(SchoolClass).where(
                    SchoolClass.org_id == ctx.org_id, SchoolClass.id == place_id
                )
            )
        ).scalar_one_or_none()
        if c is None:
            raise not_found("library")
        return _class_facts(c), c.label
    g = (
        await db.execute(sa.select(Group).where(Group.org_id == ctx.org_id, Group.id == place_id))
    ).scalar_one_or_none()
    if g is None:
        raise not_found("library")
    return _group_facts(g), g.name


async def readable_place(
    db: AsyncSession, ctx: OrgContext, kind: str, place_id: str | None, viewer: Viewer | None = None
) -> Place:
    """The library when the person may read it; 404 otherwise (a class or group library the
    person does not belong to is as invisible as one of another organisation)."""
    facts, title = await facts_of(db, ctx, kind, place_id)
    viewer = viewer or await viewer_of(db, ctx)
    got = access(viewer, facts)
    if not got.read:
        raise not_found("library")
    return Place(facts=facts, title=title, access=got)


def require_add(place: Place) -> None:
    """403 `materials_read_only` unless the person may add to this library."""
    if place.facts.archived:
        raise Conflict(
            "This class or group is archived; its library is read-only.", code="place_archived"
        )
    if not place.access.add:
        raise Forbidden(
            "Only the teachers and administrators of this place can add materials.",
            code="materials_read_only",
        )


async def my_places(db: AsyncSession, ctx: OrgContext) -> list[Place]:
    """Libraries the person can open: the organisation's, then classes and groups."""
    viewer = await viewer_of(db, ctx)
    out = [
        Place(
            PlaceFacts("org", ctx.org_id),
            ctx.org.name,
            access(viewer, PlaceFacts("org", ctx.org_id)),
        )
    ]
    classes = (
        sa.select(SchoolClass)
        .join(AcademicYear, AcademicYear.id == SchoolClass.academic_year_id)
        .where(
            SchoolClass.org_id == ctx.org_id,
            AcademicYear.is_current.is_(True),
            SchoolClass.archived_at.is_(None),
        )
    )
    if not (viewer.verified_staff or viewer.admin):
        mine = viewer.class_ids | viewer.children_class_ids
        classes = classes.where(SchoolClass.id.in_(list(mine)))
    for c in (await db.execute(classes.order_by(SchoolClass.grade, SchoolClass.letter))).scalars():
        got = access(viewer, _class_facts(c))
        if got.read:
            out.append(Place(_class_facts(c), c.label, got))
    groups = sa.select(Group).where(Group.org_id == ctx.org_id, Group.archived_at.is_(None))
    if not viewer.admin:
        groups = groups.where(
            sa.or_(
                Group.id.in_(list(viewer.group_ids)),
                Group.lead_id.in_(list(viewer.staff_membership_ids)),
            )
        )
    for g in (await db.execute(groups.order_by(Group.kind, Group.name, Group.id))).scalars():
        got = access(viewer, _group_facts(g))
        if got.read:
            out.append(Place(_group_facts(g), g.name, got))
    return out
