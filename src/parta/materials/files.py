"""Files in a library: shared from a chat (same stored bytes, no copy) or uploaded directly
through the files domain's pipeline (sniffing, limits and quota, virus scan, pictures
without their location)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.files.access import readable_attachment
from parta.files.quota import Limits, limits_of, quota_exceeded
from parta.files.uploads import Owner, UploadIn, accept_file
from parta.kit.errors import Unprocessable
from parta.materials.links import clean_title
from parta.materials.places import Place
from parta.materials.schemas import MaterialOut, PlaceRef, SharedFileIn
from parta.materials.service import added, new_item, target_for_adding
from parta.models import MaterialItem


async def share_from_chat(
    db: AsyncSession, ctx: OrgContext, data: SharedFileIn, ip: str
) -> MaterialOut:
    """Put a file of a chat message I can read into a library. The item points at the same
    stored file as the message's attachment. 404 `file` unless I can read it; 422
    `not_shareable` for an upload not yet sent or a homework hand-in."""
    place, folder = await target_for_adding(db, ctx, data)
    a = await readable_attachment(db, ctx.account_id, data.attachment_id, org_id=ctx.org_id)
    if a.message_id is None:
        raise Unprocessable(
            "Only files sent in a chat message can be shared into a library.",
            code="not_shareable",
            fields={"attachment_id": "not a sent file"},
        )
    title = clean_title(data.title) if data.title else a.name
    item = new_item(ctx, place, folder, "file", title)
    item.file_id, item.thumb_file_id, item.preview_file_id = (
        a.file_id,
        a.thumb_file_id,
        a.preview_file_id,
    )
    item.file_kind, item.file_name, item.mime, item.size = a.kind, a.name, a.mime, a.size
    item.width, item.height, item.duration_ms = a.width, a.height, a.duration_ms
    return await added(db, ctx, place, item, ip)


async def prepare_upload(
    db: AsyncSession, ctx: OrgContext, ref: PlaceRef
) -> tuple[Place, MaterialItem | None, Limits]:
    """Everything checked before the body is read: the library, the folder, my right to add
    and the organisation's room (413 `quota_exceeded` when its storage is full)."""
    place, folder = await target_for_adding(db, ctx, ref)
    limits = await limits_of(db, ctx.org)
    if limits.room == 0:
        raise quota_exceeded(limits)
    return place, folder, limits


async def upload_file(
    db: AsyncSession,
    ctx: OrgContext,
    place: Place,
    folder: MaterialItem | None,
    limits: Limits,
    data: UploadIn,
    title: str | None,
    ip: str,
) -> MaterialOut:
    """Store an uploaded file as a library item (errors: parta.files.uploads.accept_file)."""
    owner = Owner(org_id=ctx.org_id, account_id=ctx.account_id)
    got = await accept_file(db, owner, data, limits, ip=ip, target=("library", place.id))
    item = new_item(ctx, place, folder, "file", clean_title(title) if title else got.name)
    item.file_id = got.file.id
    item.thumb_file_id = got.thumb.id if got.thumb else None
    item.preview_file_id = got.preview.id if got.preview else None
    item.file_kind, item.file_name, item.mime, item.size = (
        got.kind,
        got.name,
        got.mime,
        got.file.size,
    )
    item.width, item.height, item.duration_ms = got.width, got.height, got.duration_ms
    return await added(db, ctx, place, item, ip)
