"""Read-only views of the operator console: organisations, platform audit, mail outbox."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.errors import Unprocessable
from parta.kit.pagination import Page, clamp_limit
from parta.models import OrgApplication, StoredFile
from parta.operator import repository as repo
from parta.operator.schemas import (
    ApplicationDetail,
    AuditRow,
    DocumentMeta,
    OrgRow,
    OutboxRow,
)


def _utc(value: datetime | None, field: str) -> datetime | None:
    """A query time in UTC; one without a zone is read as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError as exc:  # e.g. 0001-01-01T00:00+01:00
        raise Unprocessable("The time is out of range.", fields={field: "out of range"}) from exc


def application_detail(
    application: OrgApplication, document: StoredFile | None
) -> ApplicationDetail:
    return ApplicationDetail(
        id=application.id,
        status=application.status,
        org_name=application.org_name,
        kind=application.kind,
        region=application.region,
        inn=application.inn,
        admin_full_name=application.admin_full_name,
        created_at=application.created_at,
        address=application.address,
        admin_phone=application.admin_phone,
        admin_email=application.admin_email,
        questionnaire=dict(application.questionnaire),
        document=DocumentMeta.model_validate(document) if document else None,
        reject_reason=application.reject_reason,
        reviewed_by=application.reviewed_by,
        reviewed_at=application.reviewed_at,
        org_id=application.org_id,
        ip=application.ip,
    )


async def list_orgs(db: AsyncSession, *, cursor: str | None, limit: int | None) -> Page[OrgRow]:
    n = clamp_limit(limit)
    orgs = await repo.list_orgs(db, before=cursor, limit=n + 1)
    page = orgs[:n]
    counts = await repo.member_counts(db, [o.id for o in page])
    items = [
        OrgRow(
            id=o.id,
            name=o.name,
            kind=o.kind,
            region=o.region,
            inn=o.inn,
            status=o.status,
            created_at=o.created_at,
            members=counts.get(o.id, {}),
        )
        for o in page
    ]
    return Page(items=items, next_cursor=page[-1].id if len(orgs) > n else None)


async def platform_audit(
    db: AsyncSession,
    *,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    cursor: str | None,
    limit: int | None,
) -> Page[AuditRow]:
    n = clamp_limit(limit)
    rows = await repo.platform_audit(
        db,
        action=action,
        since=_utc(since, "since"),
        until=_utc(until, "until"),
        before=cursor,
        limit=n + 1,
    )
    items = [AuditRow.model_validate(r) for r in rows[:n]]
    return Page(items=items, next_cursor=items[-1].id if len(rows) > n else None)


async def outbox(
    db: AsyncSession, *, status: str | None, cursor: str | None, limit: int | None
) -> Page[OutboxRow]:
    n = clamp_limit(limit)
    rows = await repo.outbox(db, status=status, before=cursor, limit=n + 1)
    items = [OutboxRow.model_validate(r) for r in rows[:n]]
    return Page(items=items, next_cursor=items[-1].id if len(rows) > n else None)
