"""Which chat members are bots (the roster reconciliation leaves them in roster chats)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Bot


async def bot_account_ids(db: AsyncSession, org_id: str, account_ids: Iterable[str]) -> set[str]:
    """The accounts among `account_ids` that are live bots of the organisation."""
    ids = list(account_ids)
    if not ids:
        return set()
    stmt = sa.select(Bot.account_id).where(
        Bot.org_id == org_id, Bot.account_id.in_(ids), Bot.disabled_at.is_(None)
    )
    return set((await db.execute(stmt)).scalars())
