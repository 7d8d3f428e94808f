"""Endpoints of the audit domain: an organisation's audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from parta.audit import service
from parta.audit.schemas import AuditEventOut
from parta.auth.deps import Ctx
from parta.deps import DB
from parta.kit.pagination import MAX_LIMIT, Page

router = APIRouter(tags=["audit"])


@router.get("/orgs/{org_id}/audit", response_model=Page[AuditEventOut])
async def org_audit(
    ctx: Ctx,
    db: DB,
    action: Annotated[str | None, Query(max_length=60)] = None,
    actor_id: Annotated[str | None, Query(max_length=26)] = None,
    target_id: Annotated[str | None, Query(max_length=64)] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT)] = None,
) -> Page[AuditEventOut]:
    """The organisation's audit log, newest first (administrators and heads).

    Filters: exact `action` (or a prefix ending in "." such as `member.`), `actor_id`
    (account), `target_id`, and a time range `since` ≤ created_at < `until` (ISO 8601).
    Pass `next_cursor` back as `cursor` for older events.
    """
    return await service.org_log(
        db,
        ctx,
        action=action,
        actor_id=actor_id,
        target_id=target_id,
        since=since,
        until=until,
        cursor=cursor,
        limit=limit,
    )
