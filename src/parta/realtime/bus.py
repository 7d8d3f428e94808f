"""The event bus: in-process by default, Redis pub/sub between nodes with PARTA_REDIS_URL.

Publishing happens only after a commit (see log.py). Every node's hub receives every
envelope and delivers it to its own sockets. Live delivery is best-effort: if Redis is slow,
restarting or down, sending still succeeds and clients catch up through /api/v1/sync (after a
lost subscription comes back, the node tells its sockets to resync).

With Redis, a node delivers its own envelopes to its own sockets directly and publishes them
for the other nodes; the Redis round trip is never on the request path (a background task
publishes, in order, in pipelined batches) and a node ignores its own envelopes coming back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from parta.realtime.envelope import Envelope

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger("parta.bus")
CHANNEL = "parta:events"

PUBLISH_QUEUE = 10_000  # envelopes waiting for Redis; beyond that live delivery is dropped
PUBLISH_BATCH = 500
RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)
IDLE_PING_SECONDS = 10.0  # ping the subscription when it has been quiet this long
DEAD_AFTER_SECONDS = 25.0  # no answer at all for this long: the connection is dead

Deliver = Callable[[Envelope], Awaitable[None]]
OnResync = Callable[[], Awaitable[None]]


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


def channel_for(url: str) -> str:
    """The pub/sub channel of a Redis URL.

    Redis pub/sub ignores database numbers, so deployments (or test runs) that share one
    Redis server with different databases would otherwise hear each other's events.
    """
    db = urlsplit(url).path.strip("/") or "0"
    return f"{CHANNEL}:{db}"


def connect_redis(url: str) -> Redis:
    """A client that fails fast, retrying once on a fresh connection (after a Redis restart
    the pooled connections are dead; a repeated publish is harmless, clients apply by seq)."""
    from redis.asyncio import Redis
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    client: Redis = Redis.from_url(
        url, socket_connect_timeout=2, socket_timeout=5, retry=Retry(NoBackoff(), 1)
    )
    return client


class RedisBus:
    """Several processes or nodes: Redis pub/sub on one channel, reconnecting on failure."""

    def __init__(self, url: str, node_id: str, on_resync: OnResync | None = None) -> None:
        self._redis = connect_redis(url)
        self._channel = channel_for(url)
        self._node = node_id.encode()
        self._on_resync = on_resync
        self._deliver: Deliver | None = None
        self._outbox: asyncio.Queue[bytes] = asyncio.Queue(PUBLISH_QUEUE)
        self._tasks: list[asyncio.Task[None]] = []
        self._last_warning = 0.0
        self.ready = asyncio.Event()
        self.dropped = 0  # envelopes other nodes never got (Redis down or too slow)

    async def start(self, deliver: Deliver) -> None:
        self._deliver = deliver
        self._tasks = [
            asyncio.create_task(self._listen(), name="redis-bus-listen"),
            asyncio.create_task(self._publisher(), name="redis-bus-publish"),
        ]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ready.wait(), 5)

    async def publish(self, envelope: Envelope) -> None:
        """Deliver to this node's sockets now; queue for the other nodes."""
        try:
            self._outbox.put_nowait(self._node + b" " + envelope.to_wire())
        except asyncio.QueueFull:
            self.dropped += 1
            self._warn("redis publish queue full; other nodes miss live events")
        if self._deliver is not None:
            await self._deliver(envelope)

    def _warn(self, message: str, **extra: Any) -> None:
        # One warning per few seconds: a Redis outage must not flood the log per event.
        now = time.monotonic()
        if now - self._last_warning > 5:
            self._last_warning = now
            log.warning(message, extra={**extra, "dropped": self.dropped})

    async def _publisher(self) -> None:
        while True:
            batch = [await self._outbox.get()]
            while len(batch) < PUBLISH_BATCH and not self._outbox.empty():
                batch.append(self._outbox.get_nowait())
            try:
                async with self._redis.pipeline(transaction=False) as pipe:
                    for item in batch:
                        pipe.publish(self._channel, item)
                    await pipe.execute()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # best-effort; sync is the guarantee
                self.dropped += len(batch)
                self._warn("redis publish failed", error=str(exc))
            finally:
                for _ in batch:
                    self._outbox.task_done()

    async def _listen(self) -> None:
        attempt = 0
        lost = False
        while True:
            pubsub = self._redis.pubsub()
            try:
                await pubsub.subscribe(self._channel)
                self.ready.set()
                attempt = 0
                if lost and self._on_resync is not None:
                    lost = False
                    await self._on_resync()  # events of other nodes may have been missed
                await self._read(pubsub)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.ready.clear()
                lost = True
                self._warn("redis subscription lost; retrying", error=str(exc))
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
            await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
            attempt += 1

    async def _read(self, pubsub: Any) -> None:
        heard = time.monotonic()
        pinged = False
        while True:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            now = time.monotonic()
            if message is None:
                if now - heard > DEAD_AFTER_SECONDS:
                    raise ConnectionError("no answer from redis")
                if now - heard > IDLE_PING_SECONDS and not pinged:
                    await pubsub.ping()
                    pinged = True
                continue
            heard, pinged = now, False
            if message.get("type") != "message" or self._deliver is None:
                continue
            node, _, wire = bytes(message["data"]).partition(b" ")
            if node == self._node:
                continue  # delivered locally when it was published
            try:
                await self._deliver(Envelope.from_wire(wire))
            except Exception:
                log.exception("delivering a bus message failed")

    async def stop(self) -> None:
        # Give the publisher a moment to hand over what is queued (a graceful restart).
        if self.ready.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._outbox.join(), 1.0)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._redis.aclose()


def make_bus(redis_url: str, node_id: str = "", on_resync: OnResync | None = None) -> Bus:
    if not redis_url:
        return LocalBus()
    return RedisBus(redis_url, node_id or "node", on_resync)
