"""Queries of the operator console. Applications, the audit trail's platform events and the
outbox belong to no organisation; the organisation list is the platform's, by design."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit import repository as audit_repository
from parta.models import Account, AuditEvent, MailMessage, Membership, Org, OrgApplication

MAX_ID = 26


def plausible_id(value: str) -> bool:
    """Could be a ULID: anything else cannot exist, and must not reach the database."""
    return len(value) <= MAX_ID and value.isascii() and value.isalnum()


async def get_application(
    db: AsyncSession, application_id: str, *, for_update: bool = False
) -> OrgApplication | None:
    if not plausible_id(application_id):
        return None
    stmt = sa.select(OrgApplication).where(OrgApplication.id == application_id)
    if for_update:
        # Two operators approving at once: the second waits, then sees it is no longer pending.
        stmt = stmt.with_for_update()
    return (await db.execute(stmt)).scalar_one_or_none()


async def list_applications(
    db: AsyncSession, status: str, *, after: str | None, limit: int
) -> list[OrgApplication]:
    """Oldest first (a queue), `limit` rows after the cursor id."""
    stmt = sa.select(OrgApplication).where(OrgApplication.status == status)
    if after:
        stmt = stmt.where(OrgApplication.id > after)
    stmt = stmt.order_by(OrgApplication.id).limit(limit)
    return list((await db.execute(stmt)).scalars())


async def operator_recipients(db: AsyncSession) -> list[tuple[str, str]]:
    """(email, language) of every active operator with an e-mail."""
    stmt = sa.select(Account.email, Account.language).where(
        Account.is_operator.is_(True), Account.is_active.is_(True), Account.email.is_not(None)
    )
    return [(e, lang) for e, lang in (await db.execute(stmt)).all() if e]


async def phone_taken(db: AsyncSession, phone: str) -> bool:
    return (
        await db.execute(sa.select(Account.id).where(Account.phone == phone))
    ).first() is not None


async def list_orgs(db: AsyncSession, *, before: str | None, limit: int) -> list[Org]:
    """Newest first."""
    stmt = sa.select(Org)
    if before:
        stmt = stmt.where(Org.id < before)
    stmt = stmt.order_by(Org.id.desc()).limit(limit)
    return list((await db.execute(stmt)).scalars())


async def member_counts(db: AsyncSession, org_ids: list[str]) -> dict[str, dict[str, int]]:
    """Active members by role for each organisation."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    if not org_ids:
        return counts
    stmt = (
        sa.select(Membership.org_id, Membership.role, sa.func.count())
        .where(Membership.org_id.in_(org_ids), Membership.status == "active")
        .group_by(Membership.org_id, Membership.role)
    )
    for org_id, role, n in (await db.execute(stmt)).all():
        counts[org_id][role] = int(n)
    return counts


async def platform_audit(
    db: AsyncSession,
    *,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    before: str | None,
    limit: int,
) -> list[AuditEvent]:
    """Platform-level events (no organisation), newest first."""
    return await audit_repository.org_events(
        db,
        None,
        action=action,
        actor_id=None,
        target_id=None,
        since=since,
        until=until,
        before=before,
        limit=limit,
    )


async def outbox(
    db: AsyncSession, *, status: str | None, before: str | None, limit: int
) -> list[MailMessage]:
    """Newest first."""
    stmt = sa.select(MailMessage)
    if status:
        stmt = stmt.where(MailMessage.status == status)
    if before:
        stmt = stmt.where(MailMessage.id < before)
    stmt = stmt.order_by(MailMessage.id.desc()).limit(limit)
    return list((await db.execute(stmt)).scalars())
