"""Important messages: who may ask, who confirms, who sees the counts, reminders."""

from __future__ import annotations

from parta.kit.clock import clock
from tests.acks.helpers import (
    ack_in_history,
    base,
    confirm,
    important,
    plain_ack,
    remind,
    report,
    send_important,
)
from tests.builders import make_member, make_org
from tests.chats.helpers import error_code, make_group, make_school, post, token_of
from tests.harness import LiveServer
from tests.realtime.client import EventClient


def test_class_chat_counts_people_and_events_are_neutral(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    ann, bob = (p.client(server) for p in s.students)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    ws = EventClient(server.url, token_of(ann))
    try:
        msg = important(teacher, s.org.id, chat_id, "Завтра контрольная")
        ev = ws.wait_for(lambda e: e["type"] == "message.new")
    finally:
        ws.close()
    # Everyone gets the same event: no counts, nothing about any one person.
    assert plain_ack(ev["data"]["ack"]) == {
        "confirmed_by_me": None,
        "confirmed": None,
        "total": None,
        "by_family": False,
    }
    assert plain_ack(msg["ack"]) == {
        "confirmed_by_me": None,
        "confirmed": 0,
        "total": 2,
        "by_family": False,
    }
    assert confirm(ann, s.org.id, msg).status_code == 200
    assert ack_in_history(ann, s.org.id, msg)["confirmed_by_me"] is True
    assert ack_in_history(bob, s.org.id, msg)["confirmed_by_me"] is False
    assert ack_in_history(bob, s.org.id, msg)["total"] is None
    data = report(teacher, s.org.id, msg)
    assert (data["by_family"], data["confirmed"], data["total"], data["families"]) == (
        False,
        1,
        2,
        [],
    )
    assert [p["account_id"] for p in data["people"]] == [
        s.students[1].account_id,  # not confirmed yet: first
        s.students[0].account_id,
    ]
    # Recipients do not see the report; the author does not confirm their own message.
    r = ann.get(f"{base(s.org.id, msg)}/acks")
    assert r.status_code == 403 and error_code(r) == "not_message_author"
    r = confirm(teacher, s.org.id, msg)
    assert r.status_code == 409 and error_code(r) == "own_message"
    # An ordinary message does not ask to be confirmed.
    plain = post(teacher, s.org.id, chat_id, "просто сообщение").json()
    assert plain["ack"] is None
    r = confirm(ann, s.org.id, plain)
    assert r.status_code == 409 and error_code(r) == "ack_not_required"


def test_only_verified_staff_ask_for_confirmation(server: LiveServer) -> None:
    s = make_school(server)
    student = s.students[0].client(server)
    chat_id = s.chat_of_kind(student, "class")["id"]
    r = send_important(student, s.org.id, chat_id, "Подтвердите!")
    assert r.status_code == 403 and error_code(r) == "ack_not_allowed"
    parent = s.parents[0].client(server)
    r = send_important(parent, s.org.id, s.chat_of_kind(parent, "class_parents")["id"], "!")
    assert r.status_code == 403 and error_code(r) == "ack_not_allowed"
    unverified = make_member(server, s.org.id, "teacher", verified=False)
    group = make_group(s.teacher.client(server), s.org.id, [unverified])
    r = send_important(unverified.client(server), s.org.id, group["id"], "!")
    assert r.status_code == 403 and error_code(r) == "ack_not_allowed"
    # The administrator may (the organisation's channel).
    admin = s.org.admin.client(server)
    channel = s.chat_of_kind(admin, "channel")["id"]
    assert important(admin, s.org.id, channel)["ack"]["total"] >= 5


def test_remind_those_who_have_not_confirmed_once_an_hour(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    done, pending = (p.client(server) for p in s.parents)
    chat_id = s.chat_of_kind(teacher, "class_parents")["id"]
    msg = important(teacher, s.org.id, chat_id, "Сдайте, пожалуйста, **согласия** на экскурсию")
    assert confirm(done, s.org.id, msg).status_code == 200
    # Only the author reminds.
    r = remind(done, s.org.id, msg)
    assert r.status_code == 403
    done_ws = EventClient(server.url, token_of(done))
    pending_ws = EventClient(server.url, token_of(pending))
    try:
        r = remind(teacher, s.org.id, msg)
        assert r.status_code == 200, r.text
        assert r.json() == {"reminded": 1}
        ev = pending_ws.wait_for(lambda e: e["type"] == "ack.reminder")
        assert not [e for e in done_ws.drain(0.5) if e["type"] == "ack.reminder"]
    finally:
        done_ws.close()
        pending_ws.close()
    assert ev["data"]["message_id"] == msg["id"] and ev["data"]["chat_id"] == chat_id
    assert ev["data"]["author_name"] == s.teacher.name
    assert "согласия" in ev["data"]["text"]
    # Again within the hour: refused, with when to try.
    clock.advance(30 * 60)
    r = remind(teacher, s.org.id, msg)
    assert r.status_code == 429 and error_code(r) == "remind_too_soon"
    assert 0 < int(r.headers["Retry-After"]) <= 30 * 60 + 1
    clock.advance(30 * 60 + 2)
    r = remind(teacher, s.org.id, msg)
    assert r.status_code == 200 and r.json() == {"reminded": 1}
    # Once everyone confirmed there is nobody to remind.
    clock.advance(3601)
    assert confirm(pending, s.org.id, msg).status_code == 200
    assert remind(teacher, s.org.id, msg).json() == {"reminded": 0}


def test_outsiders_get_404(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = s.chat_of_kind(teacher, "class")["id"]
    msg = important(teacher, s.org.id, chat_id)
    # A student of another class is not in the chat.
    other = s.other_student.client(server)
    assert confirm(other, s.org.id, msg).status_code == 404
    assert other.get(f"{base(s.org.id, msg)}/acks").status_code == 404
    # Another organisation's administrator, with either organisation's id.
    intruder_org = make_org(server)
    intruder = intruder_org.admin.client(server)
    for org_id in (s.org.id, intruder_org.id):
        assert confirm(intruder, org_id, msg).status_code == 404
        assert intruder.get(f"{base(org_id, msg)}/acks").status_code == 404
        assert remind(intruder, org_id, msg).status_code == 404
    # A message id of another chat, or of no shape at all.
    ann = s.students[0].client(server)
    wrong = {"id": msg["id"], "chat_id": s.chat_of_kind(ann, "channel")["id"]}
    assert confirm(ann, s.org.id, wrong).status_code == 404
    assert confirm(ann, s.org.id, {"id": "x%00y", "chat_id": chat_id}).status_code == 404
    assert report(teacher, s.org.id, msg)["confirmed"] == 0


def test_chat_moderators_see_the_counts(server: LiveServer) -> None:
    s = make_school(server)
    owner = s.teacher.client(server)
    colleague = make_member(server, s.org.id, "teacher")
    group = make_group(owner, s.org.id, [colleague, *s.students])
    msg = important(colleague.client(server), s.org.id, group["id"])
    # The owner is a recipient too, and a moderator: both views.
    seen = ack_in_history(owner, s.org.id, msg)
    assert plain_ack(seen) == {
        "confirmed_by_me": False,
        "confirmed": 0,
        "total": 3,
        "by_family": False,
    }
    assert confirm(owner, s.org.id, msg).json()["confirmed"] == 1
    assert report(owner, s.org.id, msg)["total"] == 3
    # Reminding is for the author.
    assert remind(owner, s.org.id, msg).status_code == 403
