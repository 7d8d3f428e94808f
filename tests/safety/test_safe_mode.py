"""Safe mode for students, rule by rule: who may write to a student, call them, add them to
a chat and see their profile; the organisation's rules and a parent's stricter ones."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.chats.system import reconcile_org
from parta.models import ChatMember
from tests.builders import make_member
from tests.chats.helpers import error_code, make_group, make_school, open_direct, post
from tests.harness import Api, LiveServer
from tests.safety.helpers import rules


def call(api: Api, org_id: str, chat_id: str) -> Any:
    return api.post(f"/orgs/{org_id}/chats/{chat_id}/calls", json={"media": "audio"})


def ids(items: list[dict[str, Any]]) -> set[str]:
    return {i["account_id"] for i in items}


def test_safe_mode_is_on_by_default_and_only_administrators_change_it(server: LiveServer) -> None:
    s = make_school(server)
    parent = s.parents[0].client(server)
    got = parent.get(f"/orgs/{s.org.id}/safety/settings").json()
    assert got["safe_mode"] == {
        "enabled": True,
        "classmates": True,
        "classmate_calls": True,
        "teachers": "all",
    }
    assert got["quiet_hours"]["enabled"] is False  # prepared, off until the school says
    assert got["quiet_hours"]["chats"] == ["class_parents", "parent_direct"]
    assert got["timezone"] == "Europe/Moscow"
    r = parent.patch(f"/orgs/{s.org.id}/safety/settings", json={"safe_mode": {"enabled": False}})
    assert r.status_code == 403
    admin = s.org.admin.client(server)
    r = admin.patch(f"/orgs/{s.org.id}/safety/settings", json={"safe_mode": {"teachers": "x"}})
    assert r.status_code == 422
    got = rules(admin, s.org.id, safe_mode={"classmates": False})
    assert got["safe_mode"]["classmates"] is False and got["safe_mode"]["enabled"] is True
    audit = admin.get(f"/orgs/{s.org.id}/audit").json()
    entry = next(e for e in audit["items"] if e["action"] == "safety.settings_changed")
    assert entry["data"] == {"safe_mode": {"classmates": False}}


def test_only_the_circles_reach_a_student_by_direct_message(server: LiveServer) -> None:
    s = make_school(server)
    ann = s.students[0]
    # Classmates, teachers, staff and the student's own parent may write.
    assert open_direct(s.students[1].client(server), s.org.id, ann).status_code == 200
    assert open_direct(s.teacher.client(server), s.org.id, ann).status_code == 200
    assert open_direct(s.other_teacher.client(server), s.org.id, ann).status_code == 200
    assert open_direct(s.org.admin.client(server), s.org.id, ann).status_code == 200
    assert open_direct(s.parents[0].client(server), s.org.id, ann).status_code == 200
    # Another class's student, a classmate's parent, an unverified teacher: no.
    for outsider in (
        s.other_student,
        s.parents[1],
        make_member(server, s.org.id, "teacher", verified=False),
    ):
        r = open_direct(outsider.client(server), s.org.id, ann)
        assert r.status_code == 403, outsider


def test_the_organisation_can_close_classmates_and_other_teachers(server: LiveServer) -> None:
    s = make_school(server)
    ann = s.students[0]
    bob = s.students[1].client(server)
    chat = open_direct(bob, s.org.id, ann).json()  # opened while allowed
    assert post(bob, s.org.id, chat["id"], "привет").status_code == 201
    admin = s.org.admin.client(server)
    rules(admin, s.org.id, safe_mode={"classmates": False, "teachers": "own"})

    # The chat opened before the change does not keep a way in.
    r = post(bob, s.org.id, chat["id"], "ещё привет")
    assert r.status_code == 403 and error_code(r) == "safe_mode"
    assert "classmates" in r.json()["error"]["message"]
    # He can still open it to read the history, not to write.
    assert open_direct(bob, s.org.id, ann).json()["id"] == chat["id"]
    # Ann may still write to Bob? Bob is a student too: the same rules protect him.
    r = post(ann.client(server), s.org.id, chat["id"], "ответ")
    assert r.status_code == 403
    # Only her own teachers now: the class teacher yes, the other class's teacher no.
    assert open_direct(s.teacher.client(server), s.org.id, ann).status_code == 200
    other = s.other_teacher.client(server)
    r = open_direct(other, s.org.id, ann)
    assert r.status_code == 403 and error_code(r) == "safe_mode"
    found = other.get(f"/orgs/{s.org.id}/chats/direct/candidates").json()
    assert ann.account_id not in ids(found) and s.other_student.account_id in ids(found)
    # A teacher who shares a group chat with her counts as her teacher.
    group = make_group(s.teacher.client(server), s.org.id, [ann, s.other_teacher])
    assert group["kind"] == "group"
    assert open_direct(other, s.org.id, ann).status_code == 200
    # Staff always reach students.
    assert open_direct(admin, s.org.id, ann).status_code == 200
    # Safe mode off: the direct-message policy alone decides again.
    rules(admin, s.org.id, safe_mode={"enabled": False})
    assert post(bob, s.org.id, chat["id"], "снова можно").status_code == 201


def test_a_parent_makes_it_stricter_for_their_child_never_looser(server: LiveServer) -> None:
    s = make_school(server)
    ann, bob = s.students
    mum = s.parents[0].client(server)
    [child] = mum.get(f"/orgs/{s.org.id}/safety/children").json()
    assert child["student_id"] == ann.account_id and child["class_label"] == "5А"
    assert child["effective"]["classmates"] is True
    # Someone else's child, or a child of mine elsewhere: 404.
    body = {"classmates": False, "classmate_calls": False, "teachers": "own"}
    r = mum.put(f"/orgs/{s.org.id}/safety/children/{bob.account_id}", json=body)
    assert r.status_code == 404
    assert (
        s.parents[1].client(server).get(f"/orgs/{s.org.id}/safety/children").json()[0]["student_id"]
        == bob.account_id
    )
    r = mum.put(f"/orgs/{s.org.id}/safety/children/{ann.account_id}", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["effective"] == {
        "enabled": True,
        "classmates": False,
        "classmate_calls": False,
        "teachers": "own",
    }
    bob_api = bob.client(server)
    r = open_direct(bob_api, s.org.id, ann)
    assert r.status_code == 403 and error_code(r) == "safe_mode"
    # Ann still reaches Bob (his parent chose nothing), but he cannot answer in that chat.
    pair = open_direct(ann.client(server), s.org.id, bob).json()
    assert post(ann.client(server), s.org.id, pair["id"]).status_code == 201
    assert post(bob_api, s.org.id, pair["id"]).status_code == 403
    r = open_direct(s.other_teacher.client(server), s.org.id, ann)
    assert r.status_code == 403
    assert open_direct(s.teacher.client(server), s.org.id, ann).status_code == 200

    # The parent opens it again, but the organisation has closed classmates: still closed.
    mum.put(
        f"/orgs/{s.org.id}/safety/children/{ann.account_id}",
        json={"classmates": True, "classmate_calls": True, "teachers": "all"},
    )
    rules(s.org.admin.client(server), s.org.id, safe_mode={"classmates": False})
    got = mum.get(f"/orgs/{s.org.id}/safety/children").json()[0]
    assert got["chosen"]["classmates"] is True and got["effective"]["classmates"] is False
    r = post(bob_api, s.org.id, pair["id"])
    assert r.status_code == 403 and error_code(r) == "safe_mode"
    # Only a minor's parent chooses: the student's own account cannot.
    r = ann.client(server).put(f"/orgs/{s.org.id}/safety/children/{ann.account_id}", json=body)
    assert r.status_code == 404
    audit = s.org.admin.client(server).get(f"/orgs/{s.org.id}/audit").json()["items"]
    assert any(e["action"] == "safety.child_rules_changed" for e in audit)


def test_calls_from_outside_the_circles_are_refused(server: LiveServer) -> None:
    s = make_school(server)
    ann, bob = s.students
    bob_api = bob.client(server)
    chat = open_direct(bob_api, s.org.id, ann).json()
    mum = s.parents[0].client(server)
    mum.put(
        f"/orgs/{s.org.id}/safety/children/{ann.account_id}",
        json={"classmates": True, "classmate_calls": False, "teachers": "all"},
    )
    r = call(bob_api, s.org.id, chat["id"])
    assert r.status_code == 403 and error_code(r) == "safe_mode_call"
    assert "cannot call" in r.json()["error"]["message"]
    # Writing is still allowed; the teacher may call.
    assert post(bob_api, s.org.id, chat["id"]).status_code == 201
    teacher = s.teacher.client(server)
    direct = open_direct(teacher, s.org.id, ann).json()
    assert call(teacher, s.org.id, direct["id"]).status_code == 201


def test_students_are_added_only_to_chats_within_the_rules(server: LiveServer) -> None:
    s = make_school(server)
    ann = s.students[0]
    admin = s.org.admin.client(server)
    rules(admin, s.org.id, safe_mode={"teachers": "own"})
    other = s.other_teacher.client(server)
    # A teacher who does not teach her cannot create a group with her, nor add her.
    r = other.post(
        f"/orgs/{s.org.id}/chats", json={"title": "Кружок", "member_ids": [ann.account_id]}
    )
    assert r.status_code == 403 and error_code(r) == "safe_mode_add"
    group = make_group(other, s.org.id, [s.other_student])
    r = other.post(
        f"/orgs/{s.org.id}/chats/{group['id']}/members", json={"account_ids": [ann.account_id]}
    )
    assert r.status_code == 403 and error_code(r) == "safe_mode_add"
    # Her class teacher can.
    teacher = s.teacher.client(server)
    club = make_group(teacher, s.org.id, [s.parents[0]], who_may_add="all")
    r = teacher.post(
        f"/orgs/{s.org.id}/chats/{club['id']}/members", json={"account_ids": [ann.account_id]}
    )
    assert r.status_code == 200, r.text
    # Once a chat is no longer run by staff (the teacher left, a parent owns it), nobody
    # adds a student to it, not even her own parent.
    corner = make_group(teacher, s.org.id, [s.parents[0]], who_may_add="all")
    assert teacher.post(f"/orgs/{s.org.id}/chats/{corner['id']}/leave").status_code == 204

    async def _owner(db: AsyncSession) -> str:
        stmt = sa.select(ChatMember.account_id).where(
            ChatMember.chat_id == corner["id"],
            ChatMember.role == "owner",
            ChatMember.status == "active",
        )
        return str((await db.execute(stmt)).scalar_one())

    assert server.db(_owner) == s.parents[0].account_id
    mum = s.parents[0].client(server)
    r = mum.post(
        f"/orgs/{s.org.id}/chats/{corner['id']}/members", json={"account_ids": [ann.account_id]}
    )
    assert r.status_code == 403 and error_code(r) == "safe_mode_chat"


def test_a_students_profile_is_hidden_outside_the_circles(server: LiveServer) -> None:
    s = make_school(server)
    ann, bob = s.students
    stranger = s.parents[1]  # Bob's parent: shares no conversation with Ann

    async def _reconcile(db: AsyncSession) -> None:
        await reconcile_org(db, s.org.id)

    server.db(_reconcile)

    def listed(api: Api, **query: str) -> set[str]:
        r = api.get(f"/orgs/{s.org.id}/members", params={"limit": "200", **query})
        assert r.status_code == 200, r.text
        return {m["account_id"] for m in r.json()["items"]}

    students = {ann.account_id, bob.account_id, s.other_student.account_id}
    # Staff see every student.
    assert students <= listed(s.other_teacher.client(server))
    # A parent sees their own child only; a student their classmates, not other classes.
    assert listed(stranger.client(server), role="student") == {bob.account_id}
    assert listed(ann.client(server), role="student") == {ann.account_id, bob.account_id}
    assert listed(s.other_student.client(server), role="student") == {s.other_student.account_id}
    # Adults are listed as before.
    assert s.teacher.account_id in listed(stranger.client(server))
    # A member's card and a class's roster follow the same rule (404, as for anyone unseen).
    r = stranger.client(server).get(f"/orgs/{s.org.id}/members/{ann.membership_id}")
    assert r.status_code == 404
    assert ann.client(server).get(f"/orgs/{s.org.id}/members/{bob.membership_id}").is_success
    r = s.other_student.client(server).get(f"/orgs/{s.org.id}/classes/{s.cls.id}")
    assert r.status_code == 200 and r.json()["students"] == []
    # Sharing a conversation makes her name visible there.
    teacher = s.teacher.client(server)
    make_group(teacher, s.org.id, [ann, s.other_student])
    assert ann.account_id in listed(s.other_student.client(server), role="student")
    # Safe mode off: members see every student again.
    rules(s.org.admin.client(server), s.org.id, safe_mode={"enabled": False})
    assert students <= listed(stranger.client(server))


def test_another_organisation_sees_and_changes_nothing(server: LiveServer) -> None:
    s = make_school(server)
    other = make_school(server)
    foreign = other.org.admin.client(server)
    for path in ("settings", "children", "word-lists", "queue"):
        assert foreign.get(f"/orgs/{s.org.id}/safety/{path}").status_code == 404
    r = foreign.patch(f"/orgs/{s.org.id}/safety/settings", json={"safe_mode": {"enabled": False}})
    assert r.status_code == 404
    r = foreign.put(
        f"/orgs/{other.org.id}/safety/children/{s.students[0].account_id}",
        json={"classmates": False, "classmate_calls": False, "teachers": "own"},
    )
    assert r.status_code == 404
    r = foreign.get(f"/orgs/{other.org.id}/people/{s.teacher.account_id}/working-hours")
    assert r.status_code == 404
    admin = s.org.admin.client(server)
    assert admin.get(f"/orgs/{s.org.id}/safety/settings").json()["safe_mode"]["enabled"] is True
