"""Channels in a small school: the organisation's channel, posts, comments, scheduling."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from parta.channels.scheduled import publish_due
from parta.kit.clock import utcnow
from tests.chats.helpers import School
from tests.harness import Api, LiveServer


def org_channel(s: School, api: Api) -> str:
    """The organisation's own channel, as this person's chat list has it."""
    return str(s.chat_of_kind(api, "channel")["id"])


def base(org_id: str, chat_id: str) -> str:
    return f"/orgs/{org_id}/channels/{chat_id}"


def post(
    api: Api, org_id: str, chat_id: str, body: str = "Новость", **extra: Any
) -> httpx.Response:
    payload: dict[str, Any] = {"client_id": str(uuid.uuid4()), "body": body}
    payload.update(extra)
    return api.post(f"{base(org_id, chat_id)}/posts", json=payload)


def posted(
    api: Api, org_id: str, chat_id: str, body: str = "Новость", **extra: Any
) -> dict[str, Any]:
    r = post(api, org_id, chat_id, body, **extra)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def set_comments(api: Api, org_id: str, chat_id: str, on: bool) -> None:
    r = api.patch(base(org_id, chat_id), json={"comments": on})
    assert r.status_code == 200, r.text
    assert r.json()["comments"] is on


def comment(
    api: Api,
    org_id: str,
    chat_id: str,
    post_id: str,
    body: str = "Спасибо!",
    client_id: str | None = None,
) -> httpx.Response:
    return api.post(
        f"{base(org_id, chat_id)}/posts/{post_id}/comments",
        json={"client_id": client_id or str(uuid.uuid4()), "body": body},
    )


def commented(
    api: Api, org_id: str, chat_id: str, post_id: str, body: str = "Спасибо!"
) -> dict[str, Any]:
    r = comment(api, org_id, chat_id, post_id, body)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def comments_of(api: Api, org_id: str, chat_id: str, post_id: str) -> dict[str, Any]:
    r = api.get(f"{base(org_id, chat_id)}/posts/{post_id}/comments")
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def view(api: Api, org_id: str, chat_id: str, *ids: str) -> list[dict[str, Any]]:
    r = api.post(f"{base(org_id, chat_id)}/views", json={"message_ids": list(ids)})
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()
    return data


def stats(api: Api, org_id: str, chat_id: str, *ids: str) -> list[dict[str, Any]]:
    r = api.get(f"{base(org_id, chat_id)}/stats", params={"ids": list(ids)})
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()
    return data


def in_minutes(minutes: float) -> str:
    return (utcnow() + timedelta(minutes=minutes)).isoformat()


def schedule(
    api: Api, org_id: str, chat_id: str, minutes: float = 60, **extra: Any
) -> httpx.Response:
    payload: dict[str, Any] = {"body": "Завтра линейка", "publish_at": in_minutes(minutes)}
    payload.update(extra)
    return api.post(f"{base(org_id, chat_id)}/scheduled", json=payload)


def scheduled(
    api: Api, org_id: str, chat_id: str, minutes: float = 60, **extra: Any
) -> dict[str, Any]:
    r = schedule(api, org_id, chat_id, minutes, **extra)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def run_scheduler(server: LiveServer) -> int:
    """One run of the publishing job, as the periodic task would do it."""
    return server.run(publish_due(server.app.state.sessionmaker))


def history(api: Api, org_id: str, chat_id: str) -> list[dict[str, Any]]:
    r = api.get(f"/orgs/{org_id}/chats/{chat_id}/messages")
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()["messages"]
    return data


def code(r: httpx.Response) -> str:
    return str(r.json()["error"]["code"])
