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


def get_storage() -> Storage:
    """The configured backend (local disk under settings.files_dir)."""
    return LocalStorage(get_settings().files_dir)
