"""Reading a request's or an entry's multipart form: the text fields and up to 5 `files`."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from parta.files.uploads import UploadIn
from parta.kit.errors import Unprocessable
from parta.support.schemas import MAX_BODY, MAX_FILES, MAX_SUBJECT

M = TypeVar("M", bound=BaseModel)


def _schema(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    files = {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
        "maxItems": MAX_FILES,
        "description": "Up to 5 files (screenshots, documents), together within the "
        "organisation's per-file limit",
    }
    body = {"type": "object", "properties": {**props, "files": files}, "required": required}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": body}}}}


def ticket_form_schema() -> dict[str, Any]:
    return _schema(
        {
            "subject": {"type": "string", "maxLength": MAX_SUBJECT},
            "body": {"type": "string", "maxLength": MAX_BODY},
            "to_platform": {
                "type": "boolean",
                "description": "Administrators only: straight to platform support",
            },
        },
        ["subject", "body"],
    )


def entry_form_schema() -> dict[str, Any]:
    return _schema(
        {
            "body": {"type": "string", "maxLength": MAX_BODY},
            "internal": {
                "type": "boolean",
                "description": "A note for staff only (administrators and the operator)",
            },
        },
        [],
    )


def _fields_of(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        name = str(err.get("loc", ("body",))[0]) or "body"
        fields[name] = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    return fields


def parse_form(form: FormData, model: type[M], names: tuple[str, ...]) -> tuple[M, list[UploadIn]]:
    """The validated fields and the files; one 422 `invalid` listing every problem."""
    fields: dict[str, str] = {}
    data: dict[str, object] = {}
    for name in names:
        value = form.get(name)
        if isinstance(value, str):
            data[name] = value
        elif value is not None:
            fields[name] = "expected text, not a file"
    uploads: list[UploadIn] = []
    for value in form.getlist("files"):
        if isinstance(value, UploadFile):
            if value.filename or value.size:
                uploads.append(UploadIn(file=value))
        elif value:
            fields["files"] = "expected files"
    if len(uploads) > MAX_FILES:
        fields["files"] = f"at most {MAX_FILES} files"
    parsed: M | None = None
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        fields = _fields_of(exc) | fields
    if fields or parsed is None:
        raise Unprocessable("Some fields are missing or invalid.", fields=fields)
    return parsed, uploads
