"""Queries of the audit log: one organisation's events, or the platform's (org_id None)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Account, AuditEvent, Membership


async def org_events(
    db: AsyncSession,
    org_id: str | None,
    *,
    action: str | None,
    actor_id: str | None,
    target_id: str | None,
    since: datetime | None,
    until: datetime | None,
    before: str | None,
    limit: int,
) -> list[AuditEvent]:
    """Newest first; `before` is the id the previous page ended with. `org_id` None selects
    the platform-level events (those of no organisation)."""
    scope = AuditEvent.org_id.is_(None) if org_id is None else AuditEvent.org_id == org_id
    stmt = sa.select(AuditEvent).where(scope)
    if action:
        # A prefix ending in "." selects a whole domain ("member.").
        if action.endswith("."):
            stmt = stmt.where(AuditEvent.action.startswith(action, autoescape=True))
        else:
            stmt = stmt.where(AuditEvent.action == action)
    if actor_id:
        stmt = stmt.where(AuditEvent.actor_id == actor_id)
    if target_id:
        stmt = stmt.where(AuditEvent.target_id == target_id)
    if since:
        stmt = stmt.where(AuditEvent.created_at >= since)
    if until:
        stmt = stmt.where(AuditEvent.created_at < until)
    if before:
        stmt = stmt.where(AuditEvent.id < before)
    stmt = stmt.order_by(AuditEvent.id.desc()).limit(limit)
    return list((await db.execute(stmt)).scalars())


async def actor_names(
    db: AsyncSession, org_id: str, account_ids: Collection[str]
) -> dict[str, str]:
    """Names as the organisation knows them; the account's own name for outsiders (operator)."""
    if not account_ids:
        return {}
    ids = list(account_ids)
    names: dict[str, str] = {}
    rows = await db.execute(sa.select(Account.id, Account.display_name).where(Account.id.in_(ids)))
    for account_id, name in rows.all():
        names[account_id] = name
    rows = await db.execute(
        sa.select(Membership.account_id, Membership.full_name)
        .where(Membership.org_id == org_id, Membership.account_id.in_(ids))
        .order_by(Membership.id)
    )
    for account_id, name in rows.all():
        if account_id and name:
            names[account_id] = name
    return names
