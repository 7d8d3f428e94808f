"""Homework collection in a small school: post a task, upload files, hand in."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx

from parta.kit.clock import utcnow
from tests.harness import Api, LiveServer


def in_hours(hours: float) -> str:
    return (utcnow() + timedelta(hours=hours)).isoformat()


def try_create(api: Api, org_id: str, chat_id: str, **extra: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "title": "Сочинение «Как я провёл лето»",
        "body": "Не меньше двух страниц.",
        "deadline": None,
    }
    body.update(extra)
    return api.post(f"/orgs/{org_id}/chats/{chat_id}/assignments", json=body)


def create(api: Api, org_id: str, chat_id: str, **extra: Any) -> dict[str, Any]:
    """The assignment message (MessageOut) just posted."""
    r = try_create(api, org_id, chat_id, **extra)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    assert data["kind"] == "assignment" and data["assignment"] is not None
    return data


def upload(api: Api, org_id: str, chat_id: str, name: str, content: bytes) -> dict[str, Any]:
    """A pending upload of mine in the chat (the real uploads endpoint)."""
    r = api.post(
        f"/orgs/{org_id}/chats/{chat_id}/uploads",
        files={"file": (name, content, "application/octet-stream")},
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def hand_in(
    api: Api, org_id: str, assignment_id: str, ids: list[str], comment: str = ""
) -> httpx.Response:
    return api.put(
        f"/orgs/{org_id}/assignments/{assignment_id}/submission",
        json={"comment": comment, "attachment_ids": ids},
    )


def handed_in(
    api: Api, org_id: str, assignment_id: str, ids: list[str], comment: str = ""
) -> dict[str, Any]:
    r = hand_in(api, org_id, assignment_id, ids, comment)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def submissions(api: Api, org_id: str, assignment_id: str) -> dict[str, Any]:
    r = api.get(f"/orgs/{org_id}/assignments/{assignment_id}/submissions")
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def download(server: LiveServer, api: Api, url: str) -> httpx.Response:
    """Follow a signed download address with this person's session."""
    return api.get(server.url + url)


def message_in_history(api: Api, org_id: str, chat_id: str, message_id: str) -> dict[str, Any]:
    r = api.get(f"/orgs/{org_id}/chats/{chat_id}/messages")
    assert r.status_code == 200, r.text
    message: dict[str, Any] = next(m for m in r.json()["messages"] if m["id"] == message_id)
    return message


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
