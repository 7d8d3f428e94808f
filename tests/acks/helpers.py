"""Important messages with confirmation in a small school."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.harness import Api


def send_important(api: Api, org_id: str, chat_id: str, body: str) -> httpx.Response:
    return api.post(
        f"/orgs/{org_id}/chats/{chat_id}/messages",
        json={"client_id": str(uuid.uuid4()), "body": body, "ack_required": True},
    )


def important(
    api: Api, org_id: str, chat_id: str, body: str = "Собрание в пятницу"
) -> dict[str, Any]:
    r = send_important(api, org_id, chat_id, body)
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    assert data["ack"] is not None
    return data


def base(org_id: str, message: dict[str, Any]) -> str:
    return f"/orgs/{org_id}/chats/{message['chat_id']}/messages/{message['id']}"


def confirm(api: Api, org_id: str, message: dict[str, Any]) -> httpx.Response:
    return api.post(f"{base(org_id, message)}/ack")


def report(api: Api, org_id: str, message: dict[str, Any]) -> dict[str, Any]:
    r = api.get(f"{base(org_id, message)}/acks")
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def remind(api: Api, org_id: str, message: dict[str, Any]) -> httpx.Response:
    return api.post(f"{base(org_id, message)}/acks/remind")


def ack_in_history(api: Api, org_id: str, message: dict[str, Any]) -> dict[str, Any]:
    r = api.get(f"/orgs/{org_id}/chats/{message['chat_id']}/messages")
    assert r.status_code == 200, r.text
    found: dict[str, Any] = next(m for m in r.json()["messages"] if m["id"] == message["id"])
    return dict(found["ack"])


SLIP_FIELDS = ("question", "deadline", "my_answer", "my_comment", "answered_by", "yes", "no")


def plain_ack(ack: dict[str, Any]) -> dict[str, Any]:
    """A plain confirmation's AckOut: its permission-slip fields are all empty."""
    assert all(ack[k] is None for k in SLIP_FIELDS), ack
    return {k: v for k, v in ack.items() if k not in SLIP_FIELDS}
