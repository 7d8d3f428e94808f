"""A per-person flood limit on sending messages: a sliding window counted in memory.

The counts live in this process only. With several app processes behind a proxy each one
counts on its own, so a person spread over N processes could send up to N times the limit;
that is enough against floods (a person's requests mostly reach one process, and the limit is
far above what anyone types), and it costs no database or Redis round trip per message.
Slow mode (a per-chat setting stored in the database) is the exact, shared limit.
"""

from __future__ import annotations

import math
from collections import deque
from datetime import datetime

from parta.auth.deps import OrgContext
from parta.kit.errors import TooManyRequests

MESSAGES_PER_WINDOW = 20
WINDOW_SECONDS = 10.0
MAX_TRACKED = 100_000  # people tracked at once before idle ones are swept


class SlidingWindow:
    """At most `limit` hits per `window` seconds per key."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, now: float) -> float:
        """Count a hit and return 0, or count nothing and return the seconds to wait."""
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= MAX_TRACKED:
                self._sweep(now)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return hits[0] + self.window - now
        hits.append(now)
        return 0.0

    def _sweep(self, now: float) -> None:
        idle = [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window]
        for key in idle:
            del self._hits[key]

    def reset(self) -> None:
        self._hits.clear()


messages = SlidingWindow(MESSAGES_PER_WINDOW, WINDOW_SECONDS)


def check_sender(ctx: OrgContext, now: datetime) -> None:
    """429 `flood` with Retry-After when the person sent too many messages just now.

    Verified staff are exempt, as moderators are from slow mode: they are accountable, post
    announcements in bursts and forward batches; the limit protects members from each other.
    """
    if ctx.is_verified_staff():
        return
    wait = messages.hit(ctx.account_id, now.timestamp())
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise TooManyRequests(
            f"You are sending messages too fast. Try again in {seconds} s.",
            code="flood",
            headers={"Retry-After": str(seconds)},
        )
