"""The deadline marks hand-ins late; closing stops them."""

from __future__ import annotations

from parta.kit.clock import clock
from tests.assignments.helpers import (
    create,
    hand_in,
    handed_in,
    in_hours,
    message_in_history,
    submissions,
    upload,
)
from tests.chats.helpers import error_code, make_school, token_of
from tests.harness import LiveServer
from tests.realtime.client import EventClient


def test_after_the_deadline_hand_ins_are_late(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    ann, bob = (p.client(server) for p in s.students)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    task_id = create(teacher, s.org.id, chat_id, deadline=in_hours(1))["assignment"]["id"]
    on_time = handed_in(ann, s.org.id, task_id, [], comment="вовремя")
    assert on_time["late"] is False
    clock.advance(2 * 3600)
    late = handed_in(bob, s.org.id, task_id, [upload(bob, s.org.id, chat_id, "b.txt", b"b")["id"]])
    assert late["late"] is True
    rows = {r["account_id"]: r for r in submissions(teacher, s.org.id, task_id)["students"]}
    assert rows[s.students[0].account_id]["late"] is False
    assert rows[s.students[1].account_id]["late"] is True
    # Changing an on-time hand-in after the deadline makes it late.
    assert handed_in(ann, s.org.id, task_id, [], comment="исправила")["late"] is True


def test_closing_stops_hand_ins(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    ann, bob = (p.client(server) for p in s.students)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    msg = create(teacher, s.org.id, chat_id)
    task_id = msg["assignment"]["id"]
    handed_in(ann, s.org.id, task_id, [], comment="успела")
    # Only the author closes it.
    r = ann.post(f"/orgs/{s.org.id}/assignments/{task_id}/close")
    assert r.status_code == 403
    ws = EventClient(server.url, token_of(bob))
    try:
        r = teacher.post(f"/orgs/{s.org.id}/assignments/{task_id}/close")
        assert r.status_code == 200, r.text
        ev = ws.wait_for(lambda e: e["type"] == "assignment.closed")
    finally:
        ws.close()
    assert r.json()["closed"] is True and r.json()["submitted"] == 1
    assert ev["chat_id"] == chat_id and ev["seq"] > msg["seq"]
    assert ev["data"]["assignment_id"] == task_id and ev["data"]["message_id"] == msg["id"]
    # Closing again changes nothing.
    assert teacher.post(f"/orgs/{s.org.id}/assignments/{task_id}/close").status_code == 200
    r = hand_in(bob, s.org.id, task_id, [], comment="опоздал")
    assert r.status_code == 409 and error_code(r) == "assignment_closed"
    r = ann.delete(f"/orgs/{s.org.id}/assignments/{task_id}/submission")
    assert r.status_code == 409 and error_code(r) == "assignment_closed"
    # What was handed in stays, and everyone's view says closed.
    assert ann.get(f"/orgs/{s.org.id}/assignments/{task_id}/submission").status_code == 200
    assert message_in_history(bob, s.org.id, chat_id, msg["id"])["assignment"]["closed"] is True
    synced = bob.get("/sync", params={"cursors": f"{chat_id}:{msg['seq']}"}).json()
    assert any(e["type"] == "assignment.closed" for e in synced["events"])
