"""Web Push end to end: a message in a chat reaches the local push service encrypted for the
device (decrypted here by RFC 8291) and signed with the server's VAPID key; bursts become
one push; mutes, mentions, preferences and previews are obeyed; gone devices are dropped."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Account, PushSubscription
from tests.chats.helpers import make_school, post
from tests.harness import LiveServer
from tests.push.helpers import payloads, public_key, run_pushes, subscribe
from tests.push.receiver import Device, PushReceiver


def _english(server: LiveServer, account_id: str) -> None:
    async def _go(db: AsyncSession) -> None:
        account = await db.get(Account, account_id)
        assert account is not None
        account.language = "en"

    server.db(_go)


def test_a_message_arrives_encrypted_and_signed(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    teacher, ann = s.teacher.client(server), s.students[0].client(server)
    chat = s.chat_of_kind(teacher, "class")
    phone, laptop, teachers = Device(receiver), Device(receiver), Device(receiver)
    subscribe(ann, phone)
    subscribe(ann, laptop)
    subscribe(teacher, teachers)
    key = public_key(ann)

    r = post(teacher, s.org.id, chat["id"], "Завтра контрольная по **дробям**")
    assert r.status_code == 201, r.text
    message = r.json()
    run_pushes(server)

    for device in (phone, laptop):
        [got] = receiver.wait_for(device)
        assert got.headers["ttl"] == str(12 * 3600)
        assert got.headers["urgency"] == "normal"
        assert got.headers["topic"] == chat["id"]  # a newer push of the chat replaces it
        [push] = payloads(receiver, device, key)
        assert push == {
            "v": 1,
            "kind": "message",
            "title": chat["title"],
            "body": f"{s.teacher.name}: Завтра контрольная по **дробям**",
            "url": f"/chats/{chat['id']}?msg={message['id']}",
            "tag": chat["id"],
            "count": 1,
            "org_id": s.org.id,
            "chat_id": chat["id"],
            "ts": push["ts"],
        }
    assert receiver.received(teachers) == []  # nobody is told of their own message


def test_a_burst_is_one_push_and_what_was_read_is_not_pushed(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    teacher, ann = s.teacher.client(server), s.students[0].client(server)
    chat = s.chat_of_kind(teacher, "class")
    device = Device(receiver)
    subscribe(ann, device)
    key = public_key(ann)
    for text in ("Первое", "Второе", "Третье"):
        assert post(teacher, s.org.id, chat["id"], text).status_code == 201
    run_pushes(server)
    [push] = payloads(receiver, device, key, 1)
    assert push["title"] == f"{chat['title']} (3)"
    assert push["body"] == f"{s.teacher.name}: Третье"
    assert push["count"] == 3

    # Read on another device before the push went out: nothing to tell.
    r = post(teacher, s.org.id, chat["id"], "Уже прочитано")
    seq = r.json()["seq"]
    assert ann.post(f"/orgs/{s.org.id}/chats/{chat['id']}/read", json={"seq": seq}).status_code in (
        200,
        204,
    )
    run_pushes(server)
    assert len(receiver.received(device)) == 1


def test_muted_chats_mentions_and_preferences(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    teacher, ann = s.teacher.client(server), s.students[0].client(server)
    chat = s.chat_of_kind(teacher, "class")
    device = Device(receiver)
    subscribe(ann, device)
    key = public_key(ann)
    r = ann.put(f"/orgs/{s.org.id}/chats/{chat['id']}/me", json={"muted": True})
    assert r.status_code == 204, r.text

    assert post(teacher, s.org.id, chat["id"], "Тихо: чат заглушён").status_code == 201
    run_pushes(server)
    assert receiver.received(device) == []

    # A mention still comes through a muted chat, in a notification of its own.
    mention = f"<@{s.students[0].account_id}>, зайди после урока"
    message = post(teacher, s.org.id, chat["id"], mention).json()
    run_pushes(server)
    [push] = payloads(receiver, device, key, 1)
    assert push["kind"] == "mention"
    assert push["title"] == f"{s.teacher.name} упоминает вас: {chat['title']}"
    assert push["body"] == f"@{s.students[0].name}, зайди после урока"
    assert push["tag"] == f"mention:{message['id']}"

    # Mentions turned off; messages of an unmuted chat turned off.
    r = ann.patch("/me/notifications", json={"push_mentions": False, "push_messages": False})
    assert r.status_code == 200, r.text
    assert r.json()["push_mentions"] is False
    assert ann.put(f"/orgs/{s.org.id}/chats/{chat['id']}/me", json={"muted": False}).status_code
    post(teacher, s.org.id, chat["id"], mention)
    post(teacher, s.org.id, chat["id"], "обычное")
    run_pushes(server)
    assert len(receiver.received(device)) == 1


def test_without_previews_a_push_says_only_what_came(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    teacher, ann = s.teacher.client(server), s.students[0].client(server)
    chat = s.chat_of_kind(teacher, "class")
    _english(server, s.students[0].account_id)
    device = Device(receiver)
    subscribe(ann, device)
    assert ann.patch("/me/notifications", json={"push_previews": False}).status_code == 200
    post(teacher, s.org.id, chat["id"], "Секретный текст")
    run_pushes(server)
    [push] = payloads(receiver, device, public_key(ann), 1)
    assert (push["title"], push["body"]) == ("Parta", "New message")
    assert "Секретный" not in str(push) and s.teacher.name not in str(push)


def test_a_device_the_push_service_forgot_is_dropped(
    server: LiveServer, receiver: PushReceiver, allow_private: None
) -> None:
    s = make_school(server)
    teacher, ann = s.teacher.client(server), s.students[0].client(server)
    chat = s.chat_of_kind(teacher, "class")
    gone, alive = Device(receiver, "gone-device"), Device(receiver)
    receiver.status["/push/gone-device"] = 410
    subscribe(ann, gone)
    subscribe(ann, alive)
    post(teacher, s.org.id, chat["id"], "Кто здесь?")
    run_pushes(server)
    receiver.wait_for(gone)
    receiver.wait_for(alive)
    endpoints = [d["endpoint"] for d in ann.get("/me/push/subscriptions").json()]
    assert endpoints == [alive.endpoint]


def test_private_addresses_are_refused_unless_allowed(
    server: LiveServer, receiver: PushReceiver
) -> None:
    s = make_school(server)
    teacher, ann = s.teacher.client(server), s.students[0].client(server)
    chat = s.chat_of_kind(teacher, "class")
    device = Device(receiver)
    for endpoint in (
        device.endpoint,  # http, and 127.0.0.1
        "https://127.0.0.1/push/x",
        "https://10.1.2.3/push/x",
        "https://[::1]/push/x",
        "https://localhost/push/x",
        "ftp://push.example.org/x",
        "https://user:pw@push.example.org/x",
    ):
        r = ann.put("/me/push/subscriptions", json={**device.subscription(), "endpoint": endpoint})
        assert r.status_code == 422, (endpoint, r.text)
        assert r.json()["error"]["code"] == "endpoint_not_allowed"
    bad_keys = {**device.subscription(), "keys": {"p256dh": "AAAA", "auth": "AAAA"}}
    bad_keys["endpoint"] = "https://push.example.org/x"
    r = ann.put("/me/push/subscriptions", json=bad_keys)
    assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_subscription")

    # Registered while allowed, then the operator turns it off: nothing is sent there.
    server.settings.push_allow_private = True
    try:
        subscribe(ann, device)
    finally:
        server.settings.push_allow_private = False
    post(teacher, s.org.id, chat["id"], "Не дойдёт")
    run_pushes(server)
    assert receiver.received(device) == []

    async def _error(db: AsyncSession) -> str:
        stmt = sa.select(PushSubscription.last_error).where(
            PushSubscription.endpoint == device.endpoint
        )
        return str((await db.execute(stmt)).scalar_one())

    assert "PARTA_PUSH_ALLOW_PRIVATE" in server.db(_error)
