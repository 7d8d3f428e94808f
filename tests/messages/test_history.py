from __future__ import annotations

from tests.chats.helpers import make_school
from tests.harness import LiveServer
from tests.messages.test_messaging import class_chat, send


def test_history_pages_by_cursor_and_around_a_message(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = class_chat(s, teacher)
    sent = [send(teacher, s.org.id, chat_id, f"m{i}") for i in range(25)]
    url = f"/orgs/{s.org.id}/chats/{chat_id}/messages"
    newest = teacher.get(url, params={"limit": 10}).json()
    assert [m["body"] for m in newest["messages"]] == [f"m{i}" for i in range(15, 25)]
    assert newest["has_more_before"] and not newest["has_more_after"]
    older = teacher.get(
        url, params={"limit": 10, "before_seq": newest["messages"][0]["seq"]}
    ).json()
    assert [m["body"] for m in older["messages"]] == [f"m{i}" for i in range(5, 15)]
    after = teacher.get(url, params={"limit": 3, "after_seq": sent[20]["seq"]}).json()
    assert [m["body"] for m in after["messages"]] == ["m21", "m22", "m23"]
    assert after["has_more_after"]
    around = teacher.get(url, params={"limit": 6, "around": sent[12]["id"]}).json()
    bodies = [m["body"] for m in around["messages"]]
    assert "m12" in bodies and bodies == sorted(bodies, key=lambda b: int(b[1:]))
    assert around["has_more_before"] and around["has_more_after"]
    r = teacher.get(url, params={"around": "01ARZ3NDEKTSV4RRFFQ69G5FAV"})
    assert r.status_code == 404
    assert teacher.get(url, params={"limit": 0}).status_code == 422
    assert teacher.get(url, params={"before_seq": -1}).status_code == 422


def test_forward_keeps_author_and_needs_posting_rights(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = class_chat(s, teacher)
    original = send(student, s.org.id, chat_id, "Домашнее задание: стр. 42")
    staff = next(c for c in s.chats(teacher) if c["kind"] == "staff")
    r = teacher.post(
        f"/orgs/{s.org.id}/chats/{chat_id}/messages/{original['id']}/forward",
        json={"client_id": "fw-1", "to_chat_id": staff["id"]},
    )
    assert r.status_code == 201, r.text
    assert r.json()["forwarded_from"] == s.students[0].name
    assert r.json()["body"] == "Домашнее задание: стр. 42"
    # A student cannot forward into the read-only channel, nor into a chat they are not in.
    channel = next(c for c in s.chats(student) if c["kind"] == "channel")
    r = student.post(
        f"/orgs/{s.org.id}/chats/{chat_id}/messages/{original['id']}/forward",
        json={"client_id": "fw-2", "to_chat_id": channel["id"]},
    )
    assert r.status_code == 403
    r = student.post(
        f"/orgs/{s.org.id}/chats/{chat_id}/messages/{original['id']}/forward",
        json={"client_id": "fw-3", "to_chat_id": staff["id"]},
    )
    assert r.status_code == 404


def test_sync_reports_new_and_removed_chats_and_private_events(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat_id = class_chat(s, student)
    seq = s.chat_of_kind(student, "class")["seq"]
    group = teacher.post(
        f"/orgs/{s.org.id}/chats",
        json={"title": "Олимпиада", "member_ids": [s.students[0].account_id]},
    )
    assert group.status_code == 201, group.text
    assert (
        student.put(f"/orgs/{s.org.id}/chats/{chat_id}/me", json={"draft": "черновик"}).status_code
        == 204
    )
    out = student.get(
        "/sync", params={"cursors": f"{chat_id}:{seq},01ARZ3NDEKTSV4RRFFQ69G5FAV:3"}
    ).json()
    assert group.json()["id"] in {c["id"] for c in out["chats"]}
    assert out["removed"] == ["01ARZ3NDEKTSV4RRFFQ69G5FAV"]
    mine = next(c for c in out["chats"] if c["id"] == chat_id)
    assert mine["draft"] == "черновик"
    # The teacher never sees the student's draft.
    t_out = teacher.get("/sync", params={"cursors": f"{chat_id}:{seq}"}).json()
    assert next(c for c in t_out["chats"] if c["id"] == chat_id)["draft"] == ""
    assert student.get("/sync", params={"cursors": "garbage"}).status_code == 422


def test_odd_message_ids_and_bytes_are_clean_4xx(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat_id = class_chat(s, teacher)
    base = f"/orgs/{s.org.id}/chats/{chat_id}/messages"
    for odd in ("%00", "x" * 300, "01ARZ3NDEKTSV4RRFFQ69G5FA%00", "🙂"):
        assert teacher.patch(f"{base}/{odd}", json={"body": "x"}).status_code == 404
        assert teacher.delete(f"{base}/{odd}").status_code == 404
        assert teacher.get(base, params={"around": odd[:26]}).status_code in (404, 422)
    r = teacher.post(base, json={"client_id": "nul", "body": "a\x00b", "reply_to_id": "\x00"})
    assert r.status_code == 422
    r = teacher.post(base, json={"client_id": "nul", "body": "a\x00b"})
    assert r.status_code == 201 and r.json()["body"] == "ab"
