"""HTTP side of files: reading multipart bodies under a size limit, and serving stored files.

Starlette's form parser spools every uploaded byte before the endpoint runs, whatever its
size. `limited_form` refuses a body whose declared length is over the limit without
reading it, and counts the bytes of bodies sent without a length, so an oversized upload is
cut off rather than spooled to disk in full.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.types import Message

from parta.files.service import IMAGE_TYPES, PDF
from parta.files.storage import Storage, get_storage, too_large
from parta.kit.errors import UnsupportedMediaType, not_found
from parta.models import StoredFile

# Room for the multipart boundaries, part headers and the text fields next to the file.
FORM_OVERHEAD = 64 * 1024
INLINE_TYPES = frozenset({PDF}) | IMAGE_TYPES


@asynccontextmanager
async def limited_form(
    request: Request, *, max_file_bytes: int, max_files: int = 1, max_fields: int = 30
) -> AsyncIterator[FormData]:
    """The request's multipart form, closed afterwards; 413 once the body exceeds the limit."""
    limit = max_file_bytes + FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(max_file_bytes)
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise UnsupportedMediaType(
            "Send this form as multipart/form-data.", code="multipart_required"
        )
    received = 0
    receive = request.receive

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise too_large(max_file_bytes)
        return message

    limited = Request(request.scope, counted)
    form = await limited.form(max_files=max_files, max_fields=max_fields, max_part_size=64 * 1024)
    try:
        yield form
    finally:
        await form.close()


def _ascii_fallback(name: str) -> str:
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "._- ") else "_" for c in name)
    return safe.strip() or "file"


def disposition(name: str, *, inline: bool) -> str:
    """The header with the name both as ASCII (old clients) and RFC 5987 UTF-8 (Cyrillic)."""
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def content_disposition(name: str, mime: str) -> str:
    """inline only for types a browser shows safely; the name both as ASCII and RFC 5987."""
    return disposition(name, inline=mime in INLINE_TYPES)


async def file_response(stored: StoredFile, storage: Storage | None = None) -> StreamingResponse:
    """Stream a stored file with its sniffed type and headers that keep browsers from running it."""
    storage = storage or get_storage()
    if not await storage.exists(stored.sha256):
        raise not_found("file")
    return StreamingResponse(
        storage.open(stored.sha256),
        media_type=stored.mime,
        headers={
            "Content-Length": str(stored.size),
            "Content-Disposition": content_disposition(stored.original_name, stored.mime),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
            "Cache-Control": "private, no-store",
        },
    )
