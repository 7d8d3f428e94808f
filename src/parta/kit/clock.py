"""The one source of time: tests shift it with `clock.advance()`; nothing else reads the OS."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


class Clock:
    def __init__(self) -> None:
        self._offset = timedelta(0)

    def now(self) -> datetime:
        """Aware UTC now, shifted by the test offset."""
        return datetime.now(UTC) + self._offset

    def today(self) -> date:
        return self.now().date()

    def advance(self, seconds: float) -> None:
        self._offset += timedelta(seconds=seconds)

    def reset(self) -> None:
        self._offset = timedelta(0)


clock = Clock()


def utcnow() -> datetime:
    return clock.now()
