from __future__ import annotations

import threading
import uuid
from typing import Any

from parta.kit.clock import clock
from tests.chats.helpers import School, make_school
from tests.harness import Api, LiveServer
from tests.realtime.client import EventClient


def token_of(api: Api) -> str:
    return str(api.headers["Authorization"]).split(" ", 1)[1]


def send(api: Api, org_id: str, chat_id: str, body: str, **extra: Any) -> dict[str, Any]:
    r = api.post(
        f"/orgs/{org_id}/chats/{chat_id}/messages",
        json={"client_id": str(uuid.uuid4()), "body": body, **extra},
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def class_chat(s: School, api: Api) -> str:
    return str(s.chat_of_kind(api, "class")["id"])


def test_message_reaches_other_member_live(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = class_chat(s, teacher)
    ws = EventClient(server.url, token_of(student))
    try:
        sent = send(teacher, s.org.id, chat_id, "Завтра контрольная по **математике**")
        ev = ws.wait_for(lambda e: e["type"] == "message.new")
        assert ev["chat_id"] == chat_id
        assert ev["seq"] == sent["seq"]
        assert ev["data"]["id"] == sent["id"]
        assert ev["data"]["html"] == "<p>Завтра контрольная по <strong>математике</strong></p>"
        assert ev["data"]["author_verified"] is True
    finally:
        ws.close()
    # The other class's student got nothing and cannot read the chat.
    other = s.other_student.client(server)
    assert other.get(f"/orgs/{s.org.id}/chats/{chat_id}/messages").status_code == 404


def test_send_is_idempotent_by_client_id(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = class_chat(s, teacher)
    body = {"client_id": "retry-1", "body": "Родительское собрание в пятницу"}
    first = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/messages", json=body)
    second = teacher.post(f"/orgs/{s.org.id}/chats/{chat_id}/messages", json=body)
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    page = teacher.get(f"/orgs/{s.org.id}/chats/{chat_id}/messages").json()
    assert [m["client_id"] for m in page["messages"]].count("retry-1") == 1


def test_reconnect_in_the_middle_of_a_stream_loses_nothing(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = class_chat(s, teacher)
    start_seq = s.chat_of_kind(student, "class")["seq"]
    total = 60
    ws = EventClient(server.url, token_of(student))
    received: dict[int, str] = {}
    half = threading.Event()

    def sender() -> None:
        for i in range(total):
            send(teacher, s.org.id, chat_id, f"message {i}")
            if i == total // 3:
                half.set()

    thread = threading.Thread(target=sender)
    thread.start()
    half.wait(10)
    # Drop the socket mid-stream, keeping what arrived before.
    ws.close()
    for ev in ws.drain(0.05):
        if ev["type"] == "message.new":
            assert ev["seq"] not in received
            received[ev["seq"]] = ev["data"]["body"]
    cursor = max(received, default=start_seq)
    ws2 = EventClient(server.url, token_of(student))
    thread.join(30)
    synced = student.get("/sync", params={"cursors": f"{chat_id}:{cursor}"}).json()
    for ev in synced["events"]:
        if ev["type"] == "message.new":
            assert ev["seq"] not in received, "sync returned an event applied already"
            received[ev["seq"]] = ev["data"]["body"]
    last = max(received)
    # Live events after the sync cursor are applied only if new (the client's rule).
    for ev in ws2.drain(0.3):
        if ev["type"] == "message.new" and ev["seq"] > last:
            received[ev["seq"]] = ev["data"]["body"]
    ws2.close()
    bodies = sorted(received.values(), key=lambda b: int(b.split()[1]))
    assert bodies == [f"message {i}" for i in range(total)]
    assert len(received) == total


def test_edit_delete_reaction_and_pin_are_live(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = class_chat(s, teacher)
    msg = send(student, s.org.id, chat_id, "Я забыл тетрадь")
    ws = EventClient(server.url, token_of(teacher))
    base = f"/orgs/{s.org.id}/chats/{chat_id}/messages/{msg['id']}"
    try:
        assert student.patch(base, json={"body": "Я забыл тетрадь дома"}).status_code == 200
        ev = ws.wait_for(lambda e: e["type"] == "message.edited")
        assert ev["data"]["body"] == "Я забыл тетрадь дома" and ev["data"]["edited_at"]
        assert teacher.put(f"{base}/reactions/👍").status_code == 204
        ev = ws.wait_for(lambda e: e["type"] == "reaction")
        assert ev["data"] == {
            "message_id": msg["id"],
            "emoji": "👍",
            "account_id": s.teacher.account_id,
            "on": True,
        }
        assert teacher.put(f"{base}/pin").status_code == 204
        ws.wait_for(lambda e: e["type"] == "pin" and e["data"]["on"])
        edits = teacher.get(f"{base}/edits").json()
        assert [e["body"] for e in edits] == ["Я забыл тетрадь"]
        assert student.get(f"{base}/edits").status_code == 403
        assert student.delete(base).status_code == 204
        ev = ws.wait_for(lambda e: e["type"] == "message.deleted")
        assert ev["data"]["id"] == msg["id"]
    finally:
        ws.close()
    page = teacher.get(f"/orgs/{s.org.id}/chats/{chat_id}/messages").json()
    tomb = next(m for m in page["messages"] if m["id"] == msg["id"])
    assert tomb["deleted"] is True and tomb["body"] == "" and tomb["html"] == ""


def test_only_author_edits_and_window_limits_author_delete(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = class_chat(s, teacher)
    msg = send(student, s.org.id, chat_id, "текст")
    base = f"/orgs/{s.org.id}/chats/{chat_id}/messages/{msg['id']}"
    other = s.students[1].client(server)
    assert other.patch(base, json={"body": "взлом"}).status_code == 403
    assert other.delete(base).status_code == 403
    clock.advance(49 * 3600)
    r = student.delete(base)
    assert r.status_code == 403 and r.json()["error"]["code"] == "delete_not_allowed"
    assert teacher.delete(base).status_code == 204  # moderators always may


def test_bad_input_gets_clear_errors(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = class_chat(s, teacher)
    url = f"/orgs/{s.org.id}/chats/{chat_id}/messages"
    r = teacher.post(url, json={"client_id": "a", "body": "   "})
    assert r.status_code == 422 and r.json()["error"]["code"] == "empty_message"
    r = teacher.post(url, json={"client_id": "b", "body": "я" * 4001})
    assert r.status_code == 422 and r.json()["error"]["code"] == "message_too_long"
    assert teacher.post(url, json={"client_id": "c", "body": "я" * 4000}).status_code == 201
    assert teacher.post(url, json={"body": "no client id"}).status_code == 422
    assert teacher.post(url, json=["not", "an", "object"]).status_code == 422
    assert (
        teacher.post(
            f"/orgs/{s.org.id}/chats/{'X' * 40}/messages", json={"client_id": "d", "body": "x"}
        ).status_code
        == 404
    )
    assert (
        teacher.post(
            f"/orgs/{s.org.id}/chats/01ARZ3NDEKTSV4RRFFQ69G5FAV/messages",
            json={"client_id": "d", "body": "x"},
        ).status_code
        == 404
    )
    r = teacher.put(f"{url}/01ARZ3NDEKTSV4RRFFQ69G5FAV/reactions/💩")
    assert r.status_code in (404, 422)


def test_channel_is_read_only_for_members_and_slow_mode(server: LiveServer) -> None:
    s = make_school(server)
    student = s.students[0].client(server)
    admin = s.org.admin.client(server)
    channel = s.chat_of_kind(student, "channel")["id"]
    r = student.post(
        f"/orgs/{s.org.id}/chats/{channel}/messages", json={"client_id": "x", "body": "hi"}
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "posting_not_allowed"
    send(admin, s.org.id, channel, "Каникулы с 1 ноября")
    teacher = s.teacher.client(server)
    chat_id = class_chat(s, teacher)
    r = teacher.patch(
        f"/orgs/{s.org.id}/chats/{chat_id}", json={"settings": {"slow_mode_seconds": 60}}
    )
    assert r.status_code == 200, r.text
    send(student, s.org.id, chat_id, "раз")
    r = student.post(
        f"/orgs/{s.org.id}/chats/{chat_id}/messages", json={"client_id": "y", "body": "два"}
    )
    assert r.status_code == 429 and r.json()["error"]["code"] == "slow_mode"
    send(teacher, s.org.id, chat_id, "модератор пишет без ожидания")
    send(teacher, s.org.id, chat_id, "и ещё раз")
    clock.advance(61)
    send(student, s.org.id, chat_id, "два")


def test_unread_mentions_and_read_receipts(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = class_chat(s, teacher)
    send(teacher, s.org.id, chat_id, "Всем привет")
    m2 = send(teacher, s.org.id, chat_id, f"<@{s.students[0].account_id}>, зайди после урока")
    assert m2["mentions"] == [s.students[0].account_id]
    assert "@" + s.students[0].name in m2["html"]
    mine = s.chat_of_kind(student, "class")
    assert mine["unread"] == 2 and mine["mentions"] == 1
    r = student.post(f"/orgs/{s.org.id}/chats/{chat_id}/read", json={"seq": m2["seq"]})
    assert r.json() == {"last_read_seq": m2["seq"]}
    mine = s.chat_of_kind(student, "class")
    assert mine["unread"] == 0 and mine["mentions"] == 0
    receipts = teacher.get(f"/orgs/{s.org.id}/chats/{chat_id}/messages/{m2['id']}/receipts").json()
    assert receipts["read"] == 1 and receipts["total"] == len(s.students)
    # @all is for moderators only.
    r = student.post(
        f"/orgs/{s.org.id}/chats/{chat_id}/messages",
        json={"client_id": "z", "body": "@all смотрите"},
    )
    assert r.status_code == 403


def test_malformed_frames_close_only_that_socket(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    bad = EventClient(server.url, token_of(student))
    good = EventClient(server.url, token_of(teacher))
    for _ in range(5):
        bad.send("{not json")
    assert bad.wait_closed() == 4400
    good.send({"type": "ping", "t": 1})
    assert good.wait_for(lambda e: e["type"] == "pong")["data"] == {"t": 1}
    good.close()


def test_typing_reaches_the_chat_but_not_outsiders(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = class_chat(s, teacher)
    outsider = EventClient(server.url, token_of(s.other_student.client(server)))
    listener = EventClient(server.url, token_of(teacher))
    typist = EventClient(server.url, token_of(student))
    typist.send({"type": "typing", "chat_id": chat_id})
    ev = listener.wait_for(lambda e: e["type"] == "typing")
    assert ev["data"]["account_id"] == s.students[0].account_id
    outsider.send({"type": "typing", "chat_id": chat_id})
    assert outsider.wait_for(lambda e: e["type"] == "error")["data"]["code"] == "not_found"
    assert not any(e["type"] == "typing" for e in outsider.drain(0.3))
    for c in (outsider, listener, typist):
        c.close()
