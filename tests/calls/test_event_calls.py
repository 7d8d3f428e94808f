"""Calls planned with events, the organisation-wide call link and guests by name, against a
real Janus: who may come in, who waits at the door, and who hears of what."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.builders import make_org
from tests.calls.janus_server import JanusUnderTest, janus_for, running_janus
from tests.chats.helpers import School, make_school, token_of
from tests.events.helpers import class_event_with_call
from tests.harness import Api, LiveServer
from tests.netns import namespace
from tests.realtime.client import EventClient


@pytest.fixture(scope="module")
def janus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JanusUnderTest]:
    with namespace() as ns, running_janus(tmp_path_factory.mktemp("janus"), netns=ns) as j:
        yield j


@pytest.fixture
def on_janus(server: LiveServer, janus: JanusUnderTest) -> Iterator[None]:
    with janus_for(server, janus):
        yield


def _state(call: dict[str, Any], account_id: str) -> tuple[str, str]:
    p = next(p for p in call["participants"] if p["account_id"] == account_id)
    return p["state"], p["via"]


def _updated_with(ws: EventClient, account_id: str, state: str) -> dict[str, Any]:
    ev = ws.wait_for(
        lambda e: (
            e["type"] == "call.updated"
            and any(
                p["account_id"] == account_id and p["state"] == state
                for p in e["data"]["call"]["participants"]
            )
        ),
        10,
    )
    call: dict[str, Any] = ev["data"]["call"]
    return call


def _media(ws: EventClient, call_id: str, op: str) -> dict[str, Any]:
    ws.send({"type": "call.media", "call_id": call_id, "op": "enter"})
    ev = ws.wait_for(lambda e: e["type"] == "call.media" and e["data"]["op"] in (op, "error"), 15)
    data: dict[str, Any] = ev["data"]
    return data


def _parent_meeting(s: School, teacher: Api, **plan: Any) -> dict[str, Any]:
    return class_event_with_call(teacher, s.org.id, s.cls.id, **plan)


def test_parent_meeting_call_with_a_guest(server: LiveServer, on_janus: None) -> None:
    s = make_school(server)
    teacher, parent = s.teacher.client(server), s.parents[0].client(server)
    student, stranger = s.students[0].client(server), s.other_student.client(server)
    event = _parent_meeting(s, teacher, guests=True)
    parents_chat = s.chat_of_kind(teacher, "class_parents")["id"]
    assert event["call_plan"]["chat_id"] == parents_chat  # the parents' chat, not the pupils'
    assert event["guest_url"].endswith("/guest/" + event["guest_url"].rsplit("/", 1)[1])
    code = event["guest_url"].rsplit("/", 1)[1]
    seen_by_parent = parent.get(f"/orgs/{s.org.id}/events/{event['id']}").json()
    assert seen_by_parent["call_plan"]["guests"] is True
    assert seen_by_parent["guest_url"] is None  # the link is the organiser's to hand out

    # Before the organiser opens it: nobody gets in, the guest page says so.
    r = parent.post(f"/orgs/{s.org.id}/events/{event['id']}/call")
    assert r.status_code == 409 and r.json()["error"]["code"] == "call_not_started", r.text
    with Api(server.url) as guest:
        assert guest.get(f"/guest/links/{code}").json()["running"] is False
        r = guest.post(f"/guest/links/{code}/join", json={"name": "Ирина Петровна"})
        assert r.status_code == 409 and r.json()["error"]["code"] == "call_not_started"
        assert guest.get("/guest/links/not-a-code").status_code == 404

        ws_t = EventClient(server.url, token_of(teacher))
        ws_s = EventClient(server.url, token_of(student))
        try:
            r = teacher.post(f"/orgs/{s.org.id}/events/{event['id']}/call")
            assert r.status_code == 200, r.text
            call = r.json()["call"]
            assert call["chat_id"] == parents_chat and call["title"] == "Родительское собрание"
            again = teacher.get(f"/orgs/{s.org.id}/events/{event['id']}").json()
            assert again["call_id"] == call["id"]

            # A parent is in the chat; a pupil of the class is invited to the event.
            r = parent.post(f"/orgs/{s.org.id}/events/{event['id']}/call")
            assert _state(r.json()["call"], s.parents[0].account_id) == ("joined", "chat")
            r = student.post(f"/orgs/{s.org.id}/calls/{call['id']}/join")
            assert r.status_code == 200, r.text
            assert _state(r.json()["call"], s.students[0].account_id) == ("joined", "event")
            # Someone else's pupil is neither.
            r = stranger.post(f"/orgs/{s.org.id}/events/{event['id']}/call")
            assert r.status_code == 404
            assert stranger.post(f"/orgs/{s.org.id}/calls/{call['id']}/join").status_code == 404
            assert stranger.get(f"/orgs/{s.org.id}/calls/{call['id']}").status_code == 404

            # The guest gives a name and waits at the door.
            assert guest.get(f"/guest/links/{code}").json()["running"] is True
            assert guest.post(f"/guest/links/{code}/join", json={"name": " "}).status_code == 422
            r = guest.post(f"/guest/links/{code}/join", json={"name": "Ирина  Петровна"})
            assert r.status_code == 200, r.text
            joined = r.json()
            guest_id, csrf = joined["account_id"], joined["csrf_token"]
            assert _state(joined["call"], guest_id) == ("waiting", "guest")
            assert joined["ice_servers"] is not None
            token = guest.cookies["parta_guest"]
            # The host and the pupil (no member of the chat) both hear of the guest.
            _updated_with(ws_t, guest_id, "waiting")
            _updated_with(ws_s, guest_id, "waiting")

            # The guest's session opens nothing but the guest endpoints and the socket.
            with Api(server.url) as api:
                api.headers["Authorization"] = f"Bearer {token}"
                assert api.get("/me").status_code == 401
                assert api.get(f"/orgs/{s.org.id}/chats").status_code == 401
            ws_g = EventClient(server.url, token)
            try:
                assert _media(ws_g, call["id"], "entered")["code"] == "not_in_call"
                admit = f"/orgs/{s.org.id}/calls/{call['id']}/participants/{guest_id}/admit"
                r = teacher.post(admit)
                assert r.status_code == 200, r.text
                _updated_with(ws_g, guest_id, "joined")
                assert _media(ws_g, call["id"], "entered")["op"] == "entered"
            finally:
                ws_g.close()
            state = guest.get("/guest/call").json()
            assert _state(state["call"], guest_id) == ("joined", "guest")
            assert guest.post("/guest/call/leave").status_code == 403  # no CSRF token
            rows = teacher.get(f"/orgs/{s.org.id}/calls/{call['id']}/attendance").json()
            names = {r["name"]: r["guest"] for r in rows}
            assert names["Ирина Петровна"] is True
            csv = teacher.get(f"/orgs/{s.org.id}/calls/{call['id']}/attendance.csv").text
            assert "Ирина Петровна,yes," in csv

            # The call ends: so does the guest's session.
            r = teacher.post(f"/orgs/{s.org.id}/calls/{call['id']}/end")
            assert r.status_code == 200
            ev = ws_s.wait_for(lambda e: e["type"] == "call.ended", 10)
            assert ev["data"]["call"]["id"] == call["id"]
            assert guest.get("/guest/call").status_code == 401
            r = guest.post(
                "/guest/call/leave", headers={"X-CSRF-Token": csrf}
            )  # nothing left to leave
            assert r.status_code == 401
        finally:
            ws_t.close()
            ws_s.close()

    # Guests switched off: the link stops working.
    r = teacher.patch(
        f"/orgs/{s.org.id}/events/{event['id']}", json={"call": {"mode": "group", "guests": False}}
    )
    assert r.status_code == 200 and r.json()["guest_url"] is None
    with Api(server.url) as guest:
        assert guest.get(f"/guest/links/{code}").status_code == 404


def test_guest_leaves_the_waiting_room(server: LiveServer, on_janus: None) -> None:
    s = make_school(server, students=1)
    teacher = s.teacher.client(server)
    event = _parent_meeting(s, teacher, guests=True)
    code = event["guest_url"].rsplit("/", 1)[1]
    call = teacher.post(f"/orgs/{s.org.id}/events/{event['id']}/call").json()["call"]
    with Api(server.url) as guest:
        joined = guest.post(f"/guest/links/{code}/join", json={"name": "Гость"}).json()
        again = guest.post(f"/guest/links/{code}/join", json={"name": "Гость Второй"}).json()
        assert again["account_id"] == joined["account_id"]  # the same guest, renamed
        r = guest.post("/guest/call/leave", headers={"X-CSRF-Token": joined["csrf_token"]})
        assert r.status_code == 200, r.text
        assert _state(r.json(), joined["account_id"]) == ("left", "guest")
        assert r.json()["ended_at"] is None  # the host is still there
        # Removed guests cannot come back.
        guest.post(f"/guest/links/{code}/join", json={"name": "Гость"})
        gid = joined["account_id"]
        r = teacher.post(f"/orgs/{s.org.id}/calls/{call['id']}/participants/{gid}/remove")
        assert r.status_code == 200, r.text
        r = guest.post(f"/guest/links/{code}/join", json={"name": "Гость"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "removed_from_call"
    assert teacher.post(f"/orgs/{s.org.id}/calls/{call['id']}/end").status_code == 200


def test_organisation_link_lets_members_knock(server: LiveServer, on_janus: None) -> None:
    s = make_school(server, students=1)
    teacher, colleague = s.teacher.client(server), s.other_teacher.client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    r = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/calls", json={"media": "audio"})
    assert r.status_code == 201, r.text
    call = r.json()["call"]
    assert call["settings"]["link_access"] == "chat"
    url = f"/orgs/{s.org.id}/calls/{call['id']}"
    assert colleague.get(url).status_code == 404  # not in the chat, no link access
    assert colleague.post(url + "/join").status_code == 404

    r = teacher.patch(url + "/settings", json={"link_access": "org"})
    assert r.status_code == 200 and r.json()["settings"]["link_access"] == "org"
    ws_c = EventClient(server.url, token_of(colleague))
    try:
        r = colleague.post(url + "/join")
        assert r.status_code == 200, r.text
        assert _state(r.json()["call"], s.other_teacher.account_id) == ("waiting", "link")
        teacher.post(url + f"/participants/{s.other_teacher.account_id}/admit")
        _updated_with(ws_c, s.other_teacher.account_id, "joined")
    finally:
        ws_c.close()
    # Members of the chat still come straight in; other organisations see nothing.
    student = s.students[0].client(server)
    r = student.post(url + "/join")
    assert _state(r.json()["call"], s.students[0].account_id) == ("joined", "chat")
    foreign = make_org(server).admin.client(server)
    assert foreign.post(url + "/join").status_code in (403, 404)
    assert foreign.post(f"/orgs/{s.org.id}/calls/{call['id']}/join").status_code in (403, 404)
    # A student may not open the call to the organisation.
    r = student.patch(url + "/settings", json={"link_access": "org"})
    assert r.status_code == 403
    assert teacher.post(url + "/end").status_code == 200


def test_lesson_planned_ahead(server: LiveServer, on_janus: None) -> None:
    s = make_school(server, students=1)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    event = class_event_with_call(
        teacher,
        s.org.id,
        s.cls.id,
        kind="class_hour",
        title="Классный час",
        mode="lesson",
        cameras_teacher_only=True,
    )
    assert event["call_plan"]["chat_id"] == s.chat_of_kind(teacher, "class")["id"]
    assert event["guest_url"] is None and event["online"] is True
    r = teacher.post(f"/orgs/{s.org.id}/events/{event['id']}/call")
    assert r.status_code == 200, r.text
    call = r.json()["call"]
    assert call["mode"] == "lesson" and call["settings"]["cameras_teacher_only"] is True
    r = student.post(f"/orgs/{s.org.id}/events/{event['id']}/call")
    assert r.status_code == 200
    assert _state(r.json()["call"], s.students[0].account_id) == ("waiting", "chat")
    # Opening it again joins the running call rather than starting another.
    r = teacher.post(f"/orgs/{s.org.id}/events/{event['id']}/call")
    assert r.json()["call"]["id"] == call["id"]
    assert teacher.post(f"/orgs/{s.org.id}/calls/{call['id']}/end").status_code == 200


def test_call_plans_are_checked(server: LiveServer) -> None:
    s = make_school(server, students=1)
    teacher = s.teacher.client(server)
    admin = s.org.admin.client(server)
    base = {"title": "Встреча", "starts_at": "2030-01-01T10:00:00+03:00"}
    body = {**base, "ends_at": "2030-01-01T11:00:00+03:00", "scope": "org"}
    # A lesson belongs in a class or group chat, not the organisation's channel.
    r = admin.post(f"/orgs/{s.org.id}/events", json={**body, "call": {"mode": "lesson"}})
    assert r.status_code == 422 and r.json()["error"]["code"] == "lesson_not_allowed", r.text
    # The organiser must be able to start a call in the chat they name.
    other_chat = s.chat_of_kind(s.other_teacher.client(server), "class")["id"]
    r = teacher.post(
        f"/orgs/{s.org.id}/events",
        json={
            **body,
            "scope": "class",
            "class_id": s.cls.id,
            "call": {"chat_id": other_chat},
        },
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "call_chat_needed", r.text
    r = admin.post(f"/orgs/{s.org.id}/events", json={**body, "call": {"mode": "group"}})
    assert r.status_code == 201, r.text
    event = r.json()
    # A meeting without a plan has no call to open; a cancelled one neither.
    plain = admin.post(f"/orgs/{s.org.id}/events", json=body).json()
    r = admin.post(f"/orgs/{s.org.id}/events/{plain['id']}/call")
    assert r.status_code == 409 and r.json()["error"]["code"] == "no_call_planned"
    admin.post(f"/orgs/{s.org.id}/events/{event['id']}/cancel")
    r = admin.post(f"/orgs/{s.org.id}/events/{event['id']}/call")
    assert r.status_code == 409 and r.json()["error"]["code"] == "event_cancelled"
    r = admin.patch(f"/orgs/{s.org.id}/events/{plain['id']}", json={"call": {"mode": "video"}})
    assert r.status_code == 422
