"""The event bus: in-process by default, Redis pub/sub between nodes with PARTA_REDIS_URL.

Publishing happens only after a commit (see log.py). Every node's hub receives every
envelope and delivers it to its own sockets. If Redis is briefly unavailable, live delivery
degrades but nothing is lost: clients catch up through /api/v1/sync.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from parta.realtime.envelope import Envelope

log = logging.getLogger("parta.bus")
CHANNEL = "parta:events"

Deliver = Callable[[Envelope], Awaitable[None]]


class Bus(Protocol):
    async def start(self, deliver: Deliver) -> None: ...
    async def publish(self, envelope: Envelope) -> None: ...
    async def stop(self) -> None: ...


class LocalBus:
    """One process: publishing is delivering."""

    def __init__(self) -> None:
        self._deliver: Deliver | None = None

    async def start(self, deliver: Deliver) -> None:
        self._deliver = deliver

    async def publish(self, envelope: Envelope) -> None:
        if self._deliver is not None:
            await self._deliver(envelope)

    async def stop(self) -> None:
        self._deliver = None


class RedisBus:
    """Several processes or nodes: Redis pub/sub on one channel, reconnecting on failure."""

    def __init__(self, url: str) -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url)
        self._task: asyncio.Task[None] | None = None
        self._deliver: Deliver | None = None
        self.ready = asyncio.Event()

    async def start(self, deliver: Deliver) -> None:
        self._deliver = deliver
        self._task = asyncio.create_task(self._listen(), name="redis-bus")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ready.wait(), 5)

    async def publish(self, envelope: Envelope) -> None:
        try:
            await self._redis.publish(CHANNEL, envelope.to_wire())
        except Exception as exc:  # live delivery is best-effort; sync is the guarantee
            log.warning("redis publish failed", extra={"error": str(exc)})

    async def _listen(self) -> None:
        while True:
            try:
                pubsub = self._redis.pubsub()
                await pubsub.subscribe(CHANNEL)
                self.ready.set()
                async for message in pubsub.listen():
                    if message.get("type") != "message" or self._deliver is None:
                        continue
                    try:
                        await self._deliver(Envelope.from_wire(message["data"]))
                    except Exception:
                        log.exception("delivering a bus message failed")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.ready.clear()
                log.warning("redis subscription lost; retrying", extra={"error": str(exc)})
                await asyncio.sleep(1.0)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._redis.aclose()


def make_bus(redis_url: str) -> Bus:
    return RedisBus(redis_url) if redis_url else LocalBus()
