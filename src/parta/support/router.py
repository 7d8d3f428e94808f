"""Endpoints of support: requests and their threads inside an organisation (members and
administrators), suggestions, the files of requests, and the operator's console (404 to
everyone but the operator)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx, CurrentActor, OperatorActor
from parta.deps import DB
from parta.files.http import limited_form
from parta.kit.http import client_ip
from parta.kit.pagination import MAX_LIMIT, Page
from parta.support import files, platform, service, suggestions
from parta.support.form import entry_form_schema, parse_form, ticket_form_schema
from parta.support.keyset import MAX_CURSOR
from parta.support.policy import Status
from parta.support.schemas import (
    MAX_FILES,
    PlatformSuggestionOut,
    SuggestionDecisionIn,
    SuggestionIn,
    SuggestionOut,
    SuggestionPage,
    SuggestionStatus,
    SupportEscalateIn,
    SupportInboxPage,
    SupportReplyIn,
    SupportStatusIn,
    SupportTicketDetailOut,
    SupportTicketIn,
    SupportTicketOut,
)

router = APIRouter(tags=["support"])
ORG = "/orgs/{org_id}/support"
OP = "/operator/support"

Cursor = Annotated[
    str | None, Query(max_length=MAX_CURSOR, description="next_cursor of the last page")
]
Limit = Annotated[int | None, Query(ge=1, le=MAX_LIMIT)]
_TICKET_FIELDS = ("subject", "body", "to_platform")
_ENTRY_FIELDS = ("body", "internal")
# One more than allowed, so that a sixth file is answered with the form's 422 and `fields`.
FORM_FILES = MAX_FILES + 1


@router.post(
    ORG + "/tickets",
    response_model=SupportTicketDetailOut,
    status_code=201,
    openapi_extra=ticket_form_schema(),
)
async def open_ticket(request: Request, ctx: Ctx, db: DB) -> SupportTicketDetailOut:
    """Write to the organisation's administrators (any member): multipart `subject`, `body`
    and up to 5 `files` (checked like chat uploads, counted against the organisation's
    storage). Administrators may send `to_platform=true` to write to platform support
    directly. 422 with `fields`; 403 `support_admins_only`; 429 after 10 in an hour."""
    limits = await service.upload_limits(db, ctx)
    async with limited_form(
        request, max_file_bytes=limits.file_max_bytes, max_files=FORM_FILES, max_fields=10
    ) as form:
        data, uploads = parse_form(form, SupportTicketIn, _TICKET_FIELDS)
        return await service.open_ticket(db, ctx, data, uploads, limits, client_ip(request))


@router.get(ORG + "/tickets", response_model=Page[SupportTicketOut])
async def my_tickets(
    ctx: Ctx, db: DB, status: Status | None = None, cursor: Cursor = None, limit: Limit = None
) -> Page[SupportTicketOut]:
    """My requests in this organisation, latest activity first."""
    return await service.mine(db, ctx, status, cursor, limit)


@router.get(ORG + "/inbox", response_model=SupportInboxPage)
async def inbox(
    ctx: Ctx, db: DB, status: Status | None = None, cursor: Cursor = None, limit: Limit = None
) -> SupportInboxPage:
    """Every request of the organisation with its requester, latest activity first, and the
    number per status (administrators; 403 `support_admins_only`)."""
    return await service.inbox(db, ctx, status, cursor, limit)


@router.get(ORG + "/tickets/{ticket_id}", response_model=SupportTicketDetailOut)
async def get_ticket(ticket_id: str, ctx: Ctx, db: DB) -> SupportTicketDetailOut:
    """A request and its thread: for its requester (without internal notes; platform
    support's entries unnamed) and the organisation's administrators. 404 otherwise."""
    return await service.get_ticket(db, ctx, ticket_id)


@router.post(
    ORG + "/tickets/{ticket_id}/entries",
    response_model=SupportTicketDetailOut,
    status_code=201,
    openapi_extra=entry_form_schema(),
)
async def add_entry(ticket_id: str, request: Request, ctx: Ctx, db: DB) -> SupportTicketDetailOut:
    """Reply (multipart `body` and up to 5 `files`), or, as an administrator, leave an
    internal note (`internal=true`) that the requester never sees. The requester's reply
    makes the request `open`, a staff reply `answered`; the others get `support.ticket` and
    an e-mail. 403 `support_staff_only`; 422."""
    ticket, _, limits = await service.entry_target(db, ctx, ticket_id)
    async with limited_form(
        request, max_file_bytes=limits.file_max_bytes, max_files=FORM_FILES, max_fields=10
    ) as form:
        data, uploads = parse_form(form, SupportReplyIn, _ENTRY_FIELDS)
        return await service.reply(db, ctx, ticket.id, data, uploads, limits, client_ip(request))


@router.put(ORG + "/tickets/{ticket_id}/status", response_model=SupportTicketDetailOut)
async def set_status(
    ticket_id: str, body: SupportStatusIn, ctx: Ctx, db: DB
) -> SupportTicketDetailOut:
    """Administrators set open, answered or closed; the requester closes or reopens.
    403 `support_status_not_allowed`."""
    return await service.set_status(db, ctx, ticket_id, body.status)


@router.post(ORG + "/tickets/{ticket_id}/escalate", response_model=SupportTicketDetailOut)
async def escalate(
    ticket_id: str, body: SupportEscalateIn, request: Request, ctx: Ctx, db: DB
) -> SupportTicketDetailOut:
    """Pass the request on to platform support with an optional internal note
    (administrators): the operator sees it from now on, with the organisation named, and
    answers in the same thread. 403 `support_admins_only`; 409 `already_escalated`,
    `ticket_closed`."""
    return await service.escalate(db, ctx, ticket_id, body, client_ip(request))


@router.post(ORG + "/suggestions", response_model=SuggestionOut, status_code=201)
async def suggest(body: SuggestionIn, ctx: Ctx, db: DB) -> SuggestionOut:
    """Suggest an improvement of the platform: it goes straight to the operator (any
    member; 429 after 10 a day)."""
    return await suggestions.suggest(db, ctx, body)


@router.get(ORG + "/suggestions", response_model=Page[SuggestionOut])
async def my_suggestions(
    ctx: Ctx,
    db: DB,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Limit = None,
) -> Page[SuggestionOut]:
    """My suggestions sent from this organisation, newest first, with their status."""
    return await suggestions.mine(db, ctx, cursor, limit)


@router.get(
    "/support-files/{file_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download(
    file_id: str,
    actor: CurrentActor,
    db: DB,
    exp: str = Query("", max_length=12),
    sig: str = Query("", max_length=64),
    v: Literal["file", "thumb", "preview"] = "file",
    download: bool = False,
) -> Response:
    """A file of a request by its signed link, for someone who may read its entry.
    401; 403 `bad_signature`; 410 `link_expired`; 404."""
    return await files.download(
        db, actor, file_id, variant=v, exp=exp, sig=sig, force_download=download
    )


@router.get(OP + "/tickets", response_model=SupportInboxPage)
async def platform_inbox(
    actor: OperatorActor,
    db: DB,
    status: Status | None = None,
    org_id: Annotated[str | None, Query(max_length=26)] = None,
    cursor: Cursor = None,
    limit: Limit = None,
) -> SupportInboxPage:
    """Operator: requests organisations passed on to platform support (never the others),
    latest activity first, with their organisation."""
    return await platform.inbox(db, status=status, org_id=org_id, cursor=cursor, limit=limit)


@router.get(OP + "/tickets/{ticket_id}", response_model=SupportTicketDetailOut)
async def platform_ticket(ticket_id: str, actor: OperatorActor, db: DB) -> SupportTicketDetailOut:
    """Operator: an escalated request with its whole thread, internal notes included."""
    return await platform.get_ticket(db, actor, ticket_id)


@router.post(
    OP + "/tickets/{ticket_id}/entries",
    response_model=SupportTicketDetailOut,
    status_code=201,
    openapi_extra=entry_form_schema(),
)
async def platform_entry(
    ticket_id: str, request: Request, actor: OperatorActor, db: DB
) -> SupportTicketDetailOut:
    """Operator: reply as platform support or leave an internal note for the
    organisation's administrators."""
    limits = await platform.entry_target(db, ticket_id)
    async with limited_form(
        request, max_file_bytes=limits.file_max_bytes, max_files=FORM_FILES, max_fields=10
    ) as form:
        data, uploads = parse_form(form, SupportReplyIn, _ENTRY_FIELDS)
        return await platform.reply(db, actor, ticket_id, data, uploads, client_ip(request))


@router.put(OP + "/tickets/{ticket_id}/status", response_model=SupportTicketDetailOut)
async def platform_status(
    ticket_id: str, body: SupportStatusIn, actor: OperatorActor, db: DB
) -> SupportTicketDetailOut:
    """Operator: set open, answered or closed."""
    return await platform.set_status(db, actor, ticket_id, body.status)


@router.get("/operator/suggestions", response_model=SuggestionPage)
async def platform_suggestions(
    actor: OperatorActor,
    db: DB,
    status: SuggestionStatus | None = None,
    cursor: Annotated[str | None, Query(max_length=26)] = None,
    limit: Limit = None,
) -> SuggestionPage:
    """Operator: suggestions from every organisation, newest first, with counts per status."""
    return await suggestions.platform_list(db, status, cursor, limit)


@router.put("/operator/suggestions/{suggestion_id}", response_model=PlatformSuggestionOut)
async def decide(
    suggestion_id: str, body: SuggestionDecisionIn, actor: OperatorActor, db: DB
) -> PlatformSuggestionOut:
    """Operator: set the status (new, planned, done, declined) and optionally answer; the
    author is told (and e-mailed when it becomes planned, done or declined)."""
    return await suggestions.decide(db, actor, suggestion_id, body)
