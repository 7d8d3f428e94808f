"""Endpoints of the verified content catalogue: browsing and submitting (teachers), sharing
into a chat, and the operator's review console (404 to everyone but the operator)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx, CurrentActor, OperatorActor
from parta.catalogue import downloads, review, service, share
from parta.catalogue.form import catalogue_form_schema, parse_catalogue_form
from parta.catalogue.review import operator_limits
from parta.catalogue.schemas import (
    CatalogueItemOut,
    RejectIn,
    ReviewItemOut,
    ShareIn,
    Status,
    SubjectOut,
)
from parta.catalogue.subjects import MAX_GRADE, MIN_GRADE
from parta.deps import DB
from parta.files.http import limited_form
from parta.kit.http import client_ip
from parta.kit.pagination import MAX_LIMIT, Page
from parta.messages.schemas import MessageOut

router = APIRouter(tags=["catalogue"])

Cursor = Annotated[str | None, Query(max_length=26, description="next_cursor of the last page")]
Limit = Annotated[int | None, Query(ge=1, le=MAX_LIMIT)]


@router.get("/catalogue/subjects", response_model=list[SubjectOut])
async def subjects(actor: CurrentActor) -> list[SubjectOut]:
    """Subjects items are filed under (stable codes and Russian names)."""
    return service.subjects()


@router.get("/catalogue/items", response_model=Page[CatalogueItemOut])
async def browse(
    actor: CurrentActor,
    db: DB,
    subject: Annotated[str | None, Query(max_length=40)] = None,
    grade: Annotated[int | None, Query(ge=MIN_GRADE, le=MAX_GRADE)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Words to find")] = None,
    cursor: Cursor = None,
    limit: Limit = None,
) -> Page[CatalogueItemOut]:
    """Verified items, newest first, optionally by subject, grade and words of the title,
    description or subject (every word must match). Verified teachers, heads and
    administrators of any organisation; others 403 `catalogue_teachers_only`."""
    return await service.browse(
        db, actor, subject=subject, grade=grade, q=q, cursor=cursor, limit=limit
    )


@router.get("/catalogue/mine", response_model=Page[CatalogueItemOut])
async def mine(
    actor: CurrentActor, db: DB, cursor: Cursor = None, limit: Limit = None
) -> Page[CatalogueItemOut]:
    """My submissions with their status (pending, verified, rejected with the reason)."""
    return await service.mine(db, actor, cursor, limit)


@router.get("/catalogue/items/{item_id}", response_model=CatalogueItemOut)
async def get_item(item_id: str, actor: CurrentActor, db: DB) -> CatalogueItemOut:
    """One item with fresh links: verified ones for teachers, my own submissions whatever
    their status. 404 otherwise."""
    return await service.get_item(db, actor, item_id)


@router.get(
    "/catalogue-files/{item_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download(
    item_id: str,
    actor: CurrentActor,
    db: DB,
    exp: str = Query("", max_length=12),
    sig: str = Query("", max_length=64),
    v: Literal["file", "thumb", "preview"] = "file",
    download: bool = False,
) -> Response:
    """A catalogue file by its signed link, for someone who may read the item (signed in).
    401; 403 `bad_signature`; 410 `link_expired`; 404."""
    return await downloads.download(
        db, actor, item_id, variant=v, exp=exp, sig=sig, force_download=download
    )


@router.post(
    "/orgs/{org_id}/catalogue/submissions",
    response_model=CatalogueItemOut,
    status_code=201,
    openapi_extra=catalogue_form_schema(),
)
async def submit(request: Request, ctx: Ctx, db: DB) -> CatalogueItemOut:
    """Submit an item for the operator's review (multipart: title, subject, grades, and
    description, language, and a `file` or a `url`). Verified teachers (403
    `catalogue_teachers_only`). A file is checked like a chat upload and counts against
    this organisation's storage. 422 `invalid_item` with `fields`, `invalid_url`."""
    limits = await service.submission_limits(db, ctx)
    async with limited_form(request, max_file_bytes=limits.file_max_bytes, max_fields=10) as form:
        data, upload = parse_catalogue_form(form)
        return await service.submit(db, ctx, data, upload, limits, client_ip(request))


@router.post(
    "/orgs/{org_id}/catalogue/items/{item_id}/share", response_model=MessageOut, status_code=201
)
async def share_into_chat(item_id: str, body: ShareIn, ctx: Ctx, db: DB) -> MessageOut:
    """Post a verified item into a chat I may post in: a message with the item's card and,
    for a file, the file attached (its members open it like any chat file). Retry-safe by
    `client_id`. 403 `catalogue_teachers_only`; 404 item or chat; sending errors as for
    messages (403 `posting_not_allowed`, 409 `chat_archived`, 429 `slow_mode`)."""
    return await share.share_into_chat(db, ctx, item_id, body)


@router.get("/operator/catalogue/items", response_model=Page[ReviewItemOut])
async def review_queue(
    actor: OperatorActor,
    db: DB,
    status: Status = "pending",
    cursor: Cursor = None,
    limit: Limit = None,
) -> Page[ReviewItemOut]:
    """Items of one status with their submitter: pending ones oldest first."""
    return await review.queue(db, status, cursor, limit)


@router.get("/operator/catalogue/items/{item_id}", response_model=ReviewItemOut)
async def review_item(item_id: str, actor: OperatorActor, db: DB) -> ReviewItemOut:
    """One item, whatever its status, with fresh links."""
    return await review.get(db, item_id)


@router.post(
    "/operator/catalogue/items",
    response_model=ReviewItemOut,
    status_code=201,
    openapi_extra=catalogue_form_schema(),
)
async def add_item(request: Request, actor: OperatorActor, db: DB) -> ReviewItemOut:
    """Add an item (same form as a submission); it is verified at once."""
    max_bytes = operator_limits().file_max_bytes
    async with limited_form(request, max_file_bytes=max_bytes, max_fields=10) as form:
        data, upload = parse_catalogue_form(form)
        return await review.add(db, actor, data, upload, client_ip(request))


@router.post("/operator/catalogue/items/{item_id}/approve", response_model=ReviewItemOut)
async def approve(item_id: str, request: Request, actor: OperatorActor, db: DB) -> ReviewItemOut:
    """Mark a pending item verified. 409 `already_reviewed`."""
    return await review.approve(db, actor, item_id, client_ip(request))


@router.post("/operator/catalogue/items/{item_id}/reject", response_model=ReviewItemOut)
async def reject(
    item_id: str, body: RejectIn, request: Request, actor: OperatorActor, db: DB
) -> ReviewItemOut:
    """Reject a pending item with a reason its submitter sees. 409 `already_reviewed`."""
    return await review.reject(db, actor, item_id, body, client_ip(request))


@router.delete("/operator/catalogue/items/{item_id}", status_code=204)
async def withdraw(item_id: str, request: Request, actor: OperatorActor, db: DB) -> Response:
    """Remove an item from the catalogue (copies already shared into chats stay)."""
    await review.withdraw(db, actor, item_id, client_ip(request))
    return Response(status_code=204)
