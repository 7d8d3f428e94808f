"""Where nodes agree on who is online.

Each node owns the set of accounts that have a socket on it (or left it a moment ago and may
come back). In one process that set is all there is. With Redis, each node keeps its set in
a key that expires unless the node refreshes it, so a crashed node's people drop out within
`NODE_TTL_SECONDS`; a sorted set lists the live nodes with their expiry times.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from typing import Protocol

from parta.realtime.bus import connect_redis

NODE_TTL_SECONDS = 30
HEARTBEAT_SECONDS = 10.0
PREFIX = "parta:presence"


class PresenceStore(Protocol):
    async def add(self, accounts: Collection[str]) -> None: ...
    async def remove(self, accounts: Collection[str]) -> None: ...
    async def heartbeat(self, accounts: Collection[str]) -> None: ...
    async def online_elsewhere(self, accounts: Sequence[str]) -> set[str]: ...
    async def close(self) -> None: ...


class LocalPresenceStore:
    """One process: no other node exists."""

    async def add(self, accounts: Collection[str]) -> None:
        return None

    async def remove(self, accounts: Collection[str]) -> None:
        return None

    async def heartbeat(self, accounts: Collection[str]) -> None:
        return None

    async def online_elsewhere(self, accounts: Sequence[str]) -> set[str]:
        return set()

    async def close(self) -> None:
        return None


class RedisPresenceStore:
    """Per-node sets with a TTL, refreshed by heartbeats (see the module docstring)."""

    def __init__(self, url: str, node_id: str) -> None:
        self._redis = connect_redis(url)
        self._node = node_id
        self._key = f"{PREFIX}:node:{node_id}"
        self._nodes = f"{PREFIX}:nodes"

    async def add(self, accounts: Collection[str]) -> None:
        if accounts:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.sadd(self._key, *accounts)
                pipe.expire(self._key, NODE_TTL_SECONDS)
                pipe.zadd(self._nodes, {self._node: time.time() + NODE_TTL_SECONDS})
                await pipe.execute()

    async def remove(self, accounts: Collection[str]) -> None:
        if accounts:
            await self._redis.srem(self._key, *accounts)

    async def heartbeat(self, accounts: Collection[str]) -> None:
        """Rewrite this node's whole set (Redis may have restarted empty) and stay listed."""
        now = time.time()
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(self._key)
            if accounts:
                pipe.sadd(self._key, *accounts)
                pipe.expire(self._key, NODE_TTL_SECONDS)
            pipe.zadd(self._nodes, {self._node: now + NODE_TTL_SECONDS})
            pipe.zremrangebyscore(self._nodes, "-inf", now)
            await pipe.execute()

    async def online_elsewhere(self, accounts: Sequence[str]) -> set[str]:
        """Which of `accounts` have a socket on another live node."""
        if not accounts:
            return set()
        raw = await self._redis.zrangebyscore(self._nodes, time.time(), "+inf")
        names = (n.decode() if isinstance(n, bytes) else str(n) for n in raw)
        nodes = [n for n in names if n != self._node]
        if not nodes:
            return set()
        async with self._redis.pipeline(transaction=False) as pipe:
            for node in nodes:
                pipe.smismember(f"{PREFIX}:node:{node}", list(accounts))
            replies = await pipe.execute()
        found: set[str] = set()
        for flags in replies:
            found.update(a for a, on in zip(accounts, flags, strict=True) if on)
        return found

    async def close(self) -> None:
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.delete(self._key)
                pipe.zrem(self._nodes, self._node)
                await pipe.execute()
        finally:
            await self._redis.aclose()


def make_store(redis_url: str, node_id: str) -> PresenceStore:
    return RedisPresenceStore(redis_url, node_id) if redis_url else LocalPresenceStore()
