"""Polls in a small school: create one, vote, read it back from history."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from parta.kit.clock import utcnow
from tests.chats.helpers import School
from tests.harness import Api


def poll_body(question: str = "Когда собрание?", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "question": question,
        "options": ["В пятницу", "В субботу"],
    }
    body.update(extra)
    return body


def try_create(api: Api, org_id: str, chat_id: str, **extra: Any) -> httpx.Response:
    return api.post(f"/orgs/{org_id}/chats/{chat_id}/polls", json=poll_body(**extra))


def create(api: Api, org_id: str, chat_id: str, **extra: Any) -> dict[str, Any]:
    """The poll message (MessageOut) just created."""
    r = try_create(api, org_id, chat_id, **extra)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    assert data["kind"] == "poll" and data["poll"] is not None
    return data


def vote(api: Api, org_id: str, poll_id: str, *option_ids: str) -> httpx.Response:
    return api.put(f"/orgs/{org_id}/polls/{poll_id}/vote", json={"option_ids": list(option_ids)})


def voted(api: Api, org_id: str, poll_id: str, *option_ids: str) -> dict[str, Any]:
    r = vote(api, org_id, poll_id, *option_ids)
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def poll_in_history(api: Api, org_id: str, chat_id: str, message_id: str) -> dict[str, Any]:
    """The message as this person sees it in the chat's history."""
    r = api.get(f"/orgs/{org_id}/chats/{chat_id}/messages")
    assert r.status_code == 200, r.text
    message: dict[str, Any] = next(m for m in r.json()["messages"] if m["id"] == message_id)
    return message


def chat_id_of(s: School, api: Api, kind: str) -> str:
    return str(s.chat_of_kind(api, kind)["id"])


def in_future(seconds: float) -> str:
    return (utcnow() + timedelta(seconds=seconds)).isoformat()


def in_past(seconds: float) -> str:
    return (utcnow() - timedelta(seconds=seconds)).isoformat()


def counts(poll: dict[str, Any]) -> list[int]:
    return [o["votes"] for o in poll["options"]]


def mine(poll: dict[str, Any]) -> list[bool]:
    return [o["mine"] for o in poll["options"]]


def code(r: httpx.Response) -> str:
    return str(r.json()["error"]["code"])
