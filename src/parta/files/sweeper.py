"""Removing what nobody needs any more: pending uploads never sent, and stored bytes that no
StoredFile row refers to.

Contents are addressed by their hash, so several rows (of any organisation, avatars and
application documents included) may share one blob: a blob is removed only when no row at
all has its hash. A blob is also left alone for a while after it was written, because an
upload stores its bytes before its row is committed.

Runs every hour in each server process (idempotent, so several nodes may run it) and on
demand with `parta sweep-files`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.config import Settings
from parta.db import make_engine, make_sessionmaker, transaction
from parta.files.storage import Storage, get_storage
from parta.files.uploads import delete_attachments
from parta.kit.clock import utcnow
from parta.models import Attachment, ScheduledPostFile, StoredFile

log = logging.getLogger("parta.files.sweeper")

PENDING_MAX_AGE = timedelta(hours=24)
BLOB_GRACE = timedelta(hours=1)
INTERVAL_SECONDS = 3600.0
_BATCH = 500


@dataclass
class SweepResult:
    pending_uploads: int = 0
    blobs: int = 0
    temporary: int = 0


async def _sweep_pending(maker: async_sessionmaker[AsyncSession]) -> int:
    cutoff = utcnow() - PENDING_MAX_AGE
    removed = 0
    while True:
        async with transaction(maker) as db:
            stmt = (
                sa.select(Attachment)
                .where(
                    Attachment.message_id.is_(None),
                    Attachment.submission_id.is_(None),
                    Attachment.created_at < cutoff,
                    # Files of a channel's scheduled post wait for its publishing time.
                    ~sa.exists().where(ScheduledPostFile.attachment_id == Attachment.id),
                )
                .limit(_BATCH)
            )
            stale = list((await db.execute(stmt)).scalars())
            if stale:
                await delete_attachments(db, stale)
        removed += len(stale)
        if len(stale) < _BATCH:
            return removed


async def _sweep_blobs(maker: async_sessionmaker[AsyncSession], storage: Storage) -> int:
    cutoff = utcnow() - BLOB_GRACE
    old = [sha async for sha, written in storage.blobs() if written < cutoff]
    removed = 0
    for start in range(0, len(old), _BATCH):
        batch = old[start : start + _BATCH]
        async with maker() as db:
            stmt = sa.select(StoredFile.sha256).where(StoredFile.sha256.in_(batch)).distinct()
            used = set((await db.execute(stmt)).scalars())
        for sha in batch:
            if sha not in used and await storage.delete(sha, written_before=cutoff):
                removed += 1
    return removed


async def sweep_files(
    maker: async_sessionmaker[AsyncSession], storage: Storage | None = None
) -> SweepResult:
    """Remove pending uploads older than a day, then blobs no row refers to."""
    storage = storage or get_storage()
    result = SweepResult()
    result.pending_uploads = await _sweep_pending(maker)
    result.blobs = await _sweep_blobs(maker, storage)
    result.temporary = await storage.clear_temporary(utcnow() - PENDING_MAX_AGE)
    return result


async def sweep_and_log(maker: async_sessionmaker[AsyncSession]) -> None:
    """The hourly step of each server process (kit.periodic)."""
    result = await sweep_files(maker)
    if result.pending_uploads or result.blobs:
        log.info("files swept", extra={"result": result.__dict__})


async def run_sweep(settings: Settings) -> SweepResult:
    """One sweep with its own engine (the `parta sweep-files` command)."""
    engine = make_engine(settings.resolved_database_url())
    try:
        return await sweep_files(make_sessionmaker(engine))
    finally:
        await engine.dispose()
