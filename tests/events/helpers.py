"""Events in a small school: the organiser's calls and time helpers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from parta.events.reminders import send_due_reminders
from parta.kit.clock import utcnow
from tests.harness import Api, LiveServer


def at(hours: float) -> str:
    """An ISO time `hours` from the (test) clock's now, with an offset."""
    return (utcnow() + timedelta(hours=hours)).isoformat()


def create(api: Api, org_id: str, **fields: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "scope": "org",
        "kind": "other",
        "title": "Событие",
        "starts_at": at(48),
        "ends_at": at(49),
    }
    body.update(fields)
    return api.post(f"/orgs/{org_id}/events", json=body)


def made(api: Api, org_id: str, **fields: Any) -> dict[str, Any]:
    r = create(api, org_id, **fields)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def rsvp(api: Api, org_id: str, event_id: str, answer: str) -> httpx.Response:
    return api.put(f"/orgs/{org_id}/events/{event_id}/rsvp", json={"answer": answer})


def answered(api: Api, org_id: str, event_id: str, answer: str) -> dict[str, Any]:
    r = rsvp(api, org_id, event_id, answer)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def calendar(api: Api, org_id: str, **params: Any) -> list[dict[str, Any]]:
    now = utcnow()
    query: dict[str, Any] = {
        "from": (now - timedelta(days=1)).isoformat(),
        "to": (now + timedelta(days=30)).isoformat(),
    }
    query.update(params)
    r = api.get(f"/orgs/{org_id}/events", params=query)
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()
    return data


def ids(events: list[dict[str, Any]]) -> set[str]:
    return {e["id"] for e in events}


def run_reminders(server: LiveServer) -> int:
    """One run of the reminder job, as the periodic task would do it."""
    return server.run(send_due_reminders(server.app.state.sessionmaker))


def utc(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def class_event_with_call(
    api: Api,
    org_id: str,
    class_id: str,
    *,
    kind: str = "parent_meeting",
    title: str = "Родительское собрание",
    **plan: Any,
) -> dict[str, Any]:
    """A class event with an online meeting planned (`plan`: the call plan's fields)."""
    return made(
        api,
        org_id,
        scope="class",
        class_id=class_id,
        kind=kind,
        title=title,
        call={"mode": "group", **plan},
    )
