"""Endpoints of chat files: upload, cancel, download, fresh links and a chat's files tab."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response

from parta.auth.deps import Ctx, CurrentActor
from parta.deps import DB
from parta.files import downloads, tab, uploads
from parta.files.access import readable_attachment
from parta.files.attachment_views import attachment_out
from parta.files.http import limited_form
from parta.files.schemas import AttachmentOut, FileTabPage
from parta.files.upload_form import parse_upload_form, upload_body_schema
from parta.kit.http import client_ip

router = APIRouter(tags=["files"])


@router.post(
    "/orgs/{org_id}/chats/{chat_id}/uploads",
    response_model=AttachmentOut,
    status_code=201,
    openapi_extra=upload_body_schema(),
)
async def upload(chat_id: str, request: Request, ctx: Ctx, db: DB) -> AttachmentOut:
    """Upload a file to send in this chat (multipart: `file`; `voice`=true for a recorded
    voice message; `duration_ms`). The type is sniffed from the content, pictures get a
    thumbnail and a preview and lose their location data. Returns the pending attachment;
    send it with `attachment_ids` within a day. 404 unless a member; 403
    `posting_not_allowed`; 413 `file_too_large` / `quota_exceeded`; 422 `empty_file`,
    `invalid_image`, `image_too_large`, `invalid_voice`, `file_infected`; 503
    `scanner_unavailable` when virus scanning is on but not working."""
    chat, limits = await uploads.chat_for_upload(db, ctx, chat_id)
    async with limited_form(request, max_file_bytes=limits.file_max_bytes, max_fields=5) as form:
        data = parse_upload_form(form)
        return await uploads.create_upload(db, ctx, chat, data, limits, ip=client_ip(request))


@router.delete("/orgs/{org_id}/chats/{chat_id}/uploads/{attachment_id}", status_code=204)
async def cancel_upload(chat_id: str, attachment_id: str, ctx: Ctx, db: DB) -> Response:
    """Cancel my pending upload. 404 unless it is mine in this chat; 409 `already_sent`."""
    await uploads.cancel_upload(db, ctx, chat_id, attachment_id)
    return Response(status_code=204)


@router.get("/orgs/{org_id}/attachments/{attachment_id}", response_model=AttachmentOut)
async def get_attachment(attachment_id: str, ctx: Ctx, db: DB) -> AttachmentOut:
    """An attachment I may read, with fresh links (after a link expired: 410 there)."""
    a = await readable_attachment(db, ctx.account_id, attachment_id, org_id=ctx.org_id)
    return attachment_out(a)


@router.get("/orgs/{org_id}/chats/{chat_id}/files", response_model=FileTabPage)
async def files_tab(
    chat_id: str,
    ctx: Ctx,
    db: DB,
    kind: Literal["image", "video", "audio", "voice", "file"] | None = None,
    before: str | None = Query(None, max_length=26, description="Last attachment id seen"),
    limit: int = Query(50, ge=1, le=100),
) -> FileTabPage:
    """The chat's files tab: files sent in its messages, newest first, optionally by kind."""
    return await tab.files_tab(db, ctx, chat_id, kind=kind, before=before, limit=limit)


@router.get(
    "/files/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download(
    attachment_id: str,
    actor: CurrentActor,
    db: DB,
    exp: str = Query("", max_length=12),
    sig: str = Query("", max_length=64),
    v: Literal["file", "thumb", "preview"] = "file",
    download: bool = False,
) -> Response:
    """A file by its signed link (from AttachmentOut) for someone allowed to read it: the
    link alone is not enough. 401 without a session; 403 `bad_signature`; 410
    `link_expired` (get fresh links from the attachment); 404 when not readable. `v`:
    thumb or preview of a picture; `download=1` forces a download. Answers Range requests."""
    return await downloads.download(
        db, actor.id, attachment_id, variant=v, exp=exp, sig=sig, force_download=download
    )
