"""A device that drops out of a call without saying goodbye (closed laptop, lost network)
leaves it after a grace period; one that reconnects in time keeps its place.

The event socket marks the joined device's participant row as disconnected when it closes
and clears the mark when that device's session connects again (on any node). A periodic
sweep, on every node, makes participants that stayed away longer than GRACE leave, which
ends calls that nobody is left in.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.db import transaction
from parta.kit.clock import utcnow
from parta.models import Call, CallParticipant

log = logging.getLogger(__name__)

GRACE = timedelta(seconds=60)
SWEEP_SECONDS = 20.0


async def socket_closed(maker: async_sessionmaker[AsyncSession], session_id: str) -> None:
    async with transaction(maker) as db:
        await db.execute(
            sa.update(CallParticipant)
            .where(
                CallParticipant.session_id == session_id,
                CallParticipant.state == "joined",
                CallParticipant.disconnected_at.is_(None),
            )
            .values(disconnected_at=utcnow())
        )


async def socket_opened(maker: async_sessionmaker[AsyncSession], session_id: str) -> None:
    async with transaction(maker) as db:
        await db.execute(
            sa.update(CallParticipant)
            .where(
                CallParticipant.session_id == session_id,
                CallParticipant.disconnected_at.is_not(None),
            )
            .values(disconnected_at=None)
        )


async def sweep(db: AsyncSession) -> int:
    """Make participants gone longer than GRACE leave their calls; returns how many."""
    from parta.calls.service import leave_gone

    stmt = (
        sa.select(CallParticipant)
        .join(Call, Call.id == CallParticipant.call_id)
        .where(
            Call.ended_at.is_(None),
            CallParticipant.state == "joined",
            CallParticipant.disconnected_at < utcnow() - GRACE,
        )
        .limit(200)
    )
    gone = list((await db.execute(stmt)).scalars())
    for participant in gone:
        await leave_gone(db, participant)
    return len(gone)


async def sweep_step(maker: async_sessionmaker[AsyncSession]) -> None:
    """The periodic step of each server process (kit.periodic)."""
    async with transaction(maker) as db:
        await sweep(db)
