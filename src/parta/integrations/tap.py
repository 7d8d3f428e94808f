"""Where outgoing webhook deliveries come from: `realtime.log.emit` hands every chat event
to `tap`, which queues a delivery row in the same transaction for each active webhook that
watches the chat and the event kind. The rows commit with the event or not at all, so only
committed events are ever delivered.

The hot path stays cheap: which chats are watched is a dict cached in the process, reloaded
at most every RELOAD_SECONDS (one small query) and at once after a local webhook change. A
chat nobody watches costs one dict lookup. Another node picks up a change within
RELOAD_SECONDS.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.db import on_commit
from parta.integrations.scopes import OUTGOING_EVENTS
from parta.kit.clock import utcnow
from parta.kit.ids import new_id
from parta.models import OutgoingWebhook, WebhookDelivery

RELOAD_SECONDS = 30.0


@dataclass(frozen=True)
class Watcher:
    webhook_id: str
    org_id: str
    events: frozenset[str]


class WatchCache:
    """chat id -> the active webhooks watching it, per process."""

    def __init__(self) -> None:
        self._by_chat: dict[str, list[Watcher]] = {}
        self._loaded_at: float | None = None

    def invalidate(self) -> None:
        self._loaded_at = None

    def _stale(self) -> bool:
        return self._loaded_at is None or time.monotonic() - self._loaded_at > RELOAD_SECONDS

    async def any_active(self, maker: async_sessionmaker[AsyncSession]) -> bool:
        """Whether any webhook is active anywhere (lets idle workers skip their query)."""
        if self._stale():
            async with maker() as db:
                await self._load(db)
        return bool(self._by_chat)

    async def watchers(self, db: AsyncSession, chat_id: str) -> list[Watcher]:
        if self._stale():
            await self._load(db)
        return self._by_chat.get(chat_id, [])

    async def _load(self, db: AsyncSession) -> None:
        now = time.monotonic()
        stmt = sa.select(
            OutgoingWebhook.id,
            OutgoingWebhook.org_id,
            OutgoingWebhook.events,
            OutgoingWebhook.chat_ids,
        ).where(OutgoingWebhook.active.is_(True))
        by_chat: dict[str, list[Watcher]] = {}
        for webhook_id, org_id, events, chat_ids in (await db.execute(stmt)).all():
            watcher = Watcher(webhook_id, org_id, frozenset(events or ()))
            for chat in chat_ids or ():
                by_chat.setdefault(str(chat), []).append(watcher)
        self._by_chat, self._loaded_at = by_chat, now


watch = WatchCache()


async def tap(db: AsyncSession, chat_id: str, kind: str, data: dict[str, Any], seq: int) -> None:
    """Queue deliveries of this chat event for the webhooks that want it."""
    if kind not in OUTGOING_EVENTS:
        return
    watchers = [w for w in await watch.watchers(db, chat_id) if kind in w.events]
    if not watchers:
        return
    now = utcnow()
    for w in watchers:
        delivery_id = new_id()
        payload = {
            "id": delivery_id,
            "type": kind,
            "created_at": now.isoformat(),
            "org_id": w.org_id,
            "chat_id": chat_id,
            "seq": seq,
            "data": data,
        }
        db.add(
            WebhookDelivery(
                id=delivery_id,
                webhook_id=w.webhook_id,
                org_id=w.org_id,
                event=kind,
                chat_id=chat_id,
                seq=seq,
                payload=payload,
                next_attempt_at=now,
                created_at=now,
            )
        )

    async def _kick() -> None:
        from parta.integrations.worker import get_worker

        worker = get_worker()
        if worker is not None:
            worker.kick()

    on_commit(db, _kick)
