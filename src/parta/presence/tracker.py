"""The node's presence tracker: turns sockets coming and going into `presence` events.

The hub tells the tracker when an account gets its first socket on this node or loses its
last one. Nothing happens on that path but bookkeeping in memory; every `flush_interval`
the tracker settles what changed, in batches:

- an account that left is only announced offline after `grace` seconds without a socket,
  so a page reload or a flaky mobile network does not flap;
- with several nodes it asks the store whether another node has the account before saying
  online (checked before registering) or offline (checked after unregistering), so races
  between nodes can only repeat an event, never lose one;
- last seen is written with one UPDATE per batch, and each affected chat gets one event per
  batch listing the people of that chat who changed (a school's morning rush costs one frame
  per member per chat per interval, not one per member per person).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.db import transaction
from parta.kit.clock import utcnow
from parta.models import Account
from parta.presence.store import HEARTBEAT_SECONDS, PresenceStore
from parta.presence.visibility import announce_chats
from parta.realtime.envelope import Envelope, encode_event

log = logging.getLogger("parta.presence")

Publish = Callable[[Envelope], Awaitable[None]]


def iso(t: datetime | None) -> str | None:
    """The same form the API's schemas use for aware UTC times."""
    return None if t is None else t.isoformat().replace("+00:00", "Z")


class PresenceTracker:
    def __init__(
        self,
        store: PresenceStore,
        publish: Publish,
        maker: async_sessionmaker[AsyncSession],
        *,
        flush_interval: float = 1.0,
        grace: float = 5.0,
    ) -> None:
        self.store = store
        self.flush_interval = flush_interval
        self.grace = grace
        self._publish = publish
        self._maker = maker
        self._announced: set[str] = set()  # registered online by this node (incl. in grace)
        self._arrived: set[str] = set()  # first socket since the last flush
        self._leaving: dict[str, tuple[float, datetime]] = {}  # last socket gone: when
        self._task: asyncio.Task[None] | None = None
        self._beat = 0.0
        self._flushing = asyncio.Lock()

    def changed(self, account_id: str, online: bool) -> None:
        """The hub's hook: first socket of the account on this node, or last one gone."""
        if online:
            if self._leaving.pop(account_id, None) is None and account_id not in self._announced:
                self._arrived.add(account_id)
        elif account_id in self._arrived:
            self._arrived.discard(account_id)  # came and went between two flushes: no news
        elif account_id in self._announced:
            self._leaving[account_id] = (time.monotonic(), utcnow())

    def here(self, account_id: str) -> bool:
        return account_id in self._announced or account_id in self._arrived

    async def online(self, account_ids: Collection[str]) -> set[str]:
        """Which of the accounts are online on any node."""
        local = {a for a in account_ids if self.here(a)}
        rest = [a for a in account_ids if a not in local]
        try:
            return local | await self.store.online_elsewhere(rest)
        except Exception as exc:  # Redis down: this node's view is the best we have
            log.warning("presence store unavailable", extra={"error": str(exc)})
            return local

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="presence")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.flush_interval)
            try:
                await self.flush()
            except Exception:
                log.exception("presence flush failed")

    async def _quietly(self, what: Awaitable[Any], default: Any = None) -> Any:
        try:
            return await what
        except Exception as exc:
            log.warning("presence store unavailable", extra={"error": str(exc)})
            return default

    async def flush(self) -> None:
        """Settle arrivals and departures (see the module docstring)."""
        async with self._flushing:
            arrived, self._arrived = self._arrived, set()
            self._announced |= arrived
            now = time.monotonic()
            gone = {a: seen for a, (t, seen) in self._leaving.items() if now - t >= self.grace}
            for a in gone:
                del self._leaving[a]
                self._announced.discard(a)
            went_online: set[str] = set()
            went_offline: dict[str, datetime] = {}
            if arrived:
                elsewhere = await self._quietly(self.store.online_elsewhere(list(arrived)), set())
                await self._quietly(self.store.add(arrived))
                went_online = arrived - elsewhere
            if gone:
                await self._quietly(self.store.remove(list(gone)))
                elsewhere = await self._quietly(self.store.online_elsewhere(list(gone)), set())
                went_offline = {a: t for a, t in gone.items() if a not in elsewhere}
            if now - self._beat >= HEARTBEAT_SECONDS:
                self._beat = now
                await self._quietly(self.store.heartbeat(set(self._announced)))
            if went_online or went_offline:
                await self._announce(went_online, went_offline)

    async def _announce(self, went_online: set[str], went_offline: dict[str, datetime]) -> None:
        async with transaction(self._maker) as db:
            if went_offline:
                await db.execute(
                    sa.update(Account),
                    [{"id": a, "last_seen_at": t} for a, t in went_offline.items()],
                )
            chats = await announce_chats(db, went_online | went_offline.keys())
        changes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for account_id, chat_ids in chats.items():
            change = {
                "account_id": account_id,
                "status": "online" if account_id in went_online else "offline",
                "last_seen_at": iso(went_offline.get(account_id)),
            }
            for chat_id in chat_ids:
                changes[chat_id].append(change)
        texts: dict[tuple[str, ...], str] = {}  # chats with the same news share one encoding
        for chat_id, people in changes.items():
            key = tuple(p["account_id"] for p in people)
            text = texts.get(key)
            if text is None:
                text = texts[key] = encode_event("presence", {"people": people})
            await self._publish(Envelope(text=text, chat_id=chat_id))

    async def stop(self) -> None:
        """Leave the cluster: everyone here was last seen now (no events; clients reconnect
        to another node or their peers see them offline when they ask)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        here = self._announced | self._arrived
        if here:
            with contextlib.suppress(Exception):
                async with transaction(self._maker) as db:
                    now = utcnow()
                    await db.execute(
                        sa.update(Account), [{"id": a, "last_seen_at": now} for a in here]
                    )
        with contextlib.suppress(Exception):
            await self.store.close()
