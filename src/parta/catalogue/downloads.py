"""Downloading a catalogue file: the signed link, then the catalogue's read rules
(parta.catalogue.service.readable_item), then the bytes with the files domain's headers."""

from __future__ import annotations

from fastapi import Response
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.catalogue.service import readable_item
from parta.catalogue.views import SIGN_PURPOSE
from parta.files.downloads import serve_variant
from parta.files.signing import check_signature
from parta.kit.errors import not_found


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
    """The file for someone who may read the item. 403 `bad_signature`, 410
    `link_expired`, 403 `catalogue_teachers_only`, 404."""
    seconds_left = check_signature(item_id, variant, exp, sig, purpose=SIGN_PURPOSE)
    item = await readable_item(db, actor, item_id)
    if item.kind != "file":
        raise not_found("file")
    base = item.file_name or item.title
    return await serve_variant(db, item, base, variant, seconds_left, force_download=force_download)
