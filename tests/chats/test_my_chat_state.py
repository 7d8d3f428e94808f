"""Mute, pin and draft: private to the person, on all their devices, never to others."""

from __future__ import annotations

from tests.chats.helpers import make_school, token_of
from tests.harness import LiveServer
from tests.realtime.client import EventClient


def test_mute_pin_and_draft_reach_only_my_other_devices(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    phone, laptop = s.students[0].client(server), s.students[0].client(server)
    assert token_of(phone) != token_of(laptop)  # two sessions: two devices
    chat = s.chat_of_kind(phone, "class")
    cursor = chat["seq"]
    other = EventClient(server.url, token_of(s.teacher.client(server)))
    mine = EventClient(server.url, token_of(laptop))
    try:
        url = f"/orgs/{org}/chats/{chat['id']}/me"
        r = phone.put(url, json={"muted": True, "pinned": True, "draft": "Я завтра не приду"})
        assert r.status_code == 204
        ev = mine.wait_for(lambda e: e["type"] == "chat.me")
        assert ev["chat_id"] == chat["id"]
        assert "seq" not in ev  # private state takes no number in the shared sequence
        assert ev["data"] == {"muted": True, "pinned": True, "draft": "Я завтра не приду"}
        assert phone.put(url, json={"draft": ""}).status_code == 204
        assert mine.wait_for(lambda e: e["type"] == "chat.me")["data"] == {"draft": ""}
        assert not [e for e in other.drain(0.3) if e["type"] == "chat.me"]
    finally:
        other.close()
        mine.close()
    # A device that was offline catches up through /sync's chat list; the chat's sequence
    # did not move, so nobody else sees a gap.
    synced = laptop.get("/sync", params={"cursors": f"{chat['id']}:{cursor}"}).json()
    assert not [e for e in synced["events"] if e["type"] == "chat.me"]
    mine_now = next(c for c in synced["chats"] if c["id"] == chat["id"])
    assert (mine_now["muted"], mine_now["pinned"], mine_now["draft"]) == (True, True, "")
    assert mine_now["seq"] == cursor
    teacher = s.teacher.client(server)
    theirs = teacher.get("/sync", params={"cursors": f"{chat['id']}:{cursor}"}).json()
    assert not [e for e in theirs["events"] if e["type"] == "chat.me"]
    as_teacher = next(c for c in theirs["chats"] if c["id"] == chat["id"])
    assert (as_teacher["muted"], as_teacher["pinned"]) == (False, False)
    # Pinned chats come first in my list.
    assert s.chats(phone)[0]["id"] == chat["id"]


def test_my_chat_state_bad_input(server: LiveServer) -> None:
    s = make_school(server)
    api = s.students[0].client(server)
    chat = s.chat_of_kind(api, "class")
    url = f"/orgs/{s.org.id}/chats/{chat['id']}/me"
    for body in ({"muted": "sometimes"}, {"draft": "x" * 4001}, [True], "x"):
        assert api.put(url, json=body).status_code == 422, body
    assert api.put(url, json={}).status_code == 204
