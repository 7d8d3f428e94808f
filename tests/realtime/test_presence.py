"""Presence on a live server with real sockets: who hears about whom, hidden students,
coalesced flapping, and the query endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Org
from tests.builders import make_org
from tests.chats.helpers import make_school
from tests.harness import Api, LiveServer
from tests.realtime.client import Event, EventClient


@pytest.fixture
def fast_presence(server: LiveServer) -> Iterator[Any]:
    """Settle presence every 50 ms with a short grace, so tests need not wait seconds."""
    tracker = server.app.state.realtime.presence
    saved = tracker.flush_interval, tracker.grace
    tracker.flush_interval, tracker.grace = 0.05, 0.4
    yield tracker
    tracker.flush_interval, tracker.grace = saved


def token_of(api: Api) -> str:
    return str(api.headers["Authorization"]).split(" ", 1)[1]


def about(account_id: str, status: str | None = None) -> Any:
    def pred(e: Event) -> bool:
        if e["type"] != "presence":
            return False
        return any(
            p["account_id"] == account_id and (status is None or p["status"] == status)
            for p in e["data"]["people"]
        )

    return pred


def presence(api: Api, org_id: str, *ids: str) -> dict[str, dict[str, Any]]:
    r = api.get(f"/orgs/{org_id}/presence", params={"ids": ",".join(ids)})
    assert r.status_code == 200, r.text
    return {p["account_id"]: p for p in r.json()["people"]}


def show_students(server: LiveServer, org_id: str, on: bool) -> None:
    async def _set(db: AsyncSession) -> None:
        org = await db.get(Org, org_id)
        assert org is not None
        org.settings = {**org.settings, "show_student_presence": on}

    server.db(_set)


def test_staff_presence_reaches_chat_peers_and_last_seen_is_kept(
    server: LiveServer, fast_presence: Any
) -> None:
    s = make_school(server)
    teacher, parent = s.teacher.client(server), s.parents[0].client(server)
    outsider = s.other_student.client(server)  # shares only the school channel
    tid = s.teacher.account_id
    assert presence(parent, s.org.id, tid)[tid]["status"] == "offline"
    listener = EventClient(server.url, token_of(parent))
    far = EventClient(server.url, token_of(outsider))
    ws = EventClient(server.url, token_of(teacher))
    ev = listener.wait_for(about(tid, "online"))
    assert ev["data"]["people"][0]["last_seen_at"] is None
    assert presence(parent, s.org.id, tid)[tid] == {
        "account_id": tid,
        "status": "online",
        "last_seen_at": None,
    }
    ws.close()
    ev = listener.wait_for(about(tid, "offline"))
    change = next(p for p in ev["data"]["people"] if p["account_id"] == tid)
    assert change["last_seen_at"]
    got = presence(parent, s.org.id, tid)[tid]
    assert got["status"] == "offline"
    assert got["last_seen_at"][:19] == change["last_seen_at"][:19]
    # A channel is a broadcast, not a conversation: its members hear nothing.
    assert not any(about(tid)(e) for e in far.drain(0.3))
    listener.close()
    far.close()


def test_students_are_hidden_unless_the_org_shows_them(
    server: LiveServer, fast_presence: Any
) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    classmate = s.students[1].client(server)
    sid = s.students[0].account_id
    listener = EventClient(server.url, token_of(teacher))
    kid = EventClient(server.url, token_of(student))
    # The student hears the teacher, but nobody hears the student.
    kid_events = EventClient(server.url, token_of(classmate))
    assert not any(about(sid)(e) for e in listener.drain(0.5))
    assert not any(about(sid)(e) for e in kid_events.drain(0.1))
    for asker in (teacher, classmate, s.org.admin.client(server)):
        assert presence(asker, s.org.id, sid)[sid] == {
            "account_id": sid,
            "status": "unknown",
            "last_seen_at": None,
        }
    # One's own presence is no secret to oneself.
    assert presence(student, s.org.id, sid)[sid]["status"] == "online"
    kid.close()
    assert not any(about(sid)(e) for e in listener.drain(0.8))
    assert presence(teacher, s.org.id, sid)[sid]["status"] == "unknown"

    show_students(server, s.org.id, True)
    kid = EventClient(server.url, token_of(student))
    listener.wait_for(about(sid, "online"))
    assert presence(teacher, s.org.id, sid)[sid]["status"] == "online"
    kid.close()
    listener.wait_for(about(sid, "offline"))
    got = presence(teacher, s.org.id, sid)[sid]
    assert got["status"] == "offline" and got["last_seen_at"]
    for c in (listener, kid_events):
        c.close()


def test_a_reload_does_not_flap(server: LiveServer, fast_presence: Any) -> None:
    fast_presence.grace = 2.0
    s = make_school(server)
    teacher, parent = s.teacher.client(server), s.parents[0].client(server)
    tid = s.teacher.account_id
    listener = EventClient(server.url, token_of(parent))
    first = EventClient(server.url, token_of(teacher))
    listener.wait_for(about(tid, "online"))
    second = EventClient(server.url, token_of(teacher))  # a second device: no news
    first.close()  # one device left: still online
    second.close()
    again = EventClient(server.url, token_of(teacher))  # a reload within the grace period
    news = [e for e in listener.drain(1.0) if about(tid)(e)]
    assert news == [], news
    assert presence(parent, s.org.id, tid)[tid]["status"] == "online"
    again.close()
    listener.close()


def test_presence_query_is_scoped_to_the_organisation(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    other = make_org(server)
    stranger = other.admin
    unknown = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
    got = presence(teacher, s.org.id, stranger.account_id, unknown, s.parents[0].account_id)
    assert got[stranger.account_id]["status"] == "unknown"
    assert got[unknown]["status"] == "unknown"
    assert got[s.parents[0].account_id]["status"] == "offline"
    # Asking inside an organisation one does not belong to reveals nothing.
    r = stranger.client(server).get(
        f"/orgs/{s.org.id}/presence", params={"ids": s.teacher.account_id}
    )
    assert r.status_code == 404
    url = f"/orgs/{s.org.id}/presence"
    for bad in ("", "not-an-id", ",".join([unknown] * 201), "x" * 7000):
        r = teacher.get(url, params={"ids": bad})
        assert r.status_code == 422, (bad[:20], r.text)
        assert r.json()["error"]["code"] == "invalid"
    assert teacher.get(url).status_code == 422
    assert Api(server.url).get(url, params={"ids": unknown}).status_code == 401
