"""All hand-ins of an assignment as one zip: a folder per student, files streamed.

The zip is written to a temporary file by a worker thread that pulls each stored file
from storage chunk by chunk, so no file is ever held whole in memory and the event loop
is never blocked by compression. The response then streams the temporary file, which is
unlinked as soon as it is open (nothing is left behind if the client goes away).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import zipfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import anyio
import anyio.from_thread
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.assignments.files import file_rows
from parta.assignments.service import managed_assignment
from parta.auth.deps import OrgContext
from parta.chats.people import briefs
from parta.config import get_settings
from parta.files.service import sanitize_filename
from parta.files.storage import READ_CHUNK, Storage, get_storage
from parta.kit.errors import Forbidden
from parta.models import StoredFile, Submission

log = logging.getLogger(__name__)

# Types that are compressed already: deflating them again costs time and saves nothing.
_STORED_PREFIXES = ("image/", "video/", "audio/")
_STORED_TYPES = frozenset(
    {"application/pdf", "application/zip", "application/gzip", "application/x-7z-compressed"}
)
_ZIP64_AT = 0x7FFFFFFF


@dataclass(frozen=True)
class Entry:
    """One file of the archive: stored content (`sha256`) or a short text (`text`)."""

    path: str
    modified: datetime
    size: int
    mime: str
    sha256: str | None = None
    text: bytes | None = None


@dataclass(frozen=True)
class Archive:
    name: str
    entries: list[Entry]


class _Names:
    """Unique names within one folder (case-insensitively: zips are opened on Windows too)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def add(self, name: str) -> str:
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem:
            stem, ext = name, ""
        candidate, n = name, 1
        while candidate.casefold() in self.taken:
            n += 1
            candidate = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
        self.taken.add(candidate.casefold())
        return candidate


async def collect(db: AsyncSession, ctx: OrgContext, assignment_id: str) -> Archive:
    """What goes into the archive (the author only: like the hand-in files themselves, see
    parta.files.access; the chat's moderators see the list, not the work)."""
    assignment, _chat, _message = await managed_assignment(db, ctx, assignment_id)
    if assignment.created_by != ctx.account_id:
        raise Forbidden(
            "Only the teacher who set the task can download the hand-ins.",
            code="not_assignment_author",
        )
    stmt = sa.select(Submission).where(Submission.assignment_id == assignment.id)
    rows = list((await db.execute(stmt)).scalars())
    people = await briefs(db, ctx.org_id, [s.account_id for s in rows])
    files = await file_rows(db, [s.id for s in rows])
    file_ids = {a.file_id for group in files.values() for a in group}
    stored: dict[str, StoredFile] = {}
    if file_ids:
        found = await db.execute(sa.select(StoredFile).where(StoredFile.id.in_(file_ids)))
        stored = {f.id: f for f in found.scalars()}
    folders = _Names()
    entries: list[Entry] = []
    for s in sorted(rows, key=lambda r: (people[r.account_id].name.casefold(), r.account_id)):
        # A name is not a path: its slashes stay in the folder's name, made harmless.
        name = people[s.account_id].name.replace("/", "_").replace("\\", "_")
        folder = folders.add(sanitize_filename(name, "student"))
        names = _Names()
        for a in files.get(s.id, []):
            blob = stored.get(a.file_id)
            if blob is None:
                continue
            entries.append(
                Entry(
                    path=f"{folder}/{names.add(sanitize_filename(a.name))}",
                    modified=a.created_at,
                    size=blob.size,
                    mime=blob.mime,
                    sha256=blob.sha256,
                )
            )
        if s.comment:
            text = s.comment.encode()
            entries.append(
                Entry(
                    path=f"{folder}/{names.add('comment.txt')}",
                    modified=s.updated_at or s.submitted_at,
                    size=len(text),
                    mime="text/plain",
                    text=text,
                )
            )
    return Archive(name=f"{sanitize_filename(assignment.title, 'homework')}.zip", entries=entries)


def _compression(mime: str) -> int:
    if mime.startswith(_STORED_PREFIXES) or mime in _STORED_TYPES:
        return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


def _pull(chunks: AsyncIterator[bytes]) -> Iterator[bytes]:
    """Chunks of an async stream, read from a worker thread through the event loop."""

    async def next_chunk() -> bytes | None:
        try:
            return await anext(chunks)
        except StopAsyncIteration:
            return None

    try:
        while (chunk := anyio.from_thread.run(next_chunk)) is not None:
            yield chunk
    finally:
        close = getattr(chunks, "aclose", None)
        if close is not None:
            anyio.from_thread.run(close)


def _write(target: Path, entries: list[Entry], storage: Storage) -> None:
    with zipfile.ZipFile(target, "w", allowZip64=True) as zf:
        for e in entries:
            stamp = max(e.modified.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
            info = zipfile.ZipInfo(e.path, date_time=stamp)
            info.compress_type = _compression(e.mime)
            with zf.open(info, "w", force_zip64=e.size >= _ZIP64_AT) as out:
                if e.text is not None:
                    out.write(e.text)
                elif e.sha256 is not None:
                    for chunk in _pull(storage.open(e.sha256)):
                        out.write(chunk)


async def build_zip(archive: Archive, storage: Storage | None = None) -> Path:
    """Write the archive to a temporary file under the data directory; returns its path."""
    storage = storage or get_storage()
    present = []
    for e in archive.entries:
        if e.sha256 is not None and not await storage.exists(e.sha256):
            log.warning("archive: stored file %s is missing; left out", e.sha256)
            continue
        present.append(e)
    tmp_dir = get_settings().data_dir / "tmp"
    await anyio.Path(tmp_dir).mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="homework-", suffix=".zip", dir=tmp_dir)
    os.close(fd)
    target = Path(name)
    try:
        await anyio.to_thread.run_sync(_write, target, present, storage)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            await anyio.Path(target).unlink()
        raise
    return target


async def stream_file_once(path: Path) -> tuple[AsyncIterator[bytes], int]:
    """Open the file, unlink it at once, and stream it; returns (chunks, size)."""
    handle = await anyio.open_file(path, "rb")
    size = (await anyio.Path(path).stat()).st_size
    await anyio.Path(path).unlink()

    async def chunks() -> AsyncIterator[bytes]:
        try:
            while chunk := await handle.read(READ_CHUNK):
                yield chunk
        finally:
            await handle.aclose()

    return chunks(), size
