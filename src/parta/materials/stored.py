"""Stored-file rows shared between chats, libraries and the catalogue.

A file shared from a chat into a library (or from the catalogue into a chat) points at the
same StoredFile rows as its source, so nothing is copied and the organisation's quota is
not charged twice. Deleting one of them must therefore leave rows that something else
still names; the bytes themselves are removed later by the files sweeper.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Attachment, CatalogueItem, MaterialItem, StoredFile

_USERS = (
    (Attachment, ("file_id", "thumb_file_id", "preview_file_id")),
    (MaterialItem, ("file_id", "thumb_file_id", "preview_file_id")),
    (CatalogueItem, ("file_id", "thumb_file_id", "preview_file_id")),
)


async def _in_use(db: AsyncSession, file_id: str) -> bool:
    for model, columns in _USERS:
        cond = sa.or_(*(getattr(model, c) == file_id for c in columns))
        if (await db.execute(sa.select(model.id).where(cond).limit(1))).first() is not None:
            return True
    return False


async def release_files(db: AsyncSession, file_ids: Iterable[str]) -> int:
    """Delete the StoredFile rows that no attachment, library or catalogue item uses any
    more (call after deleting the item that used them). Returns how many went."""
    removed = 0
    for file_id in dict.fromkeys(file_ids):
        if await _in_use(db, file_id):
            continue
        row = await db.get(StoredFile, file_id)
        if row is not None:
            await db.delete(row)
            removed += 1
    await db.flush()
    return removed
