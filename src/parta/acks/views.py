"""Acknowledgement state as messages show it (loader used by parta.messages.views)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from parta.acks.schemas import AckOut
from parta.models import Message


async def acks_for(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, AckOut]:
    """For messages with ack_required: the viewer's confirmation, and counts for the author."""
    return {}
