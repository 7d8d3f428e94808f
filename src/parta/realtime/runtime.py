"""The process's realtime runtime: its bus, its hub and its presence tracker, created by the
app's lifespan."""

from __future__ import annotations

import gc
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.models import ChatMember
from parta.presence.store import make_store
from parta.presence.tracker import PresenceTracker
from parta.realtime.bus import Bus, make_bus
from parta.realtime.hub import Hub


@dataclass
class Runtime:
    bus: Bus
    hub: Hub
    presence: PresenceTracker
    node_id: str


_runtime: Runtime | None = None


def current_runtime() -> Runtime | None:
    """The runtime of this process, or None outside a server (command-line tools)."""
    return _runtime


def get_runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("realtime runtime is not started")
    return _runtime


def tune_gc() -> None:
    """Keep the cyclic garbage collector off the delivery path.

    A node holds many long-lived objects (the app, and per socket its protocol, task and
    buffers); every full collection walks all of them, which the benchmark showed costing a
    large share of the CPU with 1,000 sockets. Objects alive at start-up are frozen out of
    collection for good, and young collections run less often (each one also scans less
    than it would have to after a burst of requests).
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


# Young collections every 10,000 allocations instead of 700; older generations as usual.
GC_THRESHOLDS = (10_000, 10, 10)


async def start_runtime(redis_url: str, maker: async_sessionmaker[AsyncSession]) -> Runtime:
    global _runtime
    tune_gc()
    node_id = secrets.token_hex(6)

    async def load_audience(chat_id: str) -> frozenset[str]:
        async with maker() as db:
            stmt = sa.select(ChatMember.account_id).where(
                ChatMember.chat_id == chat_id, ChatMember.status == "active"
            )
            return frozenset((await db.execute(stmt)).scalars())

    hub = Hub(load_audience)

    async def resync() -> None:
        hub.resync_all()

    bus = make_bus(redis_url, node_id, resync)
    presence = PresenceTracker(make_store(redis_url, node_id), bus.publish, maker)
    hub.on_presence = presence.changed
    await bus.start(hub.deliver)
    await presence.start()
    _runtime = Runtime(bus=bus, hub=hub, presence=presence, node_id=node_id)
    return _runtime


async def stop_runtime(runtime: Runtime) -> None:
    global _runtime
    runtime.hub.on_presence = None
    await runtime.hub.close_all()
    await runtime.presence.stop()
    await runtime.bus.stop()
    if _runtime is runtime:
        _runtime = None
