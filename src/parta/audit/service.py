"""Recording and reading audit events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit import repository
from parta.audit.schemas import AuditEventOut
from parta.auth.deps import OrgContext
from parta.auth.roles import Right
from parta.kit.pagination import Page, clamp_limit
from parta.models import AuditEvent


async def record(
    db: AsyncSession,
    action: str,
    *,
    org_id: str | None = None,
    actor_id: str | None = None,
    target_type: str = "",
    target_id: str = "",
    ip: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (it is stored only if the change is)."""
    event = AuditEvent(
        org_id=org_id,
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        ip=ip,
        data=data or {},
    )
    db.add(event)
    await db.flush()
    return event


def _aware(value: datetime | None) -> datetime | None:
    """Times without a zone are taken as UTC (the columns refuse naive datetimes)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


async def org_log(
    db: AsyncSession,
    ctx: OrgContext,
    *,
    action: str | None,
    actor_id: str | None,
    target_id: str | None,
    since: datetime | None,
    until: datetime | None,
    cursor: str | None,
    limit: int | None,
) -> Page[AuditEventOut]:
    """The organisation's audit log, newest first (administrators and heads)."""
    ctx.require(Right.READ_AUDIT, "Only administrators and heads can read the audit log.")
    n = clamp_limit(limit)
    rows = await repository.org_events(
        db,
        ctx.org_id,
        action=action,
        actor_id=actor_id,
        target_id=target_id,
        since=_aware(since),
        until=_aware(until),
        before=cursor,
        limit=n + 1,
    )
    more = len(rows) > n
    rows = rows[:n]
    names = await repository.actor_names(db, ctx.org_id, {e.actor_id for e in rows if e.actor_id})
    items = [
        AuditEventOut(
            id=e.id,
            action=e.action,
            actor_id=e.actor_id,
            actor_name=names.get(e.actor_id) if e.actor_id else None,
            target_type=e.target_type,
            target_id=e.target_id,
            ip=e.ip,
            data=e.data or {},
            created_at=e.created_at,
        )
        for e in rows
    ]
    return Page(items=items, next_cursor=rows[-1].id if more else None)
