"""Per-role rate limits on sending messages, organisation-wide: N messages a minute per
person, N set per role by the organisation (students, parents, verified staff).

A sliding window. With Redis configured (`PARTA_REDIS_URL`) the window of each person is a
sorted set in Redis, checked and updated by one Lua script, so every node of a cluster
counts the same messages; without it, one process is all there is and the window lives in
memory. Times come from the application's clock, so tests can move them. If Redis does not
answer, the limit is not applied (logged): a flood limit must not stop a school's messages.

This sits beside the older per-sender burst limit (parta.chats.flood, 20 in 10 s, staff
exempt) and per-chat slow mode; this one is the organisation's own, per role.
"""

from __future__ import annotations

import asyncio
import logging
import math
import uuid
from collections import deque
from typing import TYPE_CHECKING, Protocol

from parta.auth.deps import OrgContext
from parta.config import get_settings
from parta.kit.errors import TooManyRequests
from parta.safety import policy
from parta.safety.schemas import RateLimits

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger("parta.safety")

PREFIX = "parta:rate"
MAX_TRACKED = 100_000

# KEYS[1]: the person's window; ARGV: now, window, limit, a unique member.
# Returns 0 (counted) or the seconds until the oldest hit leaves the window.
_SCRIPT = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tostring(tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('EXPIRE', KEYS[1], math.ceil(window) + 1)
return '0'
"""


class Limiter(Protocol):
    async def hit(self, key: str, limit: int, window: float, now: float) -> float:
        """Count a hit and return 0, or count nothing and return the seconds to wait."""
        ...


class MemoryLimiter:
    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}

    async def hit(self, key: str, limit: int, window: float, now: float) -> float:
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= MAX_TRACKED:
                self._sweep(now, window)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - window:
            hits.popleft()
        if len(hits) >= limit:
            return hits[0] + window - now
        hits.append(now)
        return 0.0

    def _sweep(self, now: float, window: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - window]:
            del self._hits[key]

    def reset(self) -> None:
        self._hits.clear()


class RedisLimiter:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._script = redis.register_script(_SCRIPT)

    async def hit(self, key: str, limit: int, window: float, now: float) -> float:
        member = f"{now:.6f}:{uuid.uuid4().hex[:8]}"
        result = await self._script(keys=[key], args=[now, window, limit, member])
        return float(result.decode() if isinstance(result, bytes) else result)

    async def close(self) -> None:
        await self._redis.aclose()


memory = MemoryLimiter()
# Redis clients belong to the event loop that made them: one per (URL, loop).
_redis: dict[tuple[str, int], RedisLimiter] = {}


def limiter() -> Limiter:
    url = get_settings().redis_url
    if not url:
        return memory
    key = (url, id(asyncio.get_running_loop()))
    found = _redis.get(key)
    if found is None:
        from parta.realtime.bus import connect_redis

        found = _redis[key] = RedisLimiter(connect_redis(url))
    return found


def key_for(org_id: str, account_id: str) -> str:
    return f"{PREFIX}:{org_id}:{account_id}"


async def check(ctx: OrgContext, limits: RateLimits, now: float) -> None:
    """429 `rate_limited` with Retry-After when the person has sent their role's number of
    messages in the last minute in this organisation."""
    role = policy.rate_role({m.role for m in ctx.memberships}, ctx.is_verified_staff())
    limit = int(getattr(limits, role))
    try:
        wait = await limiter().hit(
            key_for(ctx.org_id, ctx.account_id), limit, policy.RATE_WINDOW_SECONDS, now
        )
    except Exception:  # Redis down or refusing: fail open, never lose the message
        log.warning("rate limit not checked", exc_info=True)
        return
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise TooManyRequests(
            f"Your school allows {limit} messages a minute. Try again in {seconds} s.",
            code="rate_limited",
            fields={"limit": str(limit), "role": role},
            headers={"Retry-After": str(seconds)},
        )
