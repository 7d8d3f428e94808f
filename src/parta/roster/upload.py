"""Reading one uploaded file from a multipart request, refusing oversized bodies while streaming.

The body is counted as it arrives, so an upload larger than the limit is stopped at the limit
instead of being spooled to disk first.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect, Request

from parta.kit.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

# Room for the multipart framing (boundaries, part headers) around the file itself.
FRAMING_BYTES = 16 * 1024
FIELD_NAME = "file"


@dataclass
class Upload:
    filename: str
    data: bytes


def _too_large(limit: int) -> PayloadTooLarge:
    mib = limit / (1024 * 1024)
    return PayloadTooLarge(
        f"The file is larger than {mib:g} MiB. Split the roster into several files.",
        code="file_too_large",
    )


async def _counted(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise _too_large(limit - FRAMING_BYTES)
        yield chunk


async def read_upload(request: Request, max_bytes: int) -> Upload:
    """The `file` part of a multipart/form-data body; 413 beyond `max_bytes`."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise UnsupportedMediaType(
            "Upload the roster as multipart/form-data with the file in the field “file”.",
            code="multipart_required",
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + FRAMING_BYTES:
        raise _too_large(max_bytes)
    parser = MultiPartParser(
        request.headers,
        _counted(request, max_bytes + FRAMING_BYTES),
        max_files=1,
        max_fields=10,
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise BadRequest(f"The upload cannot be read: {exc.message}", code="bad_upload") from exc
    except ClientDisconnect as exc:
        raise BadRequest("The upload was interrupted.", code="bad_upload") from exc
    try:
        part = form.get(FIELD_NAME)
        if not isinstance(part, UploadFile):
            part = next((v for _, v in form.multi_items() if isinstance(v, UploadFile)), None)
        if part is None:
            raise BadRequest("Attach the roster file in the field “file”.", code="file_required")
        data = await part.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise _too_large(max_bytes)
        name = (part.filename or "roster").replace("\\", "/").rsplit("/", 1)[-1]
        return Upload(filename=name.strip()[:255] or "roster", data=data)
    finally:
        await form.close()
