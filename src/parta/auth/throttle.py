"""Brute-force limits: count attempts per key in a sliding window, stored in the database
so that every node of a cluster sees the same counts."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import utcnow
from parta.kit.errors import TooManyRequests
from parta.models import ThrottleEvent


async def count_recent(session: AsyncSession, key: str, window: timedelta) -> int:
    since = utcnow() - window
    stmt = sa.select(sa.func.count()).where(ThrottleEvent.key == key, ThrottleEvent.at >= since)
    return int((await session.execute(stmt)).scalar_one())


async def record(session: AsyncSession, key: str) -> None:
    session.add(ThrottleEvent(key=key, at=utcnow()))
    await session.flush()


async def clear(session: AsyncSession, key: str) -> None:
    await session.execute(sa.delete(ThrottleEvent).where(ThrottleEvent.key == key))


async def ensure_below(
    session: AsyncSession, key: str, limit: int, window: timedelta, message: str
) -> None:
    """Raise 429 with Retry-After when `key` already has `limit` attempts in `window`."""
    if await count_recent(session, key, window) >= limit:
        raise TooManyRequests(message, headers={"Retry-After": str(int(window.total_seconds()))})


async def prune(session: AsyncSession, older_than: timedelta) -> None:
    await session.execute(sa.delete(ThrottleEvent).where(ThrottleEvent.at < utcnow() - older_than))
