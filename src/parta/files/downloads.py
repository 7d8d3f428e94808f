"""Serving chat files: the signed link is checked, then the reader, then the bytes are sent.

Headers keep a browser from running anything it gets: only types it shows by itself are
inline, everything else is an attachment served as application/octet-stream when its own
type could be active; always `X-Content-Type-Options: nosniff`, and a sandboxing CSP except
on inline PDFs. From the local disk the response is a FileResponse, which answers Range
requests (seeking in audio and video).
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import FileResponse, Response, StreamingResponse

from parta.files import kinds
from parta.files.access import readable_attachment
from parta.files.http import disposition
from parta.files.service import PDF
from parta.files.signing import check_signature
from parta.files.storage import get_storage
from parta.kit.errors import not_found
from parta.models import StoredFile


async def download(
    db: AsyncSession,
    account_id: str,
    attachment_id: str,
    *,
    variant: str,
    exp: str,
    sig: str,
    force_download: bool,
) -> Response:
    """The file (or its thumbnail or preview) for someone allowed to read it.
    403 `bad_signature`, 410 `link_expired`, 404 when not readable or not there."""
    seconds_left = check_signature(attachment_id, variant, exp, sig)
    a = await readable_attachment(db, account_id, attachment_id)
    file_id = {"file": a.file_id, "thumb": a.thumb_file_id, "preview": a.preview_file_id}[variant]
    stored = await db.get(StoredFile, file_id) if file_id else None
    if stored is None:
        raise not_found("file")
    name = a.name if variant == "file" else f"{variant}-{a.name}.webp"
    return await serve_stored(stored, name, seconds_left, force_download=force_download)


async def serve_stored(
    stored: StoredFile, name: str, seconds_left: int, *, force_download: bool
) -> Response:
    """The bytes of a stored file with the safe headers above (also used by other domains'
    downloads once they have checked the link and the reader)."""
    inline = kinds.may_be_inline(stored.mime) and not force_download
    headers = {
        "Content-Disposition": disposition(name, inline=inline),
        "X-Content-Type-Options": "nosniff",
        # The address expires with the link, and the bytes behind one address never change.
        "Cache-Control": f"private, max-age={min(seconds_left, 86400)}",
        "Vary": "Cookie, Authorization",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if not (inline and stored.mime == PDF):
        # Chromium refuses to start its PDF viewer in a sandboxed document, so an inline PDF
        # goes without; its type is sniffed PDF and nosniff keeps it from being read as HTML.
        headers["Content-Security-Policy"] = "sandbox"
    media_type = kinds.served_type(stored.mime)
    storage = get_storage()
    path = storage.local_path(stored.sha256)
    if path is not None:
        if not path.is_file():
            raise not_found("file")
        return FileResponse(path, media_type=media_type, headers=headers)
    if not await storage.exists(stored.sha256):
        raise not_found("file")
    headers["Content-Length"] = str(stored.size)
    return StreamingResponse(storage.open(stored.sha256), media_type=media_type, headers=headers)


class HasVariants(Protocol):
    file_id: str | None
    thumb_file_id: str | None
    preview_file_id: str | None


async def serve_variant(
    db: AsyncSession,
    item: HasVariants,
    base_name: str,
    variant: str,
    seconds_left: int,
    *,
    force_download: bool,
) -> Response:
    """The file, thumbnail or preview of an item that keeps all three (library and catalogue
    items), once the caller has checked the link and the reader; 404 when it has none."""
    ids = {"file": item.file_id, "thumb": item.thumb_file_id, "preview": item.preview_file_id}
    file_id = ids.get(variant)
    stored = await db.get(StoredFile, file_id) if file_id else None
    if stored is None:
        raise not_found("file")
    name = base_name if variant == "file" else f"{variant}-{base_name}.webp"
    return await serve_stored(stored, name, seconds_left, force_download=force_download)
