"""Reading a catalogue item's multipart form: the fields and either a file or a `url`."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from parta.catalogue.schemas import CatalogueIn
from parta.files.uploads import UploadIn
from parta.kit.errors import Unprocessable

_TEXT_FIELDS = ("title", "subject", "description", "language", "url")


def catalogue_form_schema() -> dict[str, Any]:
    text = {"type": "string"}
    body = {
        "type": "object",
        "properties": {
            "title": {**text, "maxLength": 200},
            "subject": {**text, "description": "Code from GET /catalogue/subjects"},
            "grades": {**text, "description": "School years, comma-separated: 5,6"},
            "description": {**text, "maxLength": 4000},
            "language": {**text, "description": "ru (default), en, ..."},
            "url": {**text, "description": "A link (http/https); or send `file`"},
            "file": {"type": "string", "format": "binary", "description": "Or a file"},
        },
        "required": ["title", "subject", "grades"],
    }
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": body}}}}


def _fields_of(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        name = str(err.get("loc", ("body",))[0]) or "body"
        fields[name] = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    return fields


def _grades(raw: str, fields: dict[str, str]) -> list[object]:
    parts = [p for p in raw.replace(";", ",").replace(" ", ",").split(",") if p]
    if not parts or len(parts) > 12 or not all(p.isdigit() and len(p) <= 2 for p in parts):
        fields["grades"] = "school years, comma-separated, like 5,6"
        return []
    return [int(p) for p in parts]


def parse_catalogue_form(form: FormData) -> tuple[CatalogueIn, UploadIn | None]:
    """The validated fields and the file, if any; one 422 `invalid_item` listing every
    problem otherwise (a file and a url together, or neither, included)."""
    fields: dict[str, str] = {}
    data: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        value = form.get(name)
        if isinstance(value, str):
            if value.strip() or name != "url":
                data[name] = value.strip() if name != "description" else value
        elif value is not None:
            fields[name] = "expected text, not a file"
    grades = form.get("grades")
    data["grades"] = _grades(grades, fields) if isinstance(grades, str) else grades
    upload = form.get("file")
    has_file = isinstance(upload, UploadFile) and bool(upload.filename or upload.size)
    if has_file == ("url" in data):
        fields["file"] = "send either a file or a url"
    parsed: CatalogueIn | None = None
    try:
        parsed = CatalogueIn.model_validate(data)
    except ValidationError as exc:
        fields = _fields_of(exc) | fields
    if fields or parsed is None:
        raise Unprocessable(
            "Some fields of the item are missing or invalid.", code="invalid_item", fields=fields
        )
    file = UploadIn(file=upload) if has_file and isinstance(upload, UploadFile) else None
    return parsed, file
