"""Endpoints: the public application form and the platform operator's console.

Console routes answer 401 to anonymous callers and 404 to signed-in non-operators, so that
nobody learns the console exists.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from parta.auth.deps import OperatorActor
from parta.config import get_settings
from parta.deps import DB
from parta.files.http import file_response, limited_form
from parta.kit.http import client_ip
from parta.kit.pagination import MAX_LIMIT, Page
from parta.operator import applications, console
from parta.operator.form import parse_application_form
from parta.operator.schemas import (
    ApplicationCreated,
    ApplicationDetail,
    ApplicationForm,
    ApplicationItem,
    ApplicationStatus,
    AuditRow,
    MailStatus,
    OrgRow,
    OutboxRow,
    RejectIn,
)

router = APIRouter(tags=["operator"])

Cursor = Annotated[
    str | None,
    Query(max_length=26, pattern=r"^[0-9A-Za-z]*$", description="next_cursor of the last page"),
]
Limit = Annotated[int | None, Query(ge=1, le=MAX_LIMIT)]


def _application_form_schema() -> dict[str, Any]:
    schema = ApplicationForm.model_json_schema()
    props = dict(schema["properties"])
    props["questionnaire"] = {
        "type": "string",
        "description": "JSON object as a string: at most 30 answers, strings or numbers",
    }
    props["document"] = {
        "type": "string",
        "format": "binary",
        "description": "Registration document: PDF, JPEG, PNG or WebP",
    }
    required = [*schema.get("required", []), "document"]
    body = {"type": "object", "properties": props, "required": required}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": body}}}}


@router.post(
    "/applications",
    status_code=201,
    response_model=ApplicationCreated,
    openapi_extra=_application_form_schema(),
)
async def submit_application(request: Request, db: DB) -> ApplicationCreated:
    """Apply to bring an organisation onto the platform (no account needed).

    multipart/form-data with the organisation's details, the future administrator's contacts,
    an optional questionnaire and the registration document. The document's type is checked
    from its content (415 `unsupported_file_type`), its size against the configured limit
    (413). Invalid fields, a wrong INN or a missing document give 422 with `fields`. Five
    applications per hour per address (429). The applicant and the operators are e-mailed;
    no organisation exists until an operator approves.
    """
    max_bytes = get_settings().application_document_max_bytes
    async with limited_form(request, max_file_bytes=max_bytes, max_fields=20) as form:
        fields, document = parse_application_form(form)
        application = await applications.submit_application(
            db, fields, document, ip=client_ip(request)
        )
    return ApplicationCreated(id=application.id, status="pending")


@router.get("/operator/applications", response_model=Page[ApplicationItem])
async def list_applications(
    actor: OperatorActor,
    db: DB,
    status: ApplicationStatus = "pending",
    cursor: Cursor = None,
    limit: Limit = None,
) -> Page[ApplicationItem]:
    """Operator: applications with this status, oldest first (the review queue)."""
    return await applications.list_applications(db, status, cursor=cursor, limit=limit)


@router.get("/operator/applications/{application_id}", response_model=ApplicationDetail)
async def get_application(application_id: str, actor: OperatorActor, db: DB) -> ApplicationDetail:
    """Operator: every field of an application, with its document's metadata."""
    return await applications.get_application(db, application_id)


@router.get(
    "/operator/applications/{application_id}/document",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/pdf": {}, "image/*": {}}}},
)
async def get_application_document(
    application_id: str, actor: OperatorActor, db: DB
) -> StreamingResponse:
    """Operator: the application's document, streamed with the type sniffed at upload.

    Sent with `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`;
    shown inline only for PDF and images.
    """
    document = await applications.get_document(db, application_id)
    return await file_response(document)


@router.post("/operator/applications/{application_id}/approve", response_model=ApplicationDetail)
async def approve_application(
    application_id: str, request: Request, actor: OperatorActor, db: DB
) -> ApplicationDetail:
    """Operator: approve — create the organisation and make the applicant its administrator.

    A new account gets a link to set its password (valid 7 days); an existing account with
    the applicant's e-mail simply gains the administrator role. 409 unless pending.
    """
    return await applications.approve(db, actor, application_id, ip=client_ip(request))


@router.post("/operator/applications/{application_id}/reject", response_model=ApplicationDetail)
async def reject_application(
    application_id: str, body: RejectIn, request: Request, actor: OperatorActor, db: DB
) -> ApplicationDetail:
    """Operator: reject with a reason (3–2000 characters) that is e-mailed to the applicant.

    409 unless pending.
    """
    return await applications.reject(db, actor, application_id, body.reason, ip=client_ip(request))


@router.get("/operator/orgs", response_model=Page[OrgRow])
async def list_orgs(
    actor: OperatorActor, db: DB, cursor: Cursor = None, limit: Limit = None
) -> Page[OrgRow]:
    """Operator: every organisation, newest first, with active member counts by role."""
    return await console.list_orgs(db, cursor=cursor, limit=limit)


@router.get("/operator/audit", response_model=Page[AuditRow])
async def platform_audit(
    actor: OperatorActor,
    db: DB,
    action: Annotated[str | None, Query(max_length=60, pattern=r"^[a-z0-9_.]*$")] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: Cursor = None,
    limit: Limit = None,
) -> Page[AuditRow]:
    """Operator: platform-level audit events (no organisation), newest first.

    `since` is inclusive, `until` exclusive; times without a zone are UTC.
    """
    return await console.platform_audit(
        db, action=action, since=since, until=until, cursor=cursor, limit=limit
    )


@router.get("/operator/outbox", response_model=Page[OutboxRow])
async def mail_outbox(
    actor: OperatorActor,
    db: DB,
    status: MailStatus | None = None,
    cursor: Cursor = None,
    limit: Limit = None,
) -> Page[OutboxRow]:
    """Operator: outgoing mail, newest first. Without SMTP configured, mail ends up here
    with status `logged`, so the operator can pass codes and links on by hand."""
    return await console.outbox(db, status=status, cursor=cursor, limit=limit)
