"""The process's realtime runtime: its bus and its hub, created by the app's lifespan."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from parta.models import ChatMember
from parta.realtime.bus import Bus, make_bus
from parta.realtime.hub import Hub


@dataclass
class Runtime:
    bus: Bus
    hub: Hub


_runtime: Runtime | None = None


def get_runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("realtime runtime is not started")
    return _runtime


async def start_runtime(redis_url: str, maker: async_sessionmaker[AsyncSession]) -> Runtime:
    global _runtime

    async def load_audience(chat_id: str) -> frozenset[str]:
        async with maker() as db:
            stmt = sa.select(ChatMember.account_id).where(
                ChatMember.chat_id == chat_id, ChatMember.status == "active"
            )
            return frozenset((await db.execute(stmt)).scalars())

    hub = Hub(load_audience)
    bus = make_bus(redis_url)
    await bus.start(hub.deliver)
    _runtime = Runtime(bus=bus, hub=hub)
    return _runtime


async def stop_runtime(runtime: Runtime) -> None:
    global _runtime
    await runtime.hub.close_all()
    await runtime.bus.stop()
    if _runtime is runtime:
        _runtime = None
