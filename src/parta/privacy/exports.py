"""Data archives: asked for in a request, built in the background, downloaded by a signed
link, mailed about when ready, removed after `export_keep_days`.

A request only stores a `pending` row; after it commits, the process starts building it
(and the periodic privacy job picks up whatever a restart or another node left behind).
A worker claims a row with a conditional UPDATE (pending -> building), so one archive is
built once however many nodes run the job. The zip is written by the archive writer of
homework hand-ins (a worker thread, files streamed from storage) and then stored like any
upload: content-addressed, with a StoredFile row that keeps the sweeper off it until the
archive expires.

Downloads need both the signed link (expires within the hour) and the session of the person
or of the parent who may manage their data, like every other file in Parta.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import anyio
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.responses import Response

from parta.assignments.archive import build_zip
from parta.audit.service import record
from parta.auth.deps import Actor
from parta.config import get_settings
from parta.db import on_commit, transaction
from parta.files.downloads import serve_stored
from parta.files.signing import check_signature, signed_url
from parta.files.storage import READ_CHUNK, get_storage
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, TooManyRequests, not_found
from parta.kit.ids import is_id
from parta.mail.outbox import queue_mail
from parta.materials.stored import release_files
from parta.models import Account, DataExport, StoredFile
from parta.privacy import texts
from parta.privacy.archive import collect
from parta.privacy.schemas import ExportOut
from parta.privacy.subjects import standing, visible_subject

log = logging.getLogger(__name__)

PATH = "/api/v1/privacy/exports/"
PURPOSE = "privacy_export"
# A build that has not finished in this long died with its process: it is tried again.
STALE_BUILD = timedelta(minutes=30)
_MAX_ARCHIVE_BYTES = 1 << 40
_tasks: set[asyncio.Task[int]] = set()


def export_out(e: DataExport) -> ExportOut:
    now = utcnow()
    live = e.status == "ready" and e.file_id is not None and (e.expires_at or now) > now
    return ExportOut(
        id=e.id,
        status=e.status,  # type: ignore[arg-type]  # stored values are ExportStatus
        created_at=e.created_at,
        ready_at=e.ready_at,
        expires_at=e.expires_at,
        size=e.size,
        download_url=signed_url(e.id, path=PATH, purpose=PURPOSE) if live else None,
    )


async def exports_of(db: AsyncSession, account_id: str, limit: int = 5) -> list[DataExport]:
    stmt = (
        sa.select(DataExport)
        .where(DataExport.account_id == account_id)
        .order_by(DataExport.created_at.desc(), DataExport.id.desc())
        .limit(limit)
    )
    return list((await db.execute(stmt)).scalars())


def next_allowed(rows: list[DataExport]) -> datetime | None:
    """When the next archive may be asked for (None: now): one a day per person."""
    interval = timedelta(hours=get_settings().export_min_interval_hours)
    counted = [e.created_at for e in rows if e.status != "failed"]
    if not counted:
        return None
    at = max(counted) + interval
    return at if at > utcnow() else None


async def request_export(
    db: AsyncSession,
    actor: Actor,
    subject_id: str,
    maker: async_sessionmaker[AsyncSession],
    *,
    ip: str,
) -> ExportOut:
    """Ask for an archive of my data, or of my minor child's. 409 `export_in_progress`;
    429 `export_too_soon` (one a day)."""
    subject, _ = await visible_subject(db, actor, subject_id)
    rows = await exports_of(db, subject.id)
    if any(e.status in ("pending", "building") for e in rows):
        raise Conflict("The archive is being prepared already.", code="export_in_progress")
    at = next_allowed(rows)
    if at is not None:
        raise TooManyRequests(
            "An archive was prepared recently. You can ask for a new one later.",
            code="export_too_soon",
            fields={"next_export_at": str(at)},
        )
    export = DataExport(account_id=subject.id, requested_by=actor.id, created_at=utcnow())
    db.add(export)
    await db.flush()
    await record(
        db,
        "privacy.export_requested",
        actor_id=actor.id,
        target_type="account",
        target_id=subject.id,
        ip=ip,
    )

    async def _start() -> None:
        task = asyncio.create_task(build_pending(maker), name="privacy-export")
        _tasks.add(task)
        task.add_done_callback(_tasks.discard)

    on_commit(db, _start)
    return export_out(export)


async def _claim(maker: async_sessionmaker[AsyncSession]) -> DataExport | None:
    async with transaction(maker) as db:
        now = utcnow()
        # Builds left behind by a process that died are tried again.
        await db.execute(
            sa.update(DataExport)
            .where(DataExport.status == "building", DataExport.started_at < now - STALE_BUILD)
            .values(status="pending")
        )
        stmt = (
            sa.select(DataExport.id)
            .where(DataExport.status == "pending")
            .order_by(DataExport.created_at)
            .limit(1)
        )
        export_id = (await db.execute(stmt)).scalar_one_or_none()
        if export_id is None:
            return None
        claimed = await db.execute(
            sa.update(DataExport)
            .where(DataExport.id == export_id, DataExport.status == "pending")
            .values(status="building", started_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None  # another worker took it; the caller asks again
        return await db.get(DataExport, export_id)


async def _file_chunks(path: Path) -> AsyncIterator[bytes]:
    async with await anyio.open_file(path, "rb") as fh:
        while chunk := await fh.read(READ_CHUNK):
            yield chunk


async def _build_one(maker: async_sessionmaker[AsyncSession], export: DataExport) -> None:
    async with maker() as db:
        account = await db.get(Account, export.account_id)
        if account is None:
            return
        archive = await collect(db, account)
    storage = get_storage()
    path = await build_zip(archive, storage)
    try:
        sha, size = await storage.save_stream(_file_chunks(path), _MAX_ARCHIVE_BYTES)
    finally:
        with contextlib.suppress(FileNotFoundError):
            await anyio.Path(path).unlink()
    async with transaction(maker) as db:
        row = await db.get(DataExport, export.id)
        if row is None or row.status != "building":
            return
        stored = StoredFile(
            org_id=None,
            sha256=sha,
            size=size,
            mime="application/zip",
            original_name=archive.name,
            uploaded_by=row.account_id,
        )
        db.add(stored)
        await db.flush()
        now = utcnow()
        row.status, row.file_id, row.size = "ready", stored.id, size
        row.ready_at = now
        row.expires_at = now + timedelta(days=get_settings().export_keep_days)
        await _mail_ready(db, row)


async def _mail_ready(db: AsyncSession, row: DataExport) -> None:
    requester = await db.get(Account, row.requested_by)
    subject = await db.get(Account, row.account_id)
    if requester is None or subject is None or not requester.email:
        return
    settings = get_settings()
    title, body = texts.render(
        "export_ready",
        requester.language,
        name=subject.display_name,
        url=settings.public_base_url.rstrip("/") + "/settings/data",
        days=str(settings.export_keep_days),
    )
    await queue_mail(db, requester.email, title, body)


async def _fail(maker: async_sessionmaker[AsyncSession], export_id: str, error: str) -> None:
    async with transaction(maker) as db:
        row = await db.get(DataExport, export_id)
        if row is not None and row.status == "building":
            row.status, row.error = "failed", error[:300]


async def build_pending(maker: async_sessionmaker[AsyncSession]) -> int:
    """Build every waiting archive; returns how many were built."""
    built = 0
    while (export := await _claim(maker)) is not None:
        try:
            await _build_one(maker, export)
            built += 1
        except Exception as exc:
            log.exception("data archive failed", extra={"export_id": export.id})
            await _fail(maker, export.id, type(exc).__name__)
    return built


async def expire_old(maker: async_sessionmaker[AsyncSession]) -> int:
    """Remove archives past their time (the sweeper then removes the bytes)."""
    async with transaction(maker) as db:
        stmt = sa.select(DataExport).where(
            DataExport.status == "ready", DataExport.expires_at <= utcnow()
        )
        rows = list((await db.execute(stmt)).scalars())
        files = [r.file_id for r in rows if r.file_id]
        for r in rows:
            r.status, r.file_id = "expired", None
        await db.flush()
        await release_files(db, files)
    return len(rows)


async def download(
    db: AsyncSession, actor: Actor, export_id: str, *, exp: str, sig: str
) -> Response:
    """The zip for the person or a parent who may manage their data; 403 `bad_signature`,
    410 `link_expired`, 404 when not theirs or no longer kept."""
    seconds_left = check_signature(export_id, "file", exp, sig, purpose=PURPOSE)
    export = await db.get(DataExport, export_id) if is_id(export_id) else None
    if export is None:
        raise not_found("archive")
    s = await standing(db, actor.id, export.account_id)
    if not (s.is_self or s.parent_of_minor):
        raise not_found("archive")
    stored = await db.get(StoredFile, export.file_id) if export.file_id else None
    if export.status != "ready" or stored is None or (export.expires_at or utcnow()) <= utcnow():
        raise not_found("archive")
    return await serve_stored(stored, stored.original_name, seconds_left, force_download=True)
