"""Reading the public application form (multipart) into a validated ApplicationForm."""

from __future__ import annotations

from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from parta.kit.errors import Unprocessable
from parta.operator.schemas import ApplicationForm


def _fields_of(exc: ValidationError) -> dict[str, str]:
    fields: dict[str, str] = {}
    for err in exc.errors():
        name = ".".join(str(p) for p in err.get("loc", ())) or "body"
        fields[name] = str(err.get("msg", "invalid")).removeprefix("Value error, ")
    return fields


def parse_application_form(form: FormData) -> tuple[ApplicationForm, UploadFile]:
    """The validated fields and the document; one 422 listing every problem otherwise."""
    fields: dict[str, str] = {}
    data: dict[str, str] = {}
    for name in ApplicationForm.model_fields:
        value = form.get(name)
        if isinstance(value, str):
            data[name] = value
        elif value is not None:
            fields[name] = "expected text, not a file"
    document = form.get("document")
    if not isinstance(document, UploadFile) or not document.size:
        fields["document"] = "attach the document (PDF, JPEG, PNG or WebP)"
    parsed: ApplicationForm | None = None
    try:
        parsed = ApplicationForm.model_validate(data)
    except ValidationError as exc:
        fields = _fields_of(exc) | fields
    if fields or parsed is None or not isinstance(document, UploadFile):
        raise Unprocessable(
            "Some fields of the application are missing or invalid.",
            code="invalid_application",
            fields=fields,
        )
    return parsed, document
