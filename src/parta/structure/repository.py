"""Every query of the structure domain, scoped to one organisation."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.models import AcademicYear, Group, GroupMember, Membership, SchoolClass


async def get_year(db: AsyncSession, org_id: str, year_id: str) -> AcademicYear | None:
    stmt = sa.select(AcademicYear).where(AcademicYear.org_id == org_id, AcademicYear.id == year_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def year_by_name(db: AsyncSession, org_id: str, name: str) -> AcademicYear | None:
    stmt = sa.select(AcademicYear).where(AcademicYear.org_id == org_id, AcademicYear.name == name)
    return (await db.execute(stmt)).scalar_one_or_none()


async def list_years(db: AsyncSession, org_id: str) -> list[AcademicYear]:
    stmt = (
        sa.select(AcademicYear)
        .where(AcademicYear.org_id == org_id)
        .order_by(AcademicYear.starts_on.desc())
    )
    return list((await db.execute(stmt)).scalars())


async def get_class(db: AsyncSession, org_id: str, class_id: str) -> SchoolClass | None:
    stmt = sa.select(SchoolClass).where(SchoolClass.org_id == org_id, SchoolClass.id == class_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def list_classes(
    db: AsyncSession, org_id: str, year_id: str, *, include_archived: bool = True
) -> list[SchoolClass]:
    stmt = sa.select(SchoolClass).where(
        SchoolClass.org_id == org_id, SchoolClass.academic_year_id == year_id
    )
    if not include_archived:
        stmt = stmt.where(SchoolClass.archived_at.is_(None))
    stmt = stmt.order_by(SchoolClass.grade, SchoolClass.letter)
    return list((await db.execute(stmt)).scalars())


async def class_in_year(
    db: AsyncSession, org_id: str, year_id: str, grade: int, letter: str
) -> SchoolClass | None:
    stmt = sa.select(SchoolClass).where(
        SchoolClass.org_id == org_id,
        SchoolClass.academic_year_id == year_id,
        SchoolClass.grade == grade,
        SchoolClass.letter == letter,
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def student_counts(
    db: AsyncSession, org_id: str, class_ids: Collection[str], statuses: Collection[str]
) -> dict[str, int]:
    if not class_ids:
        return {}
    stmt = (
        sa.select(Membership.class_id, sa.func.count(Membership.id))
        .where(
            Membership.org_id == org_id,
            Membership.role == OrgRole.STUDENT,
            Membership.class_id.in_(list(class_ids)),
            Membership.status.in_(list(statuses)),
        )
        .group_by(Membership.class_id)
    )
    return {cid: int(n) for cid, n in (await db.execute(stmt)).all() if cid}


async def students_of(
    db: AsyncSession, org_id: str, class_id: str, statuses: Collection[str]
) -> list[Membership]:
    stmt = (
        sa.select(Membership)
        .where(
            Membership.org_id == org_id,
            Membership.role == OrgRole.STUDENT,
            Membership.class_id == class_id,
            Membership.status.in_(list(statuses)),
        )
        .order_by(Membership.name_search, Membership.id)
    )
    return list((await db.execute(stmt)).scalars())


async def move_students(
    db: AsyncSession, org_id: str, from_class_id: str, to_class_id: str, statuses: Collection[str]
) -> int:
    stmt = (
        sa.update(Membership)
        .where(
            Membership.org_id == org_id,
            Membership.role == OrgRole.STUDENT,
            Membership.class_id == from_class_id,
            Membership.status.in_(list(statuses)),
        )
        .values(class_id=to_class_id)
        .execution_options(synchronize_session=False)
    )
    return int((await db.execute(stmt)).rowcount)  # type: ignore[attr-defined]


async def graduate_students(
    db: AsyncSession, org_id: str, class_id: str, statuses: Collection[str]
) -> int:
    stmt = (
        sa.update(Membership)
        .where(
            Membership.org_id == org_id,
            Membership.role == OrgRole.STUDENT,
            Membership.class_id == class_id,
            Membership.status.in_(list(statuses)),
        )
        .values(status="alumni")
        .execution_options(synchronize_session=False)
    )
    return int((await db.execute(stmt)).rowcount)  # type: ignore[attr-defined]


async def get_group(db: AsyncSession, org_id: str, group_id: str) -> Group | None:
    stmt = sa.select(Group).where(Group.org_id == org_id, Group.id == group_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def list_groups(
    db: AsyncSession, org_id: str, *, kind: str | None, include_archived: bool
) -> list[Group]:
    stmt = sa.select(Group).where(Group.org_id == org_id)
    if kind:
        stmt = stmt.where(Group.kind == kind)
    if not include_archived:
        stmt = stmt.where(Group.archived_at.is_(None))
    stmt = stmt.order_by(Group.kind, Group.name, Group.id)
    return list((await db.execute(stmt)).scalars())


async def group_member_counts(
    db: AsyncSession, org_id: str, group_ids: Collection[str]
) -> dict[str, int]:
    if not group_ids:
        return {}
    stmt = (
        sa.select(GroupMember.group_id, sa.func.count(GroupMember.id))
        .join(Membership, Membership.id == GroupMember.membership_id)
        .where(
            GroupMember.org_id == org_id,
            GroupMember.group_id.in_(list(group_ids)),
            Membership.status == "active",
        )
        .group_by(GroupMember.group_id)
    )
    return {gid: int(n) for gid, n in (await db.execute(stmt)).all()}


async def group_member(
    db: AsyncSession, org_id: str, group_id: str, membership_id: str
) -> GroupMember | None:
    stmt = sa.select(GroupMember).where(
        GroupMember.org_id == org_id,
        GroupMember.group_id == group_id,
        GroupMember.membership_id == membership_id,
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def group_members(
    db: AsyncSession, org_id: str, group_id: str, statuses: Collection[str]
) -> list[Membership]:
    stmt = (
        sa.select(Membership)
        .join(GroupMember, GroupMember.membership_id == Membership.id)
        .where(
            GroupMember.org_id == org_id,
            GroupMember.group_id == group_id,
            Membership.status.in_(list(statuses)),
        )
        .order_by(Membership.name_search, Membership.id)
    )
    return list((await db.execute(stmt)).scalars())
