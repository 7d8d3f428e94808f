"""Teachers' "I answer during working hours": days and hours set by the teacher (or any
verified staff member), shown on their profile and in direct chats with them, so a parent
writing at night knows when to expect an answer. It changes nothing about delivery."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.events.views import zone
from parta.kit.clock import utcnow
from parta.kit.errors import Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.models import Membership, Org, WorkingHours
from parta.safety.policy import parse_hhmm
from parta.safety.schemas import WorkingHoursIn, WorkingHoursOut


def within(row: WorkingHours, org: Org, now: datetime) -> bool:
    local = now.astimezone(zone(org))
    if local.isoweekday() not in row.days:
        return False
    t = local.time().replace(tzinfo=None)
    return parse_hhmm(row.start) <= t < parse_hhmm(row.end)


def out(account_id: str, row: WorkingHours | None, org: Org) -> WorkingHoursOut:
    if row is None:
        return WorkingHoursOut(account_id=account_id, enabled=False)
    return WorkingHoursOut(
        account_id=account_id,
        enabled=True,
        days=sorted(row.days),
        start=row.start,
        end=row.end,
        note=row.note,
        now_within=within(row, org, utcnow()),
        timezone=zone(org).key,
    )


async def row_of(db: AsyncSession, org_id: str, account_id: str) -> WorkingHours | None:
    stmt = sa.select(WorkingHours).where(
        WorkingHours.org_id == org_id, WorkingHours.account_id == account_id
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def _is_member(db: AsyncSession, org_id: str, account_id: str) -> bool:
    stmt = sa.select(Membership.id).where(
        Membership.org_id == org_id,
        Membership.account_id == account_id,
        Membership.status == "active",
    )
    return (await db.scalar(stmt.limit(1))) is not None


async def of_person(db: AsyncSession, ctx: OrgContext, account_id: str) -> WorkingHoursOut:
    """A member's working hours as other members see them (not set: enabled false)."""
    if not is_id(account_id) or not await _is_member(db, ctx.org_id, account_id):
        raise not_found("person")
    return out(account_id, await row_of(db, ctx.org_id, account_id), ctx.org)


async def get_mine(db: AsyncSession, ctx: OrgContext) -> WorkingHoursOut:
    return out(ctx.account_id, await row_of(db, ctx.org_id, ctx.account_id), ctx.org)


async def set_mine(db: AsyncSession, ctx: OrgContext, body: WorkingHoursIn) -> WorkingHoursOut:
    """Teachers and staff (verified) say when they answer."""
    if not ctx.is_verified_staff():
        raise Forbidden("Working hours are for verified teachers and staff.", code="staff_only")
    if parse_hhmm(body.start) >= parse_hhmm(body.end):
        raise Unprocessable(
            "Working hours end after they start (within one day).",
            code="bad_hours",
            fields={"end": "after start"},
        )
    row = await row_of(db, ctx.org_id, ctx.account_id)
    if row is None:
        row = WorkingHours(org_id=ctx.org_id, account_id=ctx.account_id)
        db.add(row)
    row.days, row.start, row.end, row.note = list(body.days), body.start, body.end, body.note
    row.updated_at = utcnow()
    await db.flush()
    return out(ctx.account_id, row, ctx.org)


async def clear_mine(db: AsyncSession, ctx: OrgContext) -> None:
    await db.execute(
        sa.delete(WorkingHours).where(
            WorkingHours.org_id == ctx.org_id, WorkingHours.account_id == ctx.account_id
        )
    )
