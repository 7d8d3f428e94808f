"""Downloading a library file: the signed link, then the library's own read rules (the
chat rules of parta.files.access do not apply to library items), then the bytes."""

from __future__ import annotations

from fastapi import Response
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor, load_org_context
from parta.files.downloads import serve_variant
from parta.files.signing import check_signature
from parta.kit.errors import NotFound, not_found
from parta.kit.ids import is_id
from parta.materials.places import readable_place
from parta.materials.views import SIGN_PURPOSE
from parta.models import MaterialItem


async def download(
    db: AsyncSession,
    actor: Actor,
    item_id: str,
    *,
    variant: str,
    exp: str,
    sig: str,
    force_download: bool,
) -> Response:
    """The file for someone who may read its library. 403 `bad_signature`, 410
    `link_expired`, 404 when not readable or not there."""
    seconds_left = check_signature(item_id, variant, exp, sig, purpose=SIGN_PURPOSE)
    item = await db.get(MaterialItem, item_id) if is_id(item_id) else None
    if item is None or item.kind != "file":
        raise not_found("file")
    try:
        ctx = await load_org_context(db, actor, item.org_id)
        await readable_place(db, ctx, item.place, item.place_id)
    except NotFound:
        raise not_found("file") from None
    base = item.file_name or item.title
    return await serve_variant(db, item, base, variant, seconds_left, force_download=force_download)
