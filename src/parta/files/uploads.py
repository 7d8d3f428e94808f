"""Uploading files into a chat: checked, scanned, cleaned and stored as pending attachments.

An upload is pending until it is sent in a message (parta.files.attach) or handed in as
homework; pending uploads nobody sent are removed by the sweeper after a day.

The body has already been spooled to a temporary file by the form parser (under the size
limit, see parta.files.http.limited_form); from there it is read in chunks, never whole,
except pictures, which are decoded to make their thumbnails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import anyio
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.chats import policy
from parta.chats.access import visible_chat
from parta.config import get_settings
from parta.files import kinds
from parta.files.attachment_views import attachment_out
from parta.files.images import VARIANT_MIME, Picture, process_picture
from parta.files.quota import Limits, limits_of, quota_exceeded
from parta.files.scan import scan_stream
from parta.files.schemas import AttachmentOut
from parta.files.service import SNIFF_BYTES, sanitize_filename, sniff_mime
from parta.files.storage import READ_CHUNK, Storage, get_storage, too_large
from parta.kit.errors import Conflict, Forbidden, Unprocessable, not_found
from parta.kit.ids import is_id, new_id
from parta.models import Attachment, Chat, StoredFile

MAX_DURATION_MS = 4 * 3600 * 1000


@dataclass(frozen=True)
class Owner:
    """Whose stored file this is: the organisation whose quota it counts against (None for
    platform files, e.g. the operator's catalogue) and the uploader."""

    org_id: str | None
    account_id: str


@dataclass
class Accepted:
    """A checked and stored upload: the file row, picture variants and what it is."""

    file: StoredFile
    kind: str
    mime: str
    name: str
    thumb: StoredFile | None = None
    preview: StoredFile | None = None
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None


@dataclass
class UploadIn:
    file: UploadFile
    voice: bool = False
    duration_ms: int | None = None


async def chat_for_upload(db: AsyncSession, ctx: OrgContext, chat_id: str) -> tuple[Chat, Limits]:
    """The chat I may post in and my organisation's limits; checked before the body is read.
    404 unless I am a member; 409 `chat_archived`; 403 `posting_not_allowed`; 413
    `quota_exceeded` when the organisation's storage is already full."""
    chat, me = await visible_chat(db, ctx, chat_id)
    if chat.archived_at is not None:
        raise Conflict("The chat is archived.", code="chat_archived")
    if not policy.may_post(chat.kind, chat.settings, me.role):
        raise Forbidden("Only moderators can post in this chat.", code="posting_not_allowed")
    limits = await limits_of(db, ctx.org)
    if limits.room == 0:
        raise quota_exceeded(limits)
    return chat, limits


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    await upload.seek(0)
    while chunk := await upload.read(READ_CHUNK):
        yield chunk


async def _one(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _head(upload: UploadFile) -> bytes:
    await upload.seek(0)
    head = await upload.read(SNIFF_BYTES)
    await upload.seek(0)
    return head


async def _scan(
    db: AsyncSession, owner: Owner, upload: UploadIn, ip: str, target: tuple[str, str]
) -> None:
    settings = get_settings()
    if not settings.clamav_socket:
        return
    verdict = await scan_stream(
        settings.clamav_socket, _chunks(upload.file), settings.clamav_timeout_seconds
    )
    if not verdict.infected:
        return
    await record(
        db,
        "file.infected",
        org_id=owner.org_id,
        actor_id=owner.account_id,
        target_type=target[0],
        target_id=target[1],
        ip=ip,
        data={
            "name": sanitize_filename(upload.file.filename),
            "size": upload.file.size or 0,
            "signature": verdict.signature,
        },
    )
    # The audit event is kept although the upload fails; the file itself never is.
    raise Unprocessable(
        f"The file was not accepted: the virus scanner found {verdict.signature or 'a threat'} "
        "in it. Check your device for viruses.",
        code="file_infected",
    ).keeping_changes()


def _mime_and_kind(head: bytes, voice: bool) -> tuple[str, str]:
    mime = kinds.normalize_mime(sniff_mime(head), head)
    if voice:
        if not kinds.is_media(mime):
            raise Unprocessable(
                "A voice message must be a sound recording (WebM, Ogg, MP4 or MP3).",
                code="invalid_voice",
            )
        mime = kinds.voice_mime(mime)
    return mime, kinds.kind_of(mime, voice=voice)


async def _save(
    db: AsyncSession,
    storage: Storage,
    owner: Owner,
    chunks: AsyncIterator[bytes],
    *,
    max_bytes: int,
    mime: str,
    name: str,
) -> StoredFile:
    sha, size = await storage.save_stream(chunks, max_bytes)
    row = StoredFile(
        org_id=owner.org_id,
        sha256=sha,
        size=size,
        mime=mime,
        original_name=name,
        uploaded_by=owner.account_id,
    )
    db.add(row)
    return row


async def _save_bytes(
    db: AsyncSession, storage: Storage, owner: Owner, data: bytes, *, mime: str, name: str
) -> StoredFile:
    return await _save(db, storage, owner, _one(data), max_bytes=len(data), mime=mime, name=name)


async def accept_file(
    db: AsyncSession,
    owner: Owner,
    data: UploadIn,
    limits: Limits,
    *,
    ip: str,
    target: tuple[str, str],
) -> Accepted:
    """Check, scan, clean and store an uploaded file; the caller decides what row points at it.

    Used for chat uploads and by other domains (the materials library, the content
    catalogue). `target` is the (type, id) an infected upload is audited against.
    413 `file_too_large` / `quota_exceeded`, 422 `empty_file`, `invalid_voice`,
    `invalid_image`, `image_too_large`, `file_infected`; 503 `scanner_unavailable`."""
    upload = data.file
    size = upload.size or 0
    if size == 0:
        raise Unprocessable("The file is empty.", code="empty_file", fields={"file": "empty"})
    if size > limits.file_max_bytes:
        raise too_large(limits.file_max_bytes)
    if size > limits.room:
        raise quota_exceeded(limits)
    mime, kind = _mime_and_kind(await _head(upload), data.voice)
    await _scan(db, owner, data, ip, target)
    picture: Picture | None = None
    if kind == "image":
        picture = await anyio.to_thread.run_sync(process_picture, upload.file)
        extra = len(picture.thumb) + len(picture.preview)
        if picture.cleaned is not None:
            extra += len(picture.cleaned) - size
        if size + extra > limits.room:
            raise quota_exceeded(limits)
    name = sanitize_filename(upload.filename, "voice" if kind == "voice" else "file")
    storage = get_storage()
    if picture is not None and picture.cleaned is not None:
        # Saved again without its location; it may have grown by a few bytes.
        stored = await _save_bytes(db, storage, owner, picture.cleaned, mime=mime, name=name)
    else:
        stored = await _save(
            db,
            storage,
            owner,
            _chunks(upload),
            max_bytes=limits.file_max_bytes,
            mime=mime,
            name=name,
        )
    out = Accepted(file=stored, kind=kind, mime=mime, name=name)
    if picture is not None:
        out.thumb = await _save_bytes(
            db, storage, owner, picture.thumb, mime=VARIANT_MIME, name="thumb"
        )
        out.preview = await _save_bytes(
            db, storage, owner, picture.preview, mime=VARIANT_MIME, name="preview"
        )
        out.width, out.height = picture.width, picture.height
    if kind in ("voice", "audio", "video"):
        out.duration_ms = data.duration_ms
    await db.flush()  # the stored-file rows get their ids
    return out


async def create_upload(
    db: AsyncSession, ctx: OrgContext, chat: Chat, data: UploadIn, limits: Limits, *, ip: str
) -> AttachmentOut:
    """Store an upload as my pending attachment in the chat (errors: see `accept_file`)."""
    owner = Owner(org_id=ctx.org_id, account_id=ctx.account_id)
    got = await accept_file(db, owner, data, limits, ip=ip, target=("chat", chat.id))
    attachment = Attachment(
        id=new_id(),
        org_id=ctx.org_id,
        chat_id=chat.id,
        kind=got.kind,
        name=got.name,
        mime=got.mime,
        size=got.file.size,
        uploaded_by=ctx.account_id,
        duration_ms=got.duration_ms,
        file_id=got.file.id,
        thumb_file_id=got.thumb.id if got.thumb else None,
        preview_file_id=got.preview.id if got.preview else None,
        width=got.width,
        height=got.height,
    )
    db.add(attachment)
    await db.flush()
    return attachment_out(attachment)


async def cancel_upload(
    db: AsyncSession, ctx: OrgContext, chat_id: str, attachment_id: str
) -> None:
    """Remove my pending upload and its stored rows (the sweeper removes unused bytes).
    404 unless it is my upload in this chat; 409 `already_sent` once sent."""
    chat, _ = await visible_chat(db, ctx, chat_id)
    a = await db.get(Attachment, attachment_id) if is_id(attachment_id) else None
    if a is None or a.chat_id != chat.id or a.uploaded_by != ctx.account_id:
        raise not_found("upload")
    if a.message_id is not None or a.submission_id is not None:
        raise Conflict(
            "This file was already sent; delete the message instead.", code="already_sent"
        )
    await delete_attachments(db, [a])


async def delete_attachments(db: AsyncSession, attachments: list[Attachment]) -> None:
    """Delete attachments with the stored-file rows that belong to them alone."""
    file_ids = [
        fid
        for a in attachments
        for fid in (a.file_id, a.thumb_file_id, a.preview_file_id)
        if fid is not None
    ]
    for a in attachments:
        await db.delete(a)
    await db.flush()  # the attachment rows point at the file rows
    for fid in file_ids:
        row = await db.get(StoredFile, fid)
        if row is not None:
            await db.delete(row)
    await db.flush()
