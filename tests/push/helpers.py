"""Turning pushes on, running the push worker as the app does, reading what arrived."""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.kit.clock import clock
from parta.models import PushJob
from parta.push.queue import COALESCE_SECONDS
from tests.harness import Api, LiveServer
from tests.push.receiver import Device, PushReceiver, check_vapid


def subscribe(api: Api, device: Device) -> dict[str, Any]:
    r = api.put("/me/push/subscriptions", json=device.subscription())
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def public_key(api: Api) -> str:
    r = api.get("/push/vapid-key")
    assert r.status_code == 200, r.text
    return str(r.json()["public_key"])


def pending(server: LiveServer) -> int:
    async def _count(db: AsyncSession) -> int:
        return int((await db.execute(sa.select(sa.func.count()).select_from(PushJob))).scalar_one())

    return server.db(_count)


def run_pushes(server: LiveServer, timeout: float = 15.0) -> None:
    """Let the coalescing wait pass and send everything queued. The app's own worker may
    take some of it first: either way this returns once every job has been sent."""
    clock.advance(COALESCE_SECONDS + 1)
    deadline = time.monotonic() + timeout
    while pending(server):
        assert time.monotonic() < deadline, "pushes still queued"
        server.run(server.app.state.push_worker.step())
        time.sleep(0.02)


def payloads(
    receiver: PushReceiver, device: Device, key: str, count: int | None = None
) -> list[dict[str, Any]]:
    """Every push the device got, checked (VAPID, encoding) and decrypted."""
    got = receiver.wait_for(device, count or 1) if count else receiver.received(device)
    out = []
    for r in got:
        assert r.headers["content-encoding"] == "aes128gcm"
        assert r.headers["content-type"] == "application/octet-stream"
        check_vapid(r.headers, key, device.endpoint)
        out.append(device.decrypt(r.body))
    return out
