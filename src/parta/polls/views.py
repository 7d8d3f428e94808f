"""Polls as messages show them (loader used by parta.messages.views)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Message
from parta.polls.schemas import PollOut


async def polls_for(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, PollOut]:
    """The poll of each poll message, as `viewer_id` sees it (None: neutral, for events)."""
    return {}
