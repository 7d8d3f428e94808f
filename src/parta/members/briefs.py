"""Building MemberBrief rows for any list of memberships with one query for class labels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import VERIFIED_ROLES, OrgRole
from parta.avatars.urls import avatar_url
from parta.members.schemas import MemberBrief
from parta.models import Account, Membership, SchoolClass


def is_verified(m: Membership) -> bool:
    """The badge: admins are vouched for by the operator, staff roles by an administrator."""
    if m.role == OrgRole.ADMIN:
        return True
    return m.role in VERIFIED_ROLES and m.verified_at is not None


def brief_of(
    m: Membership, class_labels: dict[str, str], avatars: dict[str, str] | None = None
) -> MemberBrief:
    return MemberBrief(
        membership_id=m.id,
        account_id=m.account_id,
        name=m.full_name,
        role=m.role,  # type: ignore[arg-type]  # stored values are OrgRole names
        verified=is_verified(m),
        class_id=m.class_id,
        class_label=class_labels.get(m.class_id) if m.class_id else None,
        title=m.title,
        status=m.status,  # type: ignore[arg-type]
        avatar_url=avatar_url((avatars or {}).get(m.account_id or "")),
    )


async def class_labels(db: AsyncSession, class_ids: Iterable[str | None]) -> dict[str, str]:
    ids = {c for c in class_ids if c}
    if not ids:
        return {}
    stmt = sa.select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter).where(
        SchoolClass.id.in_(ids)
    )
    return {cid: f"{grade}{letter}" for cid, grade, letter in (await db.execute(stmt)).all()}


async def avatar_files(db: AsyncSession, account_ids: Iterable[str | None]) -> dict[str, str]:
    """Account id → avatar file id, for the accounts that have a picture."""
    ids = {a for a in account_ids if a}
    if not ids:
        return {}
    stmt = sa.select(Account.id, Account.avatar_file_id).where(
        Account.id.in_(ids), Account.avatar_file_id.is_not(None)
    )
    return {aid: fid for aid, fid in (await db.execute(stmt)).all() if fid}


async def briefs(db: AsyncSession, memberships: Sequence[Membership]) -> list[MemberBrief]:
    """Briefs in the given order."""
    labels = await class_labels(db, (m.class_id for m in memberships))
    avatars = await avatar_files(db, (m.account_id for m in memberships))
    return [brief_of(m, labels, avatars) for m in memberships]


async def brief(db: AsyncSession, membership: Membership) -> MemberBrief:
    return (await briefs(db, [membership]))[0]


async def briefs_by_id(
    db: AsyncSession, org_id: str, membership_ids: Iterable[str | None]
) -> dict[str, MemberBrief]:
    """Briefs of the given memberships of one organisation, keyed by membership id."""
    ids = {i for i in membership_ids if i}
    if not ids:
        return {}
    stmt = sa.select(Membership).where(Membership.org_id == org_id, Membership.id.in_(ids))
    rows = list((await db.execute(stmt)).scalars())
    return {b.membership_id: b for b in await briefs(db, rows)}
