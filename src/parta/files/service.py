"""Accepting uploads: the real type from the bytes, a safe name, a StoredFile row.

The type is sniffed from the first bytes of the content; neither the file name's extension nor
the client's Content-Type is trusted, since both are chosen by whoever uploads.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterator, Iterable

import puremagic
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from parta.files.storage import READ_CHUNK, Storage, get_storage, too_large
from parta.kit.errors import UnsupportedMediaType
from parta.models import StoredFile

SNIFF_BYTES = 8192

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
IMAGE_TYPES = frozenset({JPEG, PNG, WEBP})
DOCUMENT_TYPES = frozenset({PDF}) | IMAGE_TYPES

# Names people know the accepted types by, for error messages.
TYPE_NAMES = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG", WEBP: "WebP"}

_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def sniff_mime(head: bytes) -> str | None:
    """The MIME type the content's signature says, or None when unknown."""
    if not head:
        return None
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return None
    best = sorted(matches, key=lambda m: -m.confidence)
    return next((m.mime_type for m in best if m.mime_type), None)


def describe_types(allowed: Iterable[str]) -> str:
    return ", ".join(sorted(TYPE_NAMES.get(t, t) for t in allowed))


def sanitize_filename(raw: str | None, fallback: str = "file") -> str:
    """A display name without paths, control or reserved characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME_CHARS.sub("_", name).strip().strip(".")
    name = " ".join(name.split())
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = stem[: 200 - len(ext) - 1] + dot + ext if dot and len(ext) <= 10 else name[:200]
    return name or fallback


async def _read_head(upload: UploadFile) -> bytes:
    head = b""
    while len(head) < SNIFF_BYTES:
        chunk = await upload.read(SNIFF_BYTES - len(head))
        if not chunk:
            break
        head += chunk
    return head


async def _chunks(head: bytes, upload: UploadFile) -> AsyncIterator[bytes]:
    if head:
        yield head
    while chunk := await upload.read(READ_CHUNK):
        yield chunk


async def store_upload(
    db: AsyncSession,
    upload: UploadFile,
    *,
    org_id: str | None,
    uploaded_by: str | None,
    max_bytes: int,
    allowed: Iterable[str],
    storage: Storage | None = None,
) -> StoredFile:
    """Check the upload's real type and size, store its bytes and add its StoredFile row.

    415 (unsupported_file_type) when the content is not one of `allowed`; 413 when it is
    larger than `max_bytes`. Nothing is written to storage for a rejected type.
    """
    allowed_set = frozenset(allowed)
    if upload.size is not None and upload.size > max_bytes:
        raise too_large(max_bytes)
    head = await _read_head(upload)
    mime = sniff_mime(head)
    if mime not in allowed_set:
        raise UnsupportedMediaType(
            f"This type of file is not accepted. Accepted types: {describe_types(allowed_set)}.",
            code="unsupported_file_type",
        )
    storage = storage or get_storage()
    sha, size = await storage.save_stream(_chunks(head, upload), max_bytes)
    row = StoredFile(
        org_id=org_id,
        sha256=sha,
        size=size,
        mime=mime,
        original_name=sanitize_filename(upload.filename),
        uploaded_by=uploaded_by,
    )
    db.add(row)
    await db.flush()
    return row
