"""Helpers of the safety tests: the organisation's rules, moving the clock to a local time."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from parta.kit.clock import clock, utcnow
from tests.harness import Api

MOSCOW = ZoneInfo("Europe/Moscow")  # the organisations' default zone


def rules(admin: Api, org_id: str, **parts: dict[str, Any]) -> dict[str, Any]:
    r = admin.patch(f"/orgs/{org_id}/safety/settings", json=parts)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def to_local(hour: int, minute: int = 0, *, weekday: int | None = None) -> datetime:
    """Move the test clock forward to the next HH:MM in Moscow (on an ISO weekday if
    given); returns that moment."""
    now = utcnow().astimezone(MOSCOW)
    day = now.date()
    while True:
        target = datetime.combine(day, time(hour, minute), tzinfo=MOSCOW)
        if target > now + timedelta(seconds=5) and (
            weekday is None or target.isoweekday() == weekday
        ):
            break
        day += timedelta(days=1)
    clock.advance((target - now).total_seconds())
    return target


def quiet_on(admin: Api, org_id: str, **extra: Any) -> dict[str, Any]:
    """Quiet hours 19:00-08:00, no days off (so tests do not depend on the weekday)."""
    hours = {"enabled": True, "start": "19:00", "end": "08:00", "days_off": [], **extra}
    return rules(admin, org_id, quiet_hours=hours)
