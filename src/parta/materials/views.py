"""Library items as the API shows them, with fresh signed download links."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from parta.chats.people import briefs
from parta.files.signing import signed_url
from parta.materials.places import Place
from parta.materials.policy import may_change
from parta.materials.schemas import AuthorOut, MaterialFileOut, MaterialOut, PlaceOut
from parta.models import MaterialItem

DOWNLOAD_PATH = "/api/v1/material-files/"
SIGN_PURPOSE = "material"


def material_url(item_id: str, variant: Any = "file") -> str:
    return signed_url(item_id, variant, path=DOWNLOAD_PATH, purpose=SIGN_PURPOSE)


def place_out(place: Place) -> PlaceOut:
    return PlaceOut(
        place=place.kind,  # type: ignore[arg-type]  # one of PLACES
        place_id=place.id,
        title=place.title,
        can_add=place.access.add,
        can_manage=place.access.manage,
        archived=place.facts.archived,
    )


def _file(item: MaterialItem) -> MaterialFileOut | None:
    if item.kind != "file" or item.file_id is None:
        return None
    return MaterialFileOut(
        kind=item.file_kind or "file",  # type: ignore[arg-type]  # stored values are kinds
        name=item.file_name or item.title,
        mime=item.mime or "application/octet-stream",
        size=item.size or 0,
        width=item.width,
        height=item.height,
        duration_ms=item.duration_ms,
        url=material_url(item.id),
        thumb_url=material_url(item.id, "thumb") if item.thumb_file_id else None,
        preview_url=material_url(item.id, "preview") if item.preview_file_id else None,
    )


async def items_out(
    db: AsyncSession, org_id: str, place: Place, items: Sequence[MaterialItem], viewer_id: str
) -> list[MaterialOut]:
    """The items with their authors' names (one query for the page)."""
    names = await briefs(db, org_id, {i.created_by for i in items})
    return [
        MaterialOut(
            id=i.id,
            kind=i.kind,  # type: ignore[arg-type]  # folder | file | link
            title=i.title,
            place=place.kind,  # type: ignore[arg-type]
            place_id=place.id,
            parent_id=i.parent_id,
            url=i.url if i.kind == "link" else None,
            file=_file(i),
            created_by=AuthorOut(account_id=i.created_by, name=names[i.created_by].name),
            created_at=i.created_at,
            updated_at=i.updated_at,
            can_change=may_change(place.access, is_author=i.created_by == viewer_id),
        )
        for i in items
    ]
