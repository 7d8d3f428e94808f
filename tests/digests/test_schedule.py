"""When digests fall due (pure: no server)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from parta.digests.schedule import Frequency, next_run

MOSCOW = ZoneInfo("Europe/Moscow")  # UTC+3, no daylight saving
BERLIN = ZoneInfo("Europe/Berlin")


def utc(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "frequency", "tz", "expected"),
    [
        # Wednesday 2026-10-07, 12:00 UTC = 15:00 in Moscow: today at 18:00 Moscow.
        (utc(2026, 10, 7, 12), "daily", MOSCOW, utc(2026, 10, 7, 15)),
        # Exactly at 18:00: the next one is tomorrow.
        (utc(2026, 10, 7, 15), "daily", MOSCOW, utc(2026, 10, 8, 15)),
        (utc(2026, 10, 7, 20), "daily", MOSCOW, utc(2026, 10, 8, 15)),
        # Weekly: Sunday 2026-10-11 at 18:00 Moscow.
        (utc(2026, 10, 7, 12), "weekly", MOSCOW, utc(2026, 10, 11, 15)),
        (utc(2026, 10, 11, 15), "weekly", MOSCOW, utc(2026, 10, 18, 15)),
        # Daylight saving time ends in Berlin on 2026-10-25: 18:00 is 16:00 UTC before, 17:00
        # after.
        (utc(2026, 10, 24, 17), "daily", BERLIN, utc(2026, 10, 25, 17)),
        (utc(2026, 10, 20, 12), "weekly", BERLIN, utc(2026, 10, 25, 17)),
        (utc(2026, 10, 7, 12), "off", MOSCOW, None),
    ],
)
def test_next_run(
    after: datetime, frequency: Frequency, tz: ZoneInfo, expected: datetime | None
) -> None:
    assert next_run(after, frequency, tz) == expected
