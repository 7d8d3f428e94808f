"""Sending messages and searching them through the HTTP API."""

from __future__ import annotations

import re
import uuid
from typing import Any

from tests.harness import Api

TAG = re.compile(r"<[^>]*>")


def send(api: Api, org_id: str, chat_id: str, body: str) -> dict[str, Any]:
    r = api.post(
        f"/orgs/{org_id}/chats/{chat_id}/messages",
        json={"client_id": str(uuid.uuid4()), "body": body},
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def search(api: Api, org_id: str, q: str, **params: Any) -> dict[str, Any]:
    r = api.get(f"/orgs/{org_id}/search", params={"q": q, **params})
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def found_ids(api: Api, org_id: str, q: str, **params: Any) -> list[str]:
    """Ids of every hit (following the cursor), newest first."""
    ids: list[str] = []
    cursor = None
    while True:
        extra = {**params, **({"cursor": cursor} if cursor else {})}
        page = search(api, org_id, q, **extra)
        ids += [hit["message_id"] for hit in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return ids


def only_marks(snippet: str) -> bool:
    """True when the snippet's only markup is <mark> and </mark>."""
    return all(tag in ("<mark>", "</mark>") for tag in TAG.findall(snippet))
