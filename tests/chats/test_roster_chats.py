from __future__ import annotations

from tests.builders import make_member
from tests.chats.helpers import make_school, reconcile
from tests.harness import LiveServer


def test_roster_chats_have_the_right_members(server: LiveServer) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    kinds = {c["kind"]: c for c in s.chats(teacher)}
    assert {"class", "class_parents", "staff", "channel"} <= set(kinds)
    assert kinds["class"]["title"] == "5А"
    assert kinds["class"]["my_role"] == "owner"

    members = teacher.get(f"/orgs/{s.org.id}/chats/{kinds['class']['id']}/members").json()
    ids = {m["account_id"] for m in members}
    assert ids == {s.teacher.account_id, *(k.account_id for k in s.students)}
    assert s.other_student.account_id not in ids
    assert all("email" not in m and "phone" not in m for m in members)

    parents_chat = teacher.get(
        f"/orgs/{s.org.id}/chats/{kinds['class_parents']['id']}/members"
    ).json()
    assert {m["account_id"] for m in parents_chat} == {
        s.teacher.account_id,
        *(p.account_id for p in s.parents),
    }

    # A student sees their class chat and the channel, not the staff room or parents' chat.
    student = s.students[0].client(server)
    assert {c["kind"] for c in s.chats(student)} == {"class", "channel"}
    parent = s.parents[0].client(server)
    assert {c["kind"] for c in s.chats(parent)} == {"class_parents", "channel"}


def test_reconcile_follows_roster_changes(server: LiveServer) -> None:
    s = make_school(server)
    newcomer = make_member(server, s.org.id, "student", class_id=s.cls.id)
    reconcile(server, s.org.id)
    student = newcomer.client(server)
    assert "class" in {c["kind"] for c in s.chats(student)}
    unverified = make_member(server, s.org.id, "teacher", verified=False)
    reconcile(server, s.org.id)
    assert {c["kind"] for c in s.chats(unverified.client(server))} == {"channel"}


def test_roster_chats_cannot_be_left(server: LiveServer) -> None:
    s = make_school(server)
    student = s.students[0].client(server)
    chat = s.chat_of_kind(student, "class")
    r = student.post(f"/orgs/{s.org.id}/chats/{chat['id']}/leave")
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "roster_chat"
