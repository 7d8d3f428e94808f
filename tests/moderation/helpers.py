"""Moderation over HTTP, as the web client calls it."""

from __future__ import annotations

import json
from typing import Any

import httpx
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import AuditEvent
from tests.chats.helpers import post
from tests.harness import Api, LiveServer


def said(api: Api, org_id: str, chat_id: str, body: str) -> dict[str, Any]:
    r = post(api, org_id, chat_id, body)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def report_message(
    api: Api, org_id: str, chat_id: str, message_id: str, reason: str = "bullying", **kw: str
) -> httpx.Response:
    body = {"kind": "message", "reason": reason, "chat_id": chat_id, "message_id": message_id}
    return api.post(f"/orgs/{org_id}/moderation/reports", json=body | kw)


def reported(api: Api, org_id: str, chat_id: str, message_id: str, **kw: str) -> dict[str, Any]:
    r = report_message(api, org_id, chat_id, message_id, **kw)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def report_person(api: Api, org_id: str, account_id: str, reason: str = "other") -> httpx.Response:
    body = {
        "kind": "person",
        "reason": reason,
        "account_id": account_id,
        "comment": "Пишет гадости",
    }
    return api.post(f"/orgs/{org_id}/moderation/reports", json=body)


def report(api: Api, org_id: str, report_id: str) -> httpx.Response:
    return api.get(f"/orgs/{org_id}/moderation/reports/{report_id}")


def queue(api: Api, org_id: str, status: str | None = None) -> dict[str, Any]:
    params = {"status": status} if status else {}
    r = api.get(f"/orgs/{org_id}/moderation/reports", params=params)
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def queue_ids(api: Api, org_id: str) -> list[str]:
    return [i["id"] for i in queue(api, org_id)["items"]]


def act(api: Api, org_id: str, report_id: str, action: str, **kw: Any) -> httpx.Response:
    return api.post(
        f"/orgs/{org_id}/moderation/reports/{report_id}/actions", json={"action": action, **kw}
    )


def close(api: Api, org_id: str, report_id: str, **kw: str) -> httpx.Response:
    return api.post(f"/orgs/{org_id}/moderation/reports/{report_id}/close", json=kw)


def designate(api: Api, org_id: str, **body: Any) -> dict[str, Any]:
    r = api.put(f"/orgs/{org_id}/moderation/settings", json=body)
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def code(r: httpx.Response) -> str:
    return str(r.json()["error"]["code"])


def audit_rows(server: LiveServer, org_id: str | None, action_prefix: str) -> list[AuditEvent]:
    async def _rows(db: AsyncSession) -> list[AuditEvent]:
        stmt = sa.select(AuditEvent).where(AuditEvent.action.startswith(action_prefix))
        stmt = stmt.where(
            AuditEvent.org_id.is_(None) if org_id is None else AuditEvent.org_id == org_id
        )
        return list((await db.execute(stmt.order_by(AuditEvent.id))).scalars())

    return server.db(_rows)


def text_of(r: httpx.Response) -> str:
    """A response's body as text (its JSON re-encoded without escapes, so Cyrillic is
    searchable)."""
    try:
        return json.dumps(r.json(), ensure_ascii=False)
    except ValueError:
        return r.text
