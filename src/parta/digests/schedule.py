"""When digests go out: at DIGEST_HOUR local time, every day or on Sundays (the week ahead),
in the time zone of the person's organisation."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.events.views import zone
from parta.models import Account, Membership, Org

Frequency = Literal["off", "daily", "weekly"]
DIGEST_HOUR = 18  # after school and work: time to read, and to plan the next day
WEEKLY_DAY = 6  # Sunday (Monday is 0)
DEFAULT_ZONE = "Europe/Moscow"


def next_run(after: datetime, frequency: Frequency, tz: ZoneInfo) -> datetime | None:
    """The first DIGEST_HOUR:00 local time strictly after `after` (a Sunday for weekly
    digests), in UTC; None when digests are off. Runs missed while the server was down are
    not caught up: the next one is after `after`."""
    if frequency == "off":
        return None
    local = after.astimezone(tz)
    day = local.date()
    while True:
        candidate = datetime.combine(day, time(DIGEST_HOUR), tzinfo=tz)
        if candidate > local and (frequency == "daily" or candidate.weekday() == WEEKLY_DAY):
            return candidate.astimezone(UTC)
        day += timedelta(days=1)


async def zone_of(db: AsyncSession, account: Account) -> ZoneInfo:
    """The zone of the organisation the person uses (their current one, else the first they
    joined), Moscow when they belong to none."""
    stmt = (
        sa.select(Org)
        .join(Membership, Membership.org_id == Org.id)
        .where(Membership.account_id == account.id, Membership.status == "active")
        .order_by((Org.id == (account.last_org_id or "")).desc(), Membership.id)
        .limit(1)
    )
    org = (await db.execute(stmt)).scalars().first()
    return zone(org) if org is not None else ZoneInfo(DEFAULT_ZONE)
