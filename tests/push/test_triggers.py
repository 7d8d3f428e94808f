"""What else is pushed: a ringing call, event reminders, requests to confirm, a test push —
and to whom: only the people concerned, only while their session lives."""

from __future__ import annotations

from parta.kit.clock import clock
from tests.acks.helpers import important, remind
from tests.builders import make_member, make_org
from tests.chats.helpers import make_school, open_direct, post
from tests.events.helpers import at, made, run_reminders
from tests.harness import LiveServer
from tests.push.helpers import payloads, public_key, run_pushes, subscribe
from tests.push.receiver import Device, PushReceiver


def test_a_ringing_call_is_pushed_with_high_urgency(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    teacher, parent = s.teacher.client(server), s.parents[0].client(server)
    chat = open_direct(teacher, s.org.id, s.parents[0]).json()
    device = Device(receiver)
    subscribe(parent, device)
    r = teacher.post(f"/orgs/{s.org.id}/chats/{chat['id']}/calls", json={"media": "video"})
    assert r.status_code == 201, r.text
    call = r.json()["call"]
    run_pushes(server)
    [got] = receiver.wait_for(device)
    assert (got.headers["urgency"], got.headers["ttl"]) == ("high", "60")
    [push] = payloads(receiver, device, public_key(parent))
    assert push["kind"] == "call"
    assert (push["title"], push["body"]) == (s.teacher.name, "Входящий видеозвонок")
    assert push["url"] == f"/chats/{chat['id']}"
    assert push["tag"] == f"call:{call['id']}"
    assert push["require_interaction"] is True
    # The call's entry in the history is not a second push.
    assert len(receiver.received(device)) == 1


def test_event_and_acknowledgement_reminders_are_pushed(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    teacher, ann = s.teacher.client(server), s.students[0].client(server)
    device = Device(receiver)
    subscribe(ann, device)
    key = public_key(ann)

    event = made(
        teacher,
        s.org.id,
        scope="class",
        class_id=s.cls.id,
        title="Экскурсия в музей",
        starts_at=at(1),
        ends_at=at(3),
        reminders=[90],
        place="Вход в музей",
    )
    run_reminders(server)
    run_pushes(server)
    [push] = payloads(receiver, device, key, 1)
    assert push["kind"] == "event_reminder"
    assert push["title"] == "Напоминание: Экскурсия в музей"
    assert push["body"].endswith("\nВход в музей")
    assert push["url"] == f"/calendar/e/{event['id']}"
    assert push["tag"] == f"event:{event['id']}"

    chat = s.chat_of_kind(teacher, "class")
    message = important(teacher, s.org.id, chat["id"], "Подпишите дневники")
    run_pushes(server)  # the message itself
    clock.advance(3600)
    assert remind(teacher, s.org.id, message).status_code == 200
    run_pushes(server)
    pushes = payloads(receiver, device, key, 3)
    assert [p["kind"] for p in pushes] == ["event_reminder", "message", "ack_reminder"]
    ack = pushes[2]
    assert ack["title"] == f"Просьба подтвердить: {chat['title']}"
    assert ack["body"] == f"{s.teacher.name}: Подпишите дневники"
    assert ack["url"] == f"/chats/{chat['id']}?msg={message['id']}"


def test_signing_out_stops_pushes_to_that_device(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    teacher, ann = s.teacher.client(server), s.students[0].client(server)
    chat = s.chat_of_kind(teacher, "class")
    device = Device(receiver)
    subscribe(ann, device)
    assert ann.post("/auth/sign-out").status_code == 204
    post(teacher, s.org.id, chat["id"], "После выхода")
    run_pushes(server)
    assert receiver.received(device) == []

    # Signing in again on the same browser moves the subscription to the new session.
    again = s.students[0].client(server)
    subscribe(again, device)
    post(teacher, s.org.id, chat["id"], "Снова здесь")
    run_pushes(server)
    [push] = payloads(receiver, device, public_key(again), 1)
    assert push["body"].endswith("Снова здесь")


def test_a_test_push_goes_to_my_devices_only(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    org = make_org(server)
    me, other = make_member(server, org.id, "teacher"), make_member(server, org.id, "teacher")
    api, other_api = me.client(server), other.client(server)
    r = api.post("/me/push/test")
    assert (r.status_code, r.json()["error"]["code"]) == (409, "no_push_devices")
    mine, theirs = Device(receiver), Device(receiver)
    subscribe(api, mine)
    subscribe(other_api, theirs)
    r = api.post("/me/push/test")
    assert (r.status_code, r.json()) == (202, {"devices": 1})
    run_pushes(server)
    [push] = payloads(receiver, mine, public_key(api), 1)
    assert (push["kind"], push["url"]) == ("test", "/settings/notifications")
    assert receiver.received(theirs) == []
    for _ in range(4):
        assert api.post("/me/push/test").status_code == 202
    assert api.post("/me/push/test").status_code == 429


def test_pushes_stay_inside_the_organisation(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    """A member of another organisation with pushes on hears nothing of this one's chats,
    and someone in both is told which organisation a push is from."""
    s = make_school(server)
    other = make_org(server)
    outsider = make_member(server, other.id, "teacher")
    both = make_member(server, other.id, "teacher", person=s.students[0])
    outsider_device, both_device = Device(receiver), Device(receiver)
    subscribe(outsider.client(server), outsider_device)
    both_api = both.client(server)
    subscribe(both_api, both_device)
    teacher = s.teacher.client(server)
    post(teacher, s.org.id, s.chat_of_kind(teacher, "class")["id"], "Только для 5А")
    run_pushes(server)
    [push] = payloads(receiver, both_device, public_key(both_api), 1)
    assert push["org_id"] == s.org.id
    assert receiver.received(outsider_device) == []
