"""Roster chats follow roster changes made through any endpoint, with no explicit call."""

from __future__ import annotations

from typing import Any

from tests.builders import make_member
from tests.chats.helpers import make_school
from tests.harness import Api, LiveServer


def kinds(api: Api, org_id: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for chat in api.get(f"/orgs/{org_id}/chats").json():
        out.setdefault(chat["kind"], []).append(chat)
    return out


def test_verification_and_parent_link_confirmation_update_chats(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    newcomer = make_member(server, s.org.id, "teacher", verified=False)
    teacher_api = newcomer.client(server)
    assert "staff" not in kinds(teacher_api, s.org.id)
    r = admin.post(f"/orgs/{s.org.id}/members/{newcomer.membership_id}/verify")
    assert r.status_code == 200, r.text
    assert "staff" in kinds(teacher_api, s.org.id)
    r = admin.post(f"/orgs/{s.org.id}/members/{newcomer.membership_id}/unverify")
    assert r.status_code == 200, r.text
    assert "staff" not in kinds(teacher_api, s.org.id)


def test_moving_a_student_moves_them_between_class_chats(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    student = s.students[0].client(server)
    assert kinds(student, s.org.id)["class"][0]["title"] == "5А"
    r = admin.post(
        f"/orgs/{s.org.id}/members/{s.students[0].membership_id}/move",
        json={"class_id": s.other_cls.id},
    )
    assert r.status_code == 200, r.text
    assert [c["title"] for c in kinds(student, s.org.id)["class"]] == ["6Б"]
    # The parent follows the child into the other class's parents' chat.
    parent = s.parents[0].client(server)
    assert [c["title"] for c in kinds(parent, s.org.id)["class_parents"]] == ["6Б — родители"]


def test_new_class_teacher_takes_over_the_class_chats(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    r = admin.patch(
        f"/orgs/{s.org.id}/classes/{s.cls.id}",
        json={"class_teacher_membership_id": s.other_teacher.membership_id},
    )
    assert r.status_code == 200, r.text
    other = s.other_teacher.client(server)
    titles = {c["title"]: c["my_role"] for c in kinds(other, s.org.id)["class"]}
    assert titles == {"5А": "owner", "6Б": "owner"}
    former = s.teacher.client(server)
    assert "class" not in kinds(former, s.org.id)


def test_removed_member_leaves_every_roster_chat(server: LiveServer) -> None:
    s = make_school(server)
    admin = s.org.admin.client(server)
    student = s.students[1]
    api = student.client(server)
    chat_id = kinds(api, s.org.id)["class"][0]["id"]
    r = admin.delete(f"/orgs/{s.org.id}/members/{student.membership_id}")
    assert r.status_code == 204, r.text
    members = s.teacher.client(server).get(f"/orgs/{s.org.id}/chats/{chat_id}/members").json()
    assert student.account_id not in {m["account_id"] for m in members}
