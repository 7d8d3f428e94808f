"""Catching up after a reconnect: exactly the events a client missed, from the chat logs."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.chats.listing import my_chats
from parta.models import ChatEvent, Membership, Org
from parta.sync.schemas import SyncEvent, SyncOut

MAX_EVENTS_PER_CHAT = 500
MAX_CURSORS = 2000


async def sync(db: AsyncSession, actor: Actor, cursors: dict[str, int]) -> SyncOut:
    cursors = dict(list(cursors.items())[:MAX_CURSORS])
    org_ids = (
        await db.execute(
            sa.select(Membership.org_id)
            .join(Org, Org.id == Membership.org_id)
            .where(
                Membership.account_id == actor.id,
                Membership.status == "active",
                Org.status == "active",
            )
            .distinct()
        )
    ).scalars()
    chats = []
    for org_id in org_ids:
        chats.extend(await my_chats(db, org_id, actor.id))
    mine = {c.id: c for c in chats}
    events: list[SyncEvent] = []
    reset: list[str] = []
    for chat_id, after in cursors.items():
        chat = mine.get(chat_id)
        if chat is None or chat.seq <= after:
            continue
        if chat.seq - after > MAX_EVENTS_PER_CHAT:
            reset.append(chat_id)
            continue
        stmt = (
            sa.select(ChatEvent)
            .where(ChatEvent.chat_id == chat_id, ChatEvent.seq > after)
            .order_by(ChatEvent.seq)
        )
        events.extend(
            SyncEvent(type=e.kind, chat_id=e.chat_id, seq=e.seq, data=e.payload)
            for e in (await db.execute(stmt)).scalars()
        )
    removed = [c for c in cursors if c not in mine]
    return SyncOut(chats=chats, events=events, reset=reset, removed=removed)
