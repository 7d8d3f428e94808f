"""The multipart body of a chat upload: `file`, `voice`, `duration_ms`."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData, UploadFile

from parta.files.uploads import MAX_DURATION_MS, UploadIn
from parta.kit.errors import Unprocessable


def upload_body_schema() -> dict[str, Any]:
    body = {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary", "description": "The file"},
            "voice": {
                "type": "string",
                "enum": ["true", "false"],
                "description": "true for a voice message recorded in the browser",
            },
            "duration_ms": {"type": "integer", "description": "Length of a recording"},
        },
        "required": ["file"],
    }
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": body}}}}


def parse_upload_form(form: FormData) -> UploadIn:
    """The fields; 422 with `fields` when the file is missing or a field is malformed."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise Unprocessable("Choose a file to upload.", code="invalid", fields={"file": "required"})
    voice_raw = form.get("voice", "false")
    if voice_raw not in ("true", "false", "1", "0", ""):
        raise Unprocessable(
            "voice must be true or false.", code="invalid", fields={"voice": "true or false"}
        )
    duration_raw = form.get("duration_ms")
    duration: int | None = None
    if isinstance(duration_raw, str) and duration_raw.strip():
        text = duration_raw.strip()
        if not text.isdigit() or len(text) > 9 or int(text) > MAX_DURATION_MS:
            raise Unprocessable(
                "duration_ms must be a whole number of milliseconds (at most 4 hours).",
                code="invalid",
                fields={"duration_ms": f"0..{MAX_DURATION_MS}"},
            )
        duration = int(text)
    elif duration_raw is not None and not isinstance(duration_raw, str):
        raise Unprocessable("duration_ms must be a number.", fields={"duration_ms": "number"})
    return UploadIn(file=upload, voice=voice_raw in ("true", "1"), duration_ms=duration)
