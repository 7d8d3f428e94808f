"""HTTP side of avatars: the multipart upload and the cached, safe image response."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import StreamingResponse

from parta.avatars.service import MAX_BYTES, read_image
from parta.files.http import limited_form
from parta.files.storage import get_storage
from parta.kit.errors import Unprocessable, not_found
from parta.models import StoredFile

CACHE = "private, max-age=604800, immutable"


def avatar_body_schema() -> dict[str, Any]:
    body = {
        "type": "object",
        "properties": {
            "image": {
                "type": "string",
                "format": "binary",
                "description": "JPEG, PNG or WebP, at most 5 MB",
            }
        },
        "required": ["image"],
    }
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": body}}}}


async def read_avatar_form(request: Request) -> bytes:
    """The `image` part of a multipart body: 413, 415 or 422 `invalid_image` when missing."""
    async with limited_form(request, max_file_bytes=MAX_BYTES, max_fields=5) as form:
        upload = form.get("image")
        if not isinstance(upload, UploadFile) or not upload.size:
            raise Unprocessable(
                "Attach a picture (JPEG, PNG or WebP).",
                code="invalid_image",
                fields={"image": "required"},
            )
        return await read_image(upload)


async def avatar_response(stored: StoredFile) -> StreamingResponse:
    storage = get_storage()
    if not await storage.exists(stored.sha256):
        raise not_found("picture")
    return StreamingResponse(
        storage.open(stored.sha256),
        media_type=stored.mime,
        headers={
            "Content-Length": str(stored.size),
            "Content-Disposition": 'inline; filename="avatar.webp"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox",
            "Cache-Control": CACHE,
            "Vary": "Cookie, Authorization",
        },
    )
