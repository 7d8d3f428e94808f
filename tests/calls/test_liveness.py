"""A device that vanishes from a call leaves it after the grace period; one that comes back
in time keeps its place."""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.calls.liveness import GRACE, sweep
from parta.kit.clock import clock
from parta.models import CallParticipant
from tests.chats.helpers import make_school, open_direct, token_of
from tests.harness import LiveServer
from tests.realtime.client import EventClient


def _marked(server: LiveServer, call_id: str, account_id: str) -> bool:
    async def _go(db: AsyncSession) -> bool:
        stmt = sa.select(CallParticipant.disconnected_at).where(
            CallParticipant.call_id == call_id, CallParticipant.account_id == account_id
        )
        return (await db.execute(stmt)).scalar() is not None

    return server.db(_go)


def _wait(pred: Any, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


def test_a_vanished_device_leaves_and_a_returning_one_stays(server: LiveServer) -> None:
    s = make_school(server)
    teacher, parent = s.teacher.client(server), s.parents[0].client(server)
    chat_id = open_direct(teacher, s.org.id, s.parents[0]).json()["id"]
    ws_t = EventClient(server.url, token_of(teacher))
    call = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={}).json()["call"]
    parent.post(f"/orgs/{s.org.id}/calls/{call['id']}/join")
    try:
        # The parent's device drops and comes back within the grace period: still in.
        ws_p = EventClient(server.url, token_of(parent))
        ws_p.close()
        _wait(lambda: _marked(server, call["id"], s.parents[0].account_id))
        clock.advance(seconds=GRACE.total_seconds() / 2)
        ws_p = EventClient(server.url, token_of(parent))
        _wait(lambda: not _marked(server, call["id"], s.parents[0].account_id))
        clock.advance(seconds=GRACE.total_seconds())
        assert server.db(sweep) == 0
        assert teacher.get(f"/orgs/{s.org.id}/calls/{call['id']}").json()["ended_at"] is None

        # Gone for good: after the grace period the parent has left, which ends a direct call.
        ws_p.close()
        _wait(lambda: _marked(server, call["id"], s.parents[0].account_id))
        clock.advance(seconds=GRACE.total_seconds() + 1)
        assert server.db(sweep) == 1
        ended = teacher.get(f"/orgs/{s.org.id}/calls/{call['id']}").json()
        assert ended["ended_at"] is not None and ended["end_reason"] == "completed"
        ev = ws_t.wait_for(lambda e: e["type"] == "call.ended")
        assert ev["data"]["call"]["id"] == call["id"]
    finally:
        ws_t.close()
