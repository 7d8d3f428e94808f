"""Attaching pending uploads to a message being sent (called by parta.messages.service)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.kit.errors import Unprocessable
from parta.models import Attachment, Chat, Message


async def check_attachable(
    db: AsyncSession, ctx: OrgContext, chat: Chat, attachment_ids: Sequence[str]
) -> list[Attachment]:
    """My pending uploads in this chat, in the given order; 422 for any other id."""
    if attachment_ids:
        raise Unprocessable("Attachments are not available yet.", code="bad_attachment")
    return []


async def attach_to_message(
    db: AsyncSession, message: Message, uploads: Sequence[Attachment]
) -> None:
    """Bind checked uploads to the stored message (positions in order, count on the row)."""
    return None
