"""Personal blocks: no direct chat, no direct message and no direct call between the two
people, the rest of school life unchanged, and nobody else affected."""

from __future__ import annotations

from tests.builders import make_org
from tests.chats.helpers import make_school, open_direct, post
from tests.harness import LiveServer
from tests.moderation.helpers import code, said


def test_a_block_stops_direct_messages_and_calls_and_is_personal(server: LiveServer) -> None:
    s = make_school(server, students=2)
    org = s.org.id
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    classmate = s.students[1].client(server)
    direct = open_direct(teacher, org, s.students[0])
    assert direct.status_code == 200, direct.text
    chat = direct.json()["id"]
    said(teacher, org, chat, "Принеси, пожалуйста, дневник")

    r = student.post("/me/blocks", json={"account_id": s.teacher.account_id})
    assert r.status_code == 201 and r.json()["name"] == s.teacher.name
    again = student.post("/me/blocks", json={"account_id": s.teacher.account_id})
    assert again.status_code == 201 and again.json()["created_at"] == r.json()["created_at"]
    assert [b["account_id"] for b in student.get("/me/blocks").json()] == [s.teacher.account_id]
    assert teacher.get("/me/blocks").json() == []  # personal: the blocked person has no list

    # The blocked person can neither write nor call in the direct chat...
    refused = post(teacher, org, chat, "Ответь, пожалуйста")
    assert refused.status_code == 403 and code(refused) == "blocked"
    call = teacher.post(f"/orgs/{org}/chats/{chat}/calls", json={"media": "audio"})
    assert call.status_code == 403 and code(call) == "blocked"
    # ...and the one who blocked is told how to undo it when they try.
    mine = post(student, org, chat, "привет")
    assert mine.status_code == 403 and code(mine) == "you_blocked"
    assert "unblock" in mine.json()["error"]["message"]
    assert mine.json()["error"]["fields"] == {"account_id": s.teacher.account_id}
    call = student.post(f"/orgs/{org}/chats/{chat}/calls", json={"media": "audio"})
    assert code(call) == "you_blocked"
    # The history stays readable; the class chat goes on as before.
    assert student.get(f"/orgs/{org}/chats/{chat}/messages").status_code == 200
    class_chat = s.chat_of_kind(student, "class")["id"]
    assert post(teacher, org, class_chat, "Завтра контрольная").status_code == 201
    assert post(student, org, class_chat, "Понятно").status_code == 201

    # Others are not affected: a classmate writes to the teacher and to the student.
    other = open_direct(classmate, org, s.teacher)
    assert other.status_code == 200
    assert post(classmate, org, other.json()["id"], "Здравствуйте").status_code == 201

    # Unblocking restores everything.
    assert student.delete(f"/me/blocks/{s.teacher.account_id}").status_code == 204
    assert student.delete(f"/me/blocks/{s.teacher.account_id}").status_code == 204
    assert post(teacher, org, chat, "Спасибо!").status_code == 201
    assert student.get("/me/blocks").json() == []


def test_a_blocked_person_cannot_open_a_direct_chat(server: LiveServer) -> None:
    s = make_school(server, students=2)
    org = s.org.id
    a, b = s.students[0].client(server), s.students[1].client(server)
    assert a.post("/me/blocks", json={"account_id": s.students[1].account_id}).status_code == 201
    r = open_direct(b, org, s.students[0])
    assert r.status_code == 403 and code(r) == "blocked"
    r = open_direct(a, org, s.students[1])
    assert r.status_code == 403 and code(r) == "you_blocked"
    assert a.get(f"/orgs/{org}/chats").status_code == 200
    assert not [c for c in a.get(f"/orgs/{org}/chats").json() if c["kind"] == "direct"]


def test_only_people_who_share_an_organisation_can_be_blocked(server: LiveServer) -> None:
    s = make_school(server, students=1)
    student = s.students[0].client(server)
    stranger = make_org(server).admin
    for account_id in (stranger.account_id, s.students[0].account_id, "not-an-id"):
        r = student.post("/me/blocks", json={"account_id": account_id})
        assert r.status_code == 404, account_id
    assert student.get("/me/blocks").json() == []
