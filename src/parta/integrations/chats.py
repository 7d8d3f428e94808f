"""The chats an administrator may connect integrations to (the console's chat picker).

Administrators manage integrations without being members of every chat, and the chat list
of a person shows only their own chats; this lists every chat of the organisation a bot or
webhook may use: all kinds but direct chats, which are never opened to a machine.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.integrations.bots import require_admin
from parta.integrations.schemas import IntegrationChatOut
from parta.models import Chat

# Kinds in the order the picker shows them: the school's own chats first.
KIND_ORDER = {"channel": 0, "staff": 1, "class": 2, "class_parents": 3, "group": 4}


async def integration_chats(db: AsyncSession, ctx: OrgContext) -> list[IntegrationChatOut]:
    """Every non-direct chat of the organisation with its kind and title (administrators);
    archived ones too, marked, so that names of chats a bot was in still resolve."""
    require_admin(ctx)
    stmt = sa.select(Chat).where(Chat.org_id == ctx.org_id, Chat.kind != "direct")
    chats = list((await db.execute(stmt)).scalars())
    chats.sort(key=lambda c: (c.archived_at is not None, KIND_ORDER.get(c.kind, 9), c.title, c.id))
    return [
        IntegrationChatOut(id=c.id, kind=c.kind, title=c.title, archived=c.archived_at is not None)
        for c in chats
    ]
