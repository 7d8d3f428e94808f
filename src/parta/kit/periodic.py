"""Background jobs of a server process: one step every N seconds during the app's life.

The first step runs one interval after start (a process that restarts often must not sweep
on every start); a failing step is logged and tried again next time, never ending the loop.
Jobs are safe to run on every node: their steps take their work under row locks or unique
constraints.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class PeriodicJob:
    def __init__(self, name: str, seconds: float, step: Callable[[], Awaitable[object]]) -> None:
        self.name = name
        self.seconds = seconds
        self.step = step
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.seconds)
            try:
                await self.step()
            except Exception:
                log.exception("background job failed", extra={"job": self.name})
