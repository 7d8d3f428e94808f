"""Where file contents live: a small interface with a local-disk backend.

Contents are addressed by their SHA-256, so the same bytes uploaded twice are stored once and a
stored file can never change under its name. The interface stays small on purpose so that an
S3-compatible backend can implement it later.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import anyio

from parta.config import get_settings
from parta.kit.errors import PayloadTooLarge
from parta.kit.ids import random_token

READ_CHUNK = 64 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


def format_mb(max_bytes: int) -> str:
    """A limit as people read it: 10485760 -> "10 MB", 1500 -> "0.01 MB"."""
    mb = max(max_bytes / (1024 * 1024), 0.01)
    return f"{mb:.2f}".rstrip("0").rstrip(".") + " MB"


def too_large(max_bytes: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"The file is too large. The limit is {format_mb(max_bytes)}.",
        code="file_too_large",
    )


def is_sha256(value: str) -> bool:
    return bool(_SHA256.fullmatch(value))


class Storage(Protocol):
    """A content-addressed blob store."""

    async def save_stream(self, chunks: AsyncIterator[bytes], max_bytes: int) -> tuple[str, int]:
        """Store the stream; returns (sha256, size). 413 as soon as it exceeds `max_bytes`."""
        ...

    def open(self, sha256: str) -> AsyncIterator[bytes]:
        """The stored bytes, in chunks (FileNotFoundError when absent)."""
        ...

    async def exists(self, sha256: str) -> bool: ...

    async def delete(self, sha256: str, *, written_before: datetime | None = None) -> bool:
        """Remove the stored bytes; with `written_before`, only if not written since (a new
        upload of the same bytes may have just put them back). True when removed."""
        ...

    def blobs(self) -> AsyncIterator[tuple[str, datetime]]:
        """Every stored (sha256, last written) pair, for the sweeper."""
        ...

    async def clear_temporary(self, older_than: datetime) -> int:
        """Remove unfinished writes older than `older_than`; returns how many."""
        ...

    def local_path(self, sha256: str) -> Path | None:
        """A path on this machine's disk when the backend has one (lets responses serve
        byte ranges); None for remote backends."""
        ...


class LocalStorage:
    """Files under `root` as ab/cd/<sha256>; writes go to root/tmp and are renamed into place."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp_dir = root / "tmp"

    def path_of(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise FileNotFoundError(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    async def save_stream(self, chunks: AsyncIterator[bytes], max_bytes: int) -> tuple[str, int]:
        await anyio.Path(self.tmp_dir).mkdir(parents=True, exist_ok=True)
        tmp = self.tmp_dir / f"upload-{random_token(12)}"
        digest = hashlib.sha256()
        size = 0
        try:
            async with await anyio.open_file(tmp, "wb") as fh:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        # Stop reading here: the rest of the stream is never pulled.
                        raise too_large(max_bytes)
                    digest.update(chunk)
                    await fh.write(chunk)
            sha = digest.hexdigest()
            final = self.path_of(sha)
            await anyio.Path(final.parent).mkdir(parents=True, exist_ok=True)
            # Same name means same bytes, so replacing an existing copy is harmless.
            await anyio.to_thread.run_sync(os.replace, tmp, final)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                await anyio.Path(tmp).unlink()
            raise
        return sha, size

    async def open(self, sha256: str) -> AsyncIterator[bytes]:
        async with await anyio.open_file(self.path_of(sha256), "rb") as fh:
            while chunk := await fh.read(READ_CHUNK):
                yield chunk

    async def exists(self, sha256: str) -> bool:
        try:
            return await anyio.Path(self.path_of(sha256)).is_file()
        except FileNotFoundError:
            return False

    async def delete(self, sha256: str, *, written_before: datetime | None = None) -> bool:
        path = anyio.Path(self.path_of(sha256))
        try:
            if written_before is not None:
                mtime = datetime.fromtimestamp((await path.stat()).st_mtime, UTC)
                if mtime >= written_before:
                    return False
            await path.unlink()
        except FileNotFoundError:
            return False
        return True

    async def blobs(self) -> AsyncIterator[tuple[str, datetime]]:
        def listing() -> list[tuple[str, datetime]]:
            found = []
            for path in self.root.glob("??/??/*"):
                if is_sha256(path.name) and path.parent.parent.name == path.name[:2]:
                    with contextlib.suppress(FileNotFoundError):
                        mtime = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                        found.append((path.name, mtime))
            return found

        for item in await anyio.to_thread.run_sync(listing):
            yield item

    async def clear_temporary(self, older_than: datetime) -> int:
        def clear() -> int:
            removed = 0
            if not self.tmp_dir.is_dir():
                return 0
            for path in self.tmp_dir.iterdir():
                with contextlib.suppress(FileNotFoundError):
                    if datetime.fromtimestamp(path.stat().st_mtime, UTC) < older_than:
                        path.unlink()
                        removed += 1
            return removed

        return await anyio.to_thread.run_sync(clear)

    def local_path(self, sha256: str) -> Path | None:
        return self.path_of(sha256)


def get_storage() -> Storage:
    """The configured backend (local disk under settings.files_dir)."""
    return LocalStorage(get_settings().files_dir)
