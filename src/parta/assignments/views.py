"""Homework collections as messages show them (loader used by parta.messages.views)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from parta.assignments.schemas import AssignmentOut
from parta.models import Message


async def assignments_for(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, AssignmentOut]:
    """The assignment of each assignment message, as `viewer_id` sees it."""
    return {}
