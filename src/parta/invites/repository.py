"""Every query of the invitations domain, scoped by organisation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import (
    Account,
    Group,
    Invitation,
    InvitationUse,
    Membership,
    SchoolClass,
)


def _valid_id(value: str | None) -> bool:
    return value is not None and 0 < len(value) <= 26


async def get_invitation(db: AsyncSession, org_id: str, invitation_id: str) -> Invitation | None:
    if not _valid_id(invitation_id):
        return None
    stmt = sa.select(Invitation).where(Invitation.org_id == org_id, Invitation.id == invitation_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def list_invitations(
    db: AsyncSession, org_id: str, *, created_by: str | None = None, limit: int = 200
) -> list[Invitation]:
    stmt = sa.select(Invitation).where(Invitation.org_id == org_id)
    if created_by is not None:
        stmt = stmt.where(Invitation.created_by == created_by)
    stmt = stmt.order_by(Invitation.id.desc()).limit(limit)
    return list((await db.execute(stmt)).scalars())


async def get_class(db: AsyncSession, org_id: str, class_id: str | None) -> SchoolClass | None:
    if not _valid_id(class_id):
        return None
    stmt = sa.select(SchoolClass).where(SchoolClass.org_id == org_id, SchoolClass.id == class_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def get_group(db: AsyncSession, org_id: str, group_id: str | None) -> Group | None:
    if not _valid_id(group_id):
        return None
    stmt = sa.select(Group).where(Group.org_id == org_id, Group.id == group_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def get_membership(
    db: AsyncSession, org_id: str, membership_id: str | None
) -> Membership | None:
    if not _valid_id(membership_id):
        return None
    stmt = sa.select(Membership).where(Membership.org_id == org_id, Membership.id == membership_id)
    return (await db.execute(stmt)).scalar_one_or_none()


async def led_class_ids(
    db: AsyncSession, org_id: str, teacher_membership_ids: Iterable[str]
) -> frozenset[str]:
    """Ids of the live classes whose class teacher is one of these memberships."""
    ids = list(teacher_membership_ids)
    if not ids:
        return frozenset()
    stmt = sa.select(SchoolClass.id).where(
        SchoolClass.org_id == org_id,
        SchoolClass.class_teacher_id.in_(ids),
        SchoolClass.archived_at.is_(None),
    )
    return frozenset((await db.execute(stmt)).scalars())


async def account_names(db: AsyncSession, account_ids: Iterable[str | None]) -> dict[str, str]:
    ids = {a for a in account_ids if a}
    if not ids:
        return {}
    stmt = sa.select(Account.id, Account.display_name).where(Account.id.in_(ids))
    return {row.id: row.display_name for row in await db.execute(stmt)}


async def classes_by_id(db: AsyncSession, org_id: str, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    stmt = sa.select(SchoolClass).where(SchoolClass.org_id == org_id, SchoolClass.id.in_(wanted))
    return {c.id: c.label for c in (await db.execute(stmt)).scalars()}


async def groups_by_id(db: AsyncSession, org_id: str, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    stmt = sa.select(Group.id, Group.name).where(Group.org_id == org_id, Group.id.in_(wanted))
    return {row.id: row.name for row in await db.execute(stmt)}


async def uses_of(
    db: AsyncSession, invitation: Invitation
) -> list[tuple[InvitationUse, Membership]]:
    stmt = (
        sa.select(InvitationUse, Membership)
        .join(Membership, Membership.id == InvitationUse.membership_id)
        .where(InvitationUse.invitation_id == invitation.id, Membership.org_id == invitation.org_id)
        .order_by(InvitationUse.used_at, InvitationUse.id)
    )
    return [(row[0], row[1]) for row in await db.execute(stmt)]


async def count_use(db: AsyncSession, invitation_id: str, now: datetime) -> bool:
    """Add one use unless the invitation is revoked, expired or used up — atomically.

    The conditional UPDATE takes the row lock, so concurrent uses are serialised by the
    database and can never push `uses` past `max_uses`.
    """
    stmt = (
        sa.update(Invitation)
        .where(
            Invitation.id == invitation_id,
            Invitation.revoked_at.is_(None),
            sa.or_(Invitation.expires_at.is_(None), Invitation.expires_at > now),
            sa.or_(Invitation.max_uses.is_(None), Invitation.uses < Invitation.max_uses),
        )
        .values(uses=Invitation.uses + 1)
        .execution_options(synchronize_session=False)
    )
    result = await db.execute(stmt)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def claim_pending(db: AsyncSession, membership_id: str, account_id: str) -> bool:
    """Attach a pending roster membership to an account, once."""
    stmt = (
        sa.update(Membership)
        .where(
            Membership.id == membership_id,
            Membership.account_id.is_(None),
            Membership.status == "pending",
        )
        .values(account_id=account_id, status="active")
        .execution_options(synchronize_session=False)
    )
    result = await db.execute(stmt)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def live_parent_invitation(
    db: AsyncSession, org_id: str, student_membership_id: str, now: datetime
) -> Invitation | None:
    stmt = (
        sa.select(Invitation)
        .where(
            Invitation.org_id == org_id,
            Invitation.kind == "parent",
            Invitation.student_membership_id == student_membership_id,
            Invitation.revoked_at.is_(None),
            sa.or_(Invitation.expires_at.is_(None), Invitation.expires_at > now),
            sa.or_(Invitation.max_uses.is_(None), Invitation.uses < Invitation.max_uses),
        )
        .order_by(Invitation.id.desc())
        .limit(1)
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def username_taken(db: AsyncSession, username: str) -> bool:
    stmt = sa.select(Account.id).where(Account.username == username)
    return (await db.execute(stmt)).first() is not None


async def usernames_like(db: AsyncSession, prefix: str) -> set[str]:
    stmt = sa.select(Account.username).where(Account.username.like(prefix + "%"))
    return {u for u in (await db.execute(stmt)).scalars() if u}
