"""Every query of the members domain, scoped to one organisation."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.models import Membership, ParentLink, SchoolClass
from parta.models.membership import fold_name


async def get_membership(db: AsyncSession, org_id: str, membership_id: str) -> Membership | None:
    stmt = sa.select(Membership).where(Membership.org_id == org_id, Membership.id == membership_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def list_memberships(
    db: AsyncSession,
    org_id: str,
    *,
    statuses: Collection[str],
    role: str | None = None,
    class_id: str | None = None,
    q: str | None = None,
    after: str | None = None,
    limit: int,
    visible: sa.ColumnElement[bool] | None = None,
) -> list[Membership]:
    """`visible`: a further condition (safe mode hides students from some viewers)."""
    stmt = sa.select(Membership).where(
        Membership.org_id == org_id, Membership.status.in_(list(statuses))
    )
    if visible is not None:
        stmt = stmt.where(visible)
    if role:
        stmt = stmt.where(Membership.role == role)
    if class_id:
        stmt = stmt.where(Membership.class_id == class_id)
    if q and (folded := fold_name(q)):
        stmt = stmt.where(Membership.name_search.contains(folded, autoescape=True))
    if after:
        stmt = stmt.where(Membership.id > after)
    stmt = stmt.order_by(Membership.id).limit(limit)
    return list((await db.execute(stmt)).scalars())


async def count_active_admins(db: AsyncSession, org_id: str) -> int:
    stmt = sa.select(sa.func.count(Membership.id)).where(
        Membership.org_id == org_id,
        Membership.role == OrgRole.ADMIN,
        Membership.status == "active",
    )
    return int((await db.execute(stmt)).scalar_one())


async def lock_active_admins(db: AsyncSession, org_id: str) -> list[str]:
    """Ids of the active admins, locked on PostgreSQL so two removals cannot both pass."""
    stmt = (
        sa.select(Membership.id)
        .where(
            Membership.org_id == org_id,
            Membership.role == OrgRole.ADMIN,
            Membership.status == "active",
        )
        .with_for_update()
    )
    return list((await db.execute(stmt)).scalars())


async def classes_led_by(
    db: AsyncSession, org_id: str, membership_ids: Collection[str]
) -> list[str]:
    if not membership_ids:
        return []
    stmt = sa.select(SchoolClass.id).where(
        SchoolClass.org_id == org_id,
        SchoolClass.class_teacher_id.in_(list(membership_ids)),
        SchoolClass.archived_at.is_(None),
    )
    return list((await db.execute(stmt)).scalars())


async def get_link(db: AsyncSession, org_id: str, link_id: str) -> ParentLink | None:
    stmt = sa.select(ParentLink).where(ParentLink.org_id == org_id, ParentLink.id == link_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def find_link(
    db: AsyncSession, org_id: str, parent_membership_id: str, student_membership_id: str
) -> ParentLink | None:
    stmt = sa.select(ParentLink).where(
        ParentLink.org_id == org_id,
        ParentLink.parent_membership_id == parent_membership_id,
        ParentLink.student_membership_id == student_membership_id,
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def list_links(
    db: AsyncSession,
    org_id: str,
    *,
    status: str | None = None,
    student_class_ids: Collection[str] | None = None,
    parent_membership_id: str | None = None,
    student_membership_id: str | None = None,
    statuses: Collection[str] | None = None,
) -> list[ParentLink]:
    """Links of the organisation; `student_class_ids` limits them to students of those classes."""
    stmt = sa.select(ParentLink).where(ParentLink.org_id == org_id)
    if status:
        stmt = stmt.where(ParentLink.status == status)
    if statuses is not None:
        stmt = stmt.where(ParentLink.status.in_(list(statuses)))
    if parent_membership_id:
        stmt = stmt.where(ParentLink.parent_membership_id == parent_membership_id)
    if student_membership_id:
        stmt = stmt.where(ParentLink.student_membership_id == student_membership_id)
    if student_class_ids is not None:
        students = sa.select(Membership.id).where(
            Membership.org_id == org_id, Membership.class_id.in_(list(student_class_ids))
        )
        stmt = stmt.where(ParentLink.student_membership_id.in_(students))
    stmt = stmt.order_by(ParentLink.id.desc()).limit(500)
    return list((await db.execute(stmt)).scalars())


async def parent_accounts_of(db: AsyncSession, org_id: str, student_membership_id: str) -> set[str]:
    """Accounts holding a confirmed parent link to the student."""
    stmt = (
        sa.select(Membership.account_id)
        .join(ParentLink, ParentLink.parent_membership_id == Membership.id)
        .where(
            ParentLink.org_id == org_id,
            ParentLink.student_membership_id == student_membership_id,
            ParentLink.status == "confirmed",
            Membership.status == "active",
        )
    )
    return {a for a in (await db.execute(stmt)).scalars() if a}
