"""Recording and reading audit events."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

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
