"""The privacy domain's background work, run by kit.periodic in every server process.

Each step is safe on several nodes at once: archives are claimed by a conditional UPDATE,
erasures under their request's row lock (SKIP LOCKED), retention deletes by id.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.privacy import erasure, exports

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 60.0


async def privacy_step(maker: async_sessionmaker[AsyncSession]) -> None:
    """Build waiting archives, remove expired ones, erase the accounts that are due."""
    built = await exports.build_pending(maker)
    expired = await exports.expire_old(maker)
    erased = await erasure.erase_due(maker)
    if built or expired or erased:
        log.info("privacy job", extra={"archives": built, "expired": expired, "erased": erased})
