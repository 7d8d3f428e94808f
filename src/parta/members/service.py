"""Membership use cases shared by invitations, the operator and the roster import."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict
from parta.models import Account, Membership


async def active_membership(
    db: AsyncSession, org_id: str, account_id: str, role: OrgRole
) -> Membership | None:
    stmt = sa.select(Membership).where(
        Membership.org_id == org_id,
        Membership.account_id == account_id,
        Membership.role == role,
        Membership.status == "active",
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def add_membership(
    db: AsyncSession,
    *,
    org_id: str,
    account: Account,
    role: OrgRole,
    class_id: str | None = None,
    verified_by: str | None = None,
    invitation_id: str | None = None,
    title: str = "",
) -> Membership:
    """Give `account` the `role` in the organisation; 409 if they already have it."""
    if await active_membership(db, org_id, account.id, role):
        raise Conflict(
            "You are already a member of this organisation in this role.", code="already_member"
        )
    membership = Membership(
        org_id=org_id,
        account_id=account.id,
        role=role,
        status="active",
        full_name=account.display_name,
        class_id=class_id,
        title=title,
        invitation_id=invitation_id,
        verified_at=utcnow() if verified_by else None,
        verified_by=verified_by,
    )
    db.add(membership)
    if account.last_org_id is None:
        account.last_org_id = org_id
    await db.flush()
    return membership
