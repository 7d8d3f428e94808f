"""Group calls and lessons through a real Janus: rooms, negotiation relayed by Parta over the
event socket, and the teacher's controls enforced by the server (not by the browser).

Media does not flow here (loopback ICE is skipped by Janus, see shared/notes/calls.md);
these tests prove the signalling and the rules. Browser tests in a network namespace prove
media."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Call
from tests.calls.janus_server import JanusUnderTest, janus_for, running_janus
from tests.calls.peers import Peers
from tests.chats.helpers import School, make_school, token_of
from tests.harness import Api, LiveServer
from tests.netns import namespace
from tests.realtime.client import EventClient

pytest.importorskip("aiortc")


@pytest.fixture(scope="module")
def ns() -> Iterator[str]:
    with namespace() as name:
        yield name


@pytest.fixture(scope="module")
def janus(tmp_path_factory: pytest.TempPathFactory, ns: str) -> Iterator[JanusUnderTest]:
    with running_janus(tmp_path_factory.mktemp("janus"), netns=ns, ice_enforce_list="pa0") as j:
        yield j


@pytest.fixture(scope="module")
def peers(ns: str) -> Iterator[Peers]:
    p = Peers(netns=ns)
    yield p
    p.close()


@pytest.fixture
def on_janus(server: LiveServer, janus: Any) -> Iterator[None]:
    with janus_for(server, janus):
        yield


def _media(ws: EventClient, op: str, timeout: float = 15) -> dict[str, Any]:
    ev = ws.wait_for(
        lambda e: e["type"] == "call.media" and e["data"]["op"] in (op, "error"), timeout
    )
    data: dict[str, Any] = ev["data"]
    assert data["op"] == op, data
    return data


def _error(ws: EventClient) -> dict[str, Any]:
    data: dict[str, Any] = ws.wait_for(
        lambda e: e["type"] == "call.media" and e["data"]["op"] == "error"
    )["data"]
    return data


def _feeds_with(ws: EventClient, account_id: str) -> list[dict[str, Any]]:
    ev = ws.wait_for(
        lambda e: (
            e["type"] == "call.media"
            and e["data"]["op"] == "feeds"
            and any(f["account_id"] == account_id for f in e["data"]["feeds"])
        ),
        25,
    )
    feeds: list[dict[str, Any]] = ev["data"]["feeds"]
    return feeds


def _class_chat(s: School, api: Api) -> str:
    return str(s.chat_of_kind(api, "class")["id"])


def _room_of(server: LiveServer, call_id: str) -> int | None:
    async def _go(db: AsyncSession) -> int | None:
        return (await db.execute(sa.select(Call.janus_room).where(Call.id == call_id))).scalar()

    return server.db(_go)


def test_group_call_publish_and_subscribe(
    server: LiveServer, on_janus: None, peers: Peers, janus: Any
) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = _class_chat(s, teacher)
    ws_t, ws_s = (
        EventClient(server.url, token_of(teacher)),
        EventClient(server.url, token_of(student)),
    )
    try:
        r = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={"media": "video"})
        assert r.status_code == 201, r.text
        call = r.json()["call"]
        assert call["mode"] == "group"
        assert "janus" not in r.text  # the room and its secret stay on the server
        ev = ws_s.wait_for(lambda e: e["type"] == "call.updated")
        assert ev["data"]["call"]["id"] == call["id"]

        ws_t.send({"type": "call.media", "call_id": call["id"], "op": "enter"})
        assert _media(ws_t, "entered")["feed"]
        assert _media(ws_t, "feeds")["feeds"] == []
        pc, offer = peers.offer()
        ws_t.send(
            {
                "type": "call.media",
                "call_id": call["id"],
                "op": "publish",
                "source": "camera",
                "jsep": offer,
            }
        )
        answer = _media(ws_t, "answer")
        assert answer["jsep"]["type"] == "answer"
        peers.accept(pc, answer["jsep"])

        # The student may not touch the room before joining the call.
        ws_s.send({"type": "call.media", "call_id": call["id"], "op": "enter"})
        assert _error(ws_s)["code"] == "not_in_call"
        assert student.post(f"/orgs/{s.org.id}/calls/{call['id']}/join").status_code == 200
        ws_s.send({"type": "call.media", "call_id": call["id"], "op": "enter"})
        _media(ws_s, "entered")
        # The teacher's feed is listed once its connection to Janus is up.
        feeds = _feeds_with(ws_s, s.teacher.account_id)
        assert [f["account_id"] for f in feeds] == [s.teacher.account_id]
        assert {st["type"] for st in feeds[0]["streams"]} == {"audio", "video"}
        ws_s.send(
            {
                "type": "call.media",
                "call_id": call["id"],
                "op": "subscribe",
                "streams": [{"feed": feeds[0]["feed"]}],
            }
        )
        offer2 = _media(ws_s, "offer")
        assert len(offer2["streams"]) == 2
        _, ans = peers.answer(offer2["jsep"])
        ws_s.send({"type": "call.media", "call_id": call["id"], "op": "start", "jsep": ans})
        # Media flows: the student's peer decodes the teacher's video through Janus.
        deadline = time.monotonic() + 20
        while peers.frames.get("video", 0) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert peers.frames.get("video", 0) >= 3, peers.frames
        # Unknown feeds and bad frames are refused with a reason, nothing breaks.
        ws_s.send(
            {
                "type": "call.media",
                "call_id": call["id"],
                "op": "subscribe",
                "streams": [{"feed": 12345}],
            }
        )
        assert _error(ws_s)["code"] == "no_such_feed"
        ws_s.send(
            {
                "type": "call.media",
                "call_id": call["id"],
                "op": "publish",
                "source": "screen",
                "jsep": offer,
            }
        )
        # In a group call everyone may share the screen: a second feed of the student's.
        assert _media(ws_s, "answer")["source"] == "screen"

        # The student publishes too: the teacher's device hears of the new feed.
        pc_s, offer_s = peers.offer()
        ws_s.send(
            {
                "type": "call.media",
                "call_id": call["id"],
                "op": "publish",
                "source": "camera",
                "jsep": offer_s,
            }
        )
        peers.accept(pc_s, _media(ws_s, "answer")["jsep"])
        news = ws_t.wait_for(
            lambda e: (
                e["type"] == "call.media"
                and e["data"]["op"] == "feeds"
                and any(f["account_id"] == s.students[0].account_id for f in e["data"]["feeds"])
            )
        )
        assert news["data"]["call_id"] == call["id"]

        room = _room_of(server, call["id"])
        assert room is not None
        ended = teacher.post(f"/orgs/{s.org.id}/calls/{call['id']}/end")
        assert ended.status_code == 200 and ended.json()["ended_at"]
        hang = ws_s.wait_for(
            lambda e: e["type"] == "call.media" and e["data"]["op"] == "hangup", 15
        )
        assert hang["data"]["call_id"] == call["id"]
    finally:
        ws_t.close()
        ws_s.close()


def test_lesson_rules(server: LiveServer, on_janus: None, peers: Peers) -> None:
    s = make_school(server, students=3)
    teacher = s.teacher.client(server)
    a, b, c = (k.client(server) for k in s.students)
    chat_id = _class_chat(s, teacher)
    r = teacher.post(
        f"/orgs/{s.org.id}/chats/{chat_id}/calls",
        json={"lesson": True, "waiting_room": True, "cameras_teacher_only": True},
    )
    assert r.status_code == 201, r.text
    call = r.json()["call"]
    cid = call["id"]
    assert call["mode"] == "lesson" and call["settings"]["waiting_room"] is True
    base = f"/orgs/{s.org.id}/calls/{cid}"

    # Waiting room: students wait until admitted; waiting is not being in the room.
    assert a.post(f"{base}/join").json()["call"]["participants"][-1]["state"] == "waiting"
    ws_a = EventClient(server.url, token_of(a))
    ws_b = EventClient(server.url, token_of(b))
    try:
        ws_a.send({"type": "call.media", "call_id": cid, "op": "enter"})
        assert _error(ws_a)["code"] == "not_in_call"
        assert a.post(f"{base}/admit").status_code == 403  # students cannot admit
        r = teacher.post(f"{base}/participants/{s.students[0].account_id}/admit")
        states = {p["account_id"]: p["state"] for p in r.json()["participants"]}
        assert states[s.students[0].account_id] == "joined"
        b.post(f"{base}/join")
        teacher.post(f"{base}/admit")

        # Student A publishes; student B sees only A's sound (cameras for the teacher only).
        ws_a.send({"type": "call.media", "call_id": cid, "op": "enter"})
        _media(ws_a, "entered")
        pc, offer = peers.offer()
        ws_a.send(
            {
                "type": "call.media",
                "call_id": cid,
                "op": "publish",
                "source": "camera",
                "jsep": offer,
            }
        )
        peers.accept(pc, _media(ws_a, "answer")["jsep"])
        ws_b.send({"type": "call.media", "call_id": cid, "op": "enter"})
        _media(ws_b, "entered")
        feeds = _feeds_with(ws_b, s.students[0].account_id)
        a_feed = next(f for f in feeds if f["account_id"] == s.students[0].account_id)
        assert [st["type"] for st in a_feed["streams"]] == ["audio"]
        video_mid = "1" if a_feed["streams"][0]["mid"] == "0" else "0"
        ws_b.send(
            {
                "type": "call.media",
                "call_id": cid,
                "op": "subscribe",
                "streams": [{"feed": a_feed["feed"], "mid": video_mid}],
            }
        )
        assert _error(ws_b)["code"] == "stream_not_allowed"
        # Screen sharing needs the teacher's permission in a lesson.
        ws_a.send(
            {
                "type": "call.media",
                "call_id": cid,
                "op": "publish",
                "source": "screen",
                "jsep": offer,
            }
        )
        assert _error(ws_a)["code"] == "screen_not_allowed"

        # Mute: the state is the server's, students cannot lift it.
        sid = s.students[0].account_id
        r = teacher.post(f"{base}/participants/{sid}/mute", json={"muted": True})
        assert next(p for p in r.json()["participants"] if p["account_id"] == sid)["muted_by_host"]
        assert a.post(f"{base}/participants/{sid}/mute", json={"muted": False}).status_code == 403
        assert b.post(f"{base}/mute-all", json={"muted": True}).status_code == 403
        r = teacher.post(f"{base}/mute-all", json={"muted": True})
        assert all(p["muted_by_host"] for p in r.json()["participants"] if not p["host"])

        # Remove B: out, and cannot come back.
        r = teacher.post(f"{base}/participants/{s.students[1].account_id}/remove")
        assert r.status_code == 200
        assert ws_b.wait_for(lambda e: e["type"] == "call.removed")["data"]["call_id"] == cid
        again = b.post(f"{base}/join")
        assert again.status_code == 403 and again.json()["error"]["code"] == "removed_from_call"

        # Lock: nobody new gets in; hands and reactions work for those inside.
        teacher.patch(f"{base}/settings", json={"locked": True})
        late = c.post(f"{base}/join")
        assert late.status_code == 403 and late.json()["error"]["code"] == "lesson_locked"
        r = a.post(f"{base}/hand", json={"raised": True})
        assert next(p for p in r.json()["participants"] if p["account_id"] == sid)["hand_raised"]
        assert a.post(f"{base}/reactions", json={"emoji": "👏"}).status_code == 204
        assert a.post(f"{base}/reactions", json={"emoji": "💣"}).status_code == 422
        assert c.post(f"{base}/reactions", json={"emoji": "👏"}).status_code == 409

        rows = teacher.get(f"{base}/attendance").json()
        assert {r["account_id"] for r in rows} == {
            s.teacher.account_id,
            s.students[0].account_id,
            s.students[1].account_id,
        }
        assert a.get(f"{base}/attendance").status_code == 403
    finally:
        ws_a.close()
        ws_b.close()
        teacher.post(f"{base}/end")


def test_janus_down_gives_a_clear_503(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = _class_chat(s, teacher)
    server.settings.janus_url = "ws://127.0.0.1:9"  # nothing listens there
    try:
        r = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={"media": "audio"})
    finally:
        server.settings.janus_url = ""
    assert r.status_code == 503, r.text
    assert r.json()["error"]["code"] == "media_server_unavailable"
    assert teacher.get(f"/orgs/{s.org.id}/chats/{chat_id}/call").json() is None


def test_room_is_destroyed_when_the_call_ends(
    server: LiveServer, on_janus: None, janus: Any, tmp_path: Path
) -> None:
    import asyncio

    from parta.calls.janus import Janus

    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = _class_chat(s, teacher)
    call = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={}).json()["call"]
    room = _room_of(server, call["id"])

    async def exists() -> bool:
        j = Janus(janus.url, janus.setup.api_secret)
        try:
            handle = await j.attach()
            return bool((await handle.request({"request": "exists", "room": room}))["exists"])
        finally:
            await j.close()

    assert asyncio.run(exists()) is True
    teacher.post(f"/orgs/{s.org.id}/calls/{call['id']}/leave")  # the last one leaves: ends
    assert teacher.get(f"/orgs/{s.org.id}/calls/{call['id']}").json()["ended_at"]
    assert asyncio.run(exists()) is False


def test_janus_renegotiation_reaches_the_subscriber(
    server: LiveServer, on_janus: None, peers: Peers
) -> None:
    """When a feed someone watches goes away, Janus re-offers to the subscriber on its own;
    Parta passes that offer on, so the browser can answer it (without the answer Janus
    postpones every later subscription of that device)."""
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = _class_chat(s, teacher)
    ws_t = EventClient(server.url, token_of(teacher))
    ws_s = EventClient(server.url, token_of(student))
    try:
        call = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={}).json()["call"]
        cid = call["id"]
        ws_t.send({"type": "call.media", "call_id": cid, "op": "enter"})
        _media(ws_t, "entered")
        pc, offer = peers.offer()
        ws_t.send(
            {
                "type": "call.media",
                "call_id": cid,
                "op": "publish",
                "source": "camera",
                "jsep": offer,
            }
        )
        peers.accept(pc, _media(ws_t, "answer")["jsep"])
        assert student.post(f"/orgs/{s.org.id}/calls/{cid}/join").status_code == 200
        ws_s.send({"type": "call.media", "call_id": cid, "op": "enter"})
        _media(ws_s, "entered")
        feed = _feeds_with(ws_s, s.teacher.account_id)[0]["feed"]
        ws_s.send(
            {"type": "call.media", "call_id": cid, "op": "subscribe", "streams": [{"feed": feed}]}
        )
        _, answer = peers.answer(_media(ws_s, "offer")["jsep"])
        ws_s.send({"type": "call.media", "call_id": cid, "op": "start", "jsep": answer})

        ws_t.send({"type": "call.media", "call_id": cid, "op": "unpublish", "source": "camera"})
        again = _media(ws_s, "offer", 20)
        assert again["jsep"]["type"] == "offer"
        assert again["call_id"] == cid
    finally:
        ws_t.close()
        ws_s.close()
        teacher.post(f"/orgs/{s.org.id}/calls/{cid}/end")


def test_leave_then_rejoin_from_the_same_device(
    server: LiveServer, on_janus: None, peers: Peers
) -> None:
    """`exit` after leaving releases the device's room handles, so coming back from the same
    device (same session) enters and publishes again instead of "already a publisher"."""
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = _class_chat(s, teacher)
    ws_s = EventClient(server.url, token_of(student))
    cid = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={}).json()["call"]["id"]
    base = f"/orgs/{s.org.id}/calls/{cid}"
    try:
        for _ in range(2):
            assert student.post(f"{base}/join").status_code == 200
            ws_s.send({"type": "call.media", "call_id": cid, "op": "enter"})
            _media(ws_s, "entered")
            pc, offer = peers.offer()
            ws_s.send(
                {
                    "type": "call.media",
                    "call_id": cid,
                    "op": "publish",
                    "source": "camera",
                    "jsep": offer,
                }
            )
            peers.accept(pc, _media(ws_s, "answer")["jsep"])
            assert student.post(f"{base}/leave").status_code == 200
            ws_s.send({"type": "call.media", "call_id": cid, "op": "exit"})
    finally:
        ws_s.close()
        teacher.post(f"{base}/end")
