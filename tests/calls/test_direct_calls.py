"""Direct calls: ringing, answering, WebRTC signalling relayed between the two devices,
TURN credentials for members only, the call message in the history, attendance."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

import pytest

from parta.kit.clock import clock
from tests.builders import make_member, make_org
from tests.chats.helpers import School, make_school, open_direct, token_of
from tests.harness import Api, LiveServer
from tests.realtime.client import EventClient

TURN_SECRET = "turn-test-secret"


@pytest.fixture
def turn(server: LiveServer) -> Iterator[None]:
    s = server.settings
    s.turn_urls, s.turn_secret = ["turn:127.0.0.2:3478?transport=udp"], TURN_SECRET
    yield
    s.turn_urls, s.turn_secret = [], ""


def _direct(s: School, server: LiveServer) -> tuple[Api, Api, str]:
    teacher, parent = s.teacher.client(server), s.parents[0].client(server)
    r = open_direct(teacher, s.org.id, s.parents[0])
    assert r.status_code in (200, 201), r.text
    return teacher, parent, str(r.json()["id"])


def _start(api: Api, org_id: str, chat_id: str, **body: Any) -> dict[str, Any]:
    r = api.post(f"/orgs/{org_id}/chats/{chat_id}/calls", json={"media": "video", **body})
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def test_ring_answer_signal_and_hang_up(server: LiveServer, turn: None) -> None:
    s = make_school(server)
    teacher, parent, chat_id = _direct(s, server)
    ws_t = EventClient(server.url, token_of(teacher))
    ws_p = EventClient(server.url, token_of(parent))
    try:
        started = _start(teacher, s.org.id, chat_id)
        call = started["call"]
        assert call["mode"] == "direct" and call["ended_at"] is None
        states = {p["account_id"]: p["state"] for p in call["participants"]}
        assert states == {s.teacher.account_id: "joined", s.parents[0].account_id: "invited"}
        ring = ws_p.wait_for(lambda e: e["type"] == "call.ring")
        assert ring["data"]["call"]["id"] == call["id"]
        assert ring["data"]["from_name"] == s.teacher.name
        # The call shows in the history as a message of kind "call".
        new = ws_p.wait_for(lambda e: e["type"] == "message.new")
        assert new["data"]["kind"] == "call" and new["data"]["call"]["id"] == call["id"]

        # Before answering, the parent's device may not signal.
        ws_p.send(
            {
                "type": "call.signal",
                "call_id": call["id"],
                "to": s.teacher.account_id,
                "data": {"type": "offer", "sdp": "v=0"},
            }
        )
        err = ws_p.wait_for(lambda e: e["type"] == "error")
        assert err["data"]["code"] == "not_in_call"

        joined = parent.post(f"/orgs/{s.org.id}/calls/{call['id']}/join")
        assert joined.status_code == 200, joined.text
        assert joined.json()["session_id"] == ws_p.hello["data"]["session_id"]
        upd = ws_t.wait_for(
            lambda e: (
                e["type"] == "call.updated"
                and any(
                    p["state"] == "joined" and p["account_id"] == s.parents[0].account_id
                    for p in e["data"]["call"]["participants"]
                )
            )
        )
        assert upd["chat_id"] == chat_id

        offer = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.2\r\n" + "a=x\r\n" * 900}
        ws_t.send(
            {
                "type": "call.signal",
                "call_id": call["id"],
                "to": s.parents[0].account_id,
                "data": offer,
            }
        )
        got = ws_p.wait_for(lambda e: e["type"] == "call.signal")
        assert got["data"]["data"] == offer
        assert got["data"]["from"] == s.teacher.account_id
        assert got["data"]["from_session"] == ws_t.hello["data"]["session_id"]
        assert got["data"]["to_session"] == ws_p.hello["data"]["session_id"]
        ws_p.send(
            {
                "type": "call.signal",
                "call_id": call["id"],
                "to": s.teacher.account_id,
                "data": {"candidate": "candidate:1 1 udp 1 127.0.0.2 5000 typ host"},
            }
        )
        back = ws_t.wait_for(lambda e: e["type"] == "call.signal")
        assert back["data"]["data"]["candidate"].startswith("candidate:")

        clock.advance(seconds=90)
        left = parent.post(f"/orgs/{s.org.id}/calls/{call['id']}/leave")
        assert left.status_code == 200
        ended = left.json()
        assert ended["ended_at"] is not None and ended["end_reason"] == "completed"
        ev = ws_t.wait_for(lambda e: e["type"] == "call.ended")
        assert ev["data"]["message_id"] == new["data"]["id"] and isinstance(ev["seq"], int)
        # After the end nobody can signal any more.
        ws_t.send(
            {
                "type": "call.signal",
                "call_id": call["id"],
                "to": s.parents[0].account_id,
                "data": offer,
            }
        )
        assert ws_t.wait_for(lambda e: e["type"] == "error")["data"]["code"] == "not_in_call"
    finally:
        ws_t.close()
        ws_p.close()

    page = teacher.get(f"/orgs/{s.org.id}/chats/{chat_id}/messages").json()["messages"]
    msg = next(m for m in page if m["kind"] == "call")
    assert msg["call"]["end_reason"] == "completed"
    rows = teacher.get(f"/orgs/{s.org.id}/calls/{call['id']}/attendance").json()
    by_name = {r["name"]: r for r in rows}
    assert by_name[s.teacher.name]["seconds"] >= 90
    assert by_name[s.parents[0].name]["seconds"] >= 90
    csv = teacher.get(f"/orgs/{s.org.id}/calls/{call['id']}/attendance.csv")
    assert csv.status_code == 200 and csv.text.startswith("\ufeffname,")
    assert s.parents[0].name in csv.text


def test_turn_credentials_follow_corturns_shared_secret_scheme(
    server: LiveServer, turn: None
) -> None:
    s = make_school(server)
    teacher, _, chat_id = _direct(s, server)
    started = _start(teacher, s.org.id, chat_id)
    turn_server = next(i for i in started["ice_servers"] if i.get("username"))
    username = turn_server["username"]
    expires, account = username.split(":")
    assert account == s.teacher.account_id
    assert int(expires) > clock.now().timestamp() + 3000
    expected = base64.b64encode(
        hmac.new(TURN_SECRET.encode(), username.encode(), hashlib.sha1).digest()
    ).decode()
    assert turn_server["credential"] == expected
    assert turn_server["urls"] == ["turn:127.0.0.2:3478?transport=udp"]


def test_decline_and_cancel(server: LiveServer) -> None:
    s = make_school(server)
    teacher, parent, chat_id = _direct(s, server)
    call = _start(teacher, s.org.id, chat_id, media="audio")["call"]
    again = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={"media": "audio"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "call_running"
    assert again.json()["error"]["fields"]["call_id"] == call["id"]
    r = parent.post(f"/orgs/{s.org.id}/calls/{call['id']}/decline")
    assert r.status_code == 200 and r.json()["end_reason"] == "declined"
    assert parent.post(f"/orgs/{s.org.id}/calls/{call['id']}/join").json()["error"]["code"] == (
        "call_ended"
    )
    assert teacher.get(f"/orgs/{s.org.id}/chats/{chat_id}/call").json() is None
    # A new call can start; the caller hangs up before an answer: cancelled, parent missed.
    call2 = _start(teacher, s.org.id, chat_id)["call"]
    assert teacher.get(f"/orgs/{s.org.id}/chats/{chat_id}/call").json()["id"] == call2["id"]
    r = teacher.post(f"/orgs/{s.org.id}/calls/{call2['id']}/end")
    assert r.json()["end_reason"] == "cancelled"
    states = {p["account_id"]: p["state"] for p in r.json()["participants"]}
    assert states[s.parents[0].account_id] == "missed"


def test_only_members_see_calls_and_get_credentials(server: LiveServer, turn: None) -> None:
    s = make_school(server)
    teacher, _, chat_id = _direct(s, server)
    call = _start(teacher, s.org.id, chat_id)["call"]
    outsider = s.other_teacher.client(server)  # same organisation, not in the chat
    for path in (f"/calls/{call['id']}", f"/calls/{call['id']}/attendance"):
        assert outsider.get(f"/orgs/{s.org.id}{path}").status_code == 404
    for action in ("join", "leave", "end", "decline"):
        r = outsider.post(f"/orgs/{s.org.id}/calls/{call['id']}/{action}")
        assert r.status_code == 404, (action, r.text)
    assert outsider.get(f"/orgs/{s.org.id}/chats/{chat_id}/call").status_code == 404
    # A member of another organisation, through their own organisation's path too.
    other_org = make_org(server)
    stranger = make_member(server, other_org.id, "teacher").client(server)
    assert stranger.post(f"/orgs/{other_org.id}/calls/{call['id']}/join").status_code == 404
    assert stranger.post(f"/orgs/{s.org.id}/calls/{call['id']}/join").status_code in (403, 404)
    # The outsider's socket cannot signal into the call either.
    ws = EventClient(server.url, token_of(outsider))
    try:
        ws.send(
            {
                "type": "call.signal",
                "call_id": call["id"],
                "to": s.teacher.account_id,
                "data": {"type": "offer", "sdp": "v=0"},
            }
        )
        assert ws.wait_for(lambda e: e["type"] == "error")["data"]["code"] == "not_in_call"
        ws.send({"type": "call.signal", "call_id": "nope", "to": 5, "data": []})
        assert ws.wait_for(lambda e: e["type"] == "error")["data"]["code"] == "invalid"
    finally:
        ws.close()


def test_group_calls_explain_what_to_configure(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    r = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={"media": "video"})
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "group_calls_unavailable"
    assert "PARTA_JANUS_URL" in r.json()["error"]["message"]
    student = s.students[0].client(server)
    r = student.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={"lesson": True})
    assert r.status_code == 403 and r.json()["error"]["code"] == "lesson_not_allowed"
    bad = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={"media": "hologram"})
    assert bad.status_code == 422
