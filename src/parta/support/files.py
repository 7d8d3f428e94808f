"""Files sent with a request's entries: checked and stored by the files pipeline
(`files.uploads.accept_file`), read back through signed links and the request's own read
rules (internal notes' files for staff only)."""

from __future__ import annotations

import dataclasses

from fastapi import Response
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor, load_org_context
from parta.auth.roles import OrgRole
from parta.config import get_settings
from parta.files.downloads import serve_stored
from parta.files.quota import MB, Limits
from parta.files.signing import Variant, check_signature, signed_url
from parta.files.uploads import Owner, UploadIn, accept_file
from parta.kit.errors import NotFound, not_found
from parta.kit.ids import is_id
from parta.models import StoredFile, SupportFile, SupportMessage, SupportTicket
from parta.support import policy
from parta.support import repository as repo
from parta.support.schemas import SupportFileOut

DOWNLOAD_PATH = "/api/v1/support-files/"
SIGN_PURPOSE = "support"
# The operator's files count against no organisation: only the per-file limit applies.
PLATFORM_ROOM = 1 << 62


def platform_limits() -> Limits:
    return Limits(get_settings().file_max_mb * MB, PLATFORM_ROOM, 0)


def file_url(file_id: str, variant: Variant = "file") -> str:
    return signed_url(file_id, variant, path=DOWNLOAD_PATH, purpose=SIGN_PURPOSE)


def file_out(f: SupportFile) -> SupportFileOut:
    return SupportFileOut(
        id=f.id,
        kind=f.kind,  # type: ignore[arg-type]  # stored values are kinds
        name=f.name,
        mime=f.mime,
        size=f.size,
        width=f.width,
        height=f.height,
        url=file_url(f.id),
        thumb_url=file_url(f.id, "thumb") if f.thumb_file_id else None,
        preview_url=file_url(f.id, "preview") if f.preview_file_id else None,
    )


async def store(
    db: AsyncSession,
    ticket: SupportTicket,
    entry: SupportMessage,
    uploads: list[UploadIn],
    *,
    owner: Owner,
    limits: Limits,
    ip: str,
) -> list[SupportFile]:
    """Accept each upload (errors: `accept_file`) and attach it to the entry."""
    out: list[SupportFile] = []
    for position, upload in enumerate(uploads):
        got = await accept_file(db, owner, upload, limits, ip=ip, target=("support", ticket.id))
        taken = sum(f.size for f in (got.file, got.thumb, got.preview) if f is not None)
        limits = dataclasses.replace(limits, used_bytes=limits.used_bytes + taken)
        row = SupportFile(
            ticket_id=ticket.id,
            message_id=entry.id,
            org_id=ticket.org_id,
            file_id=got.file.id,
            thumb_file_id=got.thumb.id if got.thumb else None,
            preview_file_id=got.preview.id if got.preview else None,
            kind=got.kind,
            name=got.name,
            mime=got.mime,
            size=got.file.size,
            width=got.width,
            height=got.height,
            position=position,
        )
        db.add(row)
        out.append(row)
    await db.flush()
    return out


async def _access(db: AsyncSession, actor: Actor, ticket: SupportTicket) -> policy.Access:
    """The reader's access through either door: the organisation (an active member there)
    or the operator's console."""
    platform = actor.account.is_operator and ticket.escalated_at is not None
    try:
        ctx = await load_org_context(db, actor, ticket.org_id)
    except NotFound:
        return policy.Access(platform=platform)
    return policy.Access(
        requester=ctx.account_id == ticket.requester_id,
        org_staff=ctx.has_role(OrgRole.ADMIN),
        platform=platform,
    )


async def download(
    db: AsyncSession,
    actor: Actor,
    file_id: str,
    *,
    variant: str,
    exp: str,
    sig: str,
    force_download: bool,
) -> Response:
    """The file for someone who may read its entry. 403 `bad_signature`, 410
    `link_expired`, 404 when not readable or not there."""
    seconds_left = check_signature(file_id, variant, exp, sig, purpose=SIGN_PURPOSE)
    f = await db.get(SupportFile, file_id) if is_id(file_id) else None
    ticket = await repo.ticket(db, f.ticket_id) if f is not None else None
    entry = await db.get(SupportMessage, f.message_id) if f is not None else None
    if f is None or ticket is None or entry is None:
        raise not_found("file")
    access = await _access(db, actor, ticket)
    if not access.sees or (entry.kind == "note" and not policy.may_read_notes(access)):
        raise not_found("file")
    ids = {"file": f.file_id, "thumb": f.thumb_file_id, "preview": f.preview_file_id}
    stored_id = ids.get(variant)
    stored = await db.get(StoredFile, stored_id) if stored_id else None
    if stored is None:
        raise not_found("file")
    name = f.name if variant == "file" else f"{variant}-{f.name}.webp"
    return await serve_stored(stored, name, seconds_left, force_download=force_download)
