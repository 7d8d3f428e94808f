"""Members: listing, search, privacy, roles, verification and removal."""

from __future__ import annotations

import json

from parta.auth.roles import OrgRole
from tests.builders import OrgInfo, make_class, make_member, make_person
from tests.harness import LiveServer, body_of
from tests.members.helpers import make_pending, membership_status, set_phone


def test_listing_shows_briefs_without_contact_details(server: LiveServer, org: OrgInfo) -> None:
    c = make_class(server, org.id, 7, "Б")
    student = make_member(server, org.id, OrgRole.STUDENT, class_id=c.id)
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    set_phone(server, student.account_id, "+79161234567")
    api = student.client(server)
    r = api.get(f"/orgs/{org.id}/members")
    assert r.status_code == 200
    items = {i["membership_id"]: i for i in r.json()["items"]}
    assert set(items) == {org.admin.membership_id, student.membership_id, teacher.membership_id}
    me = items[student.membership_id]
    assert me == {
        "membership_id": student.membership_id,
        "account_id": student.account_id,
        "name": student.name,
        "role": "student",
        "verified": False,
        "class_id": c.id,
        "class_label": "7Б",
        "title": "",
        "status": "active",
        "avatar_url": None,
    }
    assert items[teacher.membership_id]["verified"] is True
    for path in ("/members", f"/members/{student.membership_id}", f"/classes/{c.id}"):
        text = json.dumps(api.get(f"/orgs/{org.id}{path}").json())
        for secret in (student.email, teacher.email, org.admin.email, "+79161234567", "@"):
            assert secret not in text, (path, secret)


def test_pending_entries_only_for_those_who_may_see_them(server: LiveServer, org: OrgInfo) -> None:
    c = make_class(server, org.id, 3, "А")
    pending_id = make_pending(server, org.id, "Пётр Сидоров", class_id=c.id)
    student = make_member(server, org.id, OrgRole.STUDENT, class_id=c.id)
    admin = org.admin.client(server)
    ids = [i["membership_id"] for i in admin.get(f"/orgs/{org.id}/members").json()["items"]]
    assert pending_id in ids
    pending = admin.get(f"/orgs/{org.id}/members/{pending_id}").json()
    assert pending["account_id"] is None and pending["status"] == "pending"
    assert admin.get(f"/orgs/{org.id}/classes/{c.id}").json()["student_count"] == 2
    api = student.client(server)
    ids = [i["membership_id"] for i in api.get(f"/orgs/{org.id}/members").json()["items"]]
    assert pending_id not in ids
    assert api.get(f"/orgs/{org.id}/members", params={"status": "pending"}).status_code == 403
    assert api.get(f"/orgs/{org.id}/members/{pending_id}").status_code == 404
    detail = api.get(f"/orgs/{org.id}/classes/{c.id}").json()
    assert [s["membership_id"] for s in detail["students"]] == [student.membership_id]
    assert detail["student_count"] == 1


def test_cyrillic_search_is_case_insensitive(server: LiveServer, org: OrgInfo) -> None:
    ivanova = make_member(
        server, org.id, OrgRole.STUDENT, person=make_person(server, "Ёлкина Анна")
    )
    make_member(server, org.id, OrgRole.STUDENT, person=make_person(server, "Петров Иван"))
    api = org.admin.client(server)

    def search(q: str) -> list[str]:
        r = api.get(f"/orgs/{org.id}/members", params={"q": q})
        assert r.status_code == 200
        return [i["name"] for i in r.json()["items"]]

    assert search("ЁЛКИНА") == ["Ёлкина Анна"]
    assert search("елкина") == ["Ёлкина Анна"]
    assert search("аННа") == ["Ёлкина Анна"]
    assert search("иван") == ["Петров Иван"]
    assert search("%") == []
    assert ivanova.membership_id


def test_filters_and_cursor_pages(server: LiveServer, org: OrgInfo) -> None:
    c = make_class(server, org.id, 2, "В")
    students = [make_member(server, org.id, OrgRole.STUDENT, class_id=c.id) for _ in range(3)]
    api = org.admin.client(server)
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"role": "student", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = api.get(f"/orgs/{org.id}/members", params=params).json()
        seen += [i["membership_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [s.membership_id for s in students]
    by_class = api.get(f"/orgs/{org.id}/members", params={"class_id": c.id}).json()["items"]
    assert len(by_class) == 3
    for bad in ({"role": "king"}, {"status": "x"}, {"limit": 0}, {"cursor": "x" * 27}):
        assert api.get(f"/orgs/{org.id}/members", params=bad).status_code == 422, bad
    assert api.get(f"/orgs/{org.id}/members/{'A' * 40}").status_code == 422
    assert api.get(f"/orgs/{org.id}/members/{'A' * 26}").status_code == 404


def test_verify_shows_badge_and_sends_mail(server: LiveServer, org: OrgInfo) -> None:
    teacher = make_member(server, org.id, OrgRole.TEACHER, verified=False)
    api = org.admin.client(server)
    brief = api.get(f"/orgs/{org.id}/members/{teacher.membership_id}").json()
    assert brief["verified"] is False
    r = api.post(f"/orgs/{org.id}/members/{teacher.membership_id}/verify")
    assert r.status_code == 200 and r.json()["verified"] is True
    msg = server.mailbox.wait_for(teacher.email, "подтверждена")
    assert org.name in body_of(msg)
    listed = api.get(f"/orgs/{org.id}/members", params={"role": "teacher"}).json()["items"]
    assert [m["verified"] for m in listed if m["membership_id"] == teacher.membership_id] == [True]
    # The verified teacher now has a teacher's rights: roster entries become visible.
    t_api = teacher.client(server)
    assert t_api.get(f"/orgs/{org.id}/members", params={"status": "pending"}).status_code == 200
    r = api.post(f"/orgs/{org.id}/members/{teacher.membership_id}/unverify")
    assert r.json()["verified"] is False
    assert t_api.get(f"/orgs/{org.id}/members", params={"status": "pending"}).status_code == 403
    student = make_member(server, org.id, OrgRole.STUDENT)
    r = api.post(f"/orgs/{org.id}/members/{student.membership_id}/verify")
    assert r.status_code == 422 and r.json()["error"]["code"] == "not_verifiable"
    actions = [e["action"] for e in api.get(f"/orgs/{org.id}/audit").json()["items"]]
    assert actions[:2] == ["member.unverified", "member.verified"]


def test_role_change_resets_verification(server: LiveServer, org: OrgInfo) -> None:
    staff = make_member(server, org.id, OrgRole.STAFF)
    api = org.admin.client(server)
    r = api.patch(
        f"/orgs/{org.id}/members/{staff.membership_id}",
        json={"role": "teacher", "title": "  Учитель   физики "},
    )
    assert r.status_code == 200
    assert r.json()["role"] == "teacher"
    assert r.json()["verified"] is False
    assert r.json()["title"] == "Учитель физики"
    event = api.get(f"/orgs/{org.id}/audit", params={"action": "member.role_changed"}).json()
    assert event["items"][0]["data"] == {"from": "staff", "to": "teacher"}
    assert event["items"][0]["actor_name"] == org.admin.name
    for bad in ({"role": "king"}, {"title": "x" * 201}, {"email": "a@b.c"}):
        r = api.patch(f"/orgs/{org.id}/members/{staff.membership_id}", json=bad)
        assert r.status_code == 422, bad


def test_last_admin_cannot_leave_or_be_demoted(server: LiveServer, org: OrgInfo) -> None:
    api = org.admin.client(server)
    mid = org.admin.membership_id
    r = api.patch(f"/orgs/{org.id}/members/{mid}", json={"role": "teacher"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "last_admin"
    r = api.delete(f"/orgs/{org.id}/members/{mid}")
    assert r.status_code == 409 and r.json()["error"]["code"] == "last_admin"
    second = make_member(server, org.id, OrgRole.ADMIN)
    assert api.delete(f"/orgs/{org.id}/members/{second.membership_id}").status_code == 204
    assert membership_status(server, second.membership_id or "") == "removed"
    assert second.client(server).get(f"/orgs/{org.id}").status_code == 404
    third = make_member(server, org.id, OrgRole.ADMIN)
    assert api.patch(f"/orgs/{org.id}/members/{mid}", json={"role": "head"}).status_code == 200
    # The former admin is now an unverified head: no right to manage members any more.
    r = api.delete(f"/orgs/{org.id}/members/{third.membership_id}")
    assert r.status_code == 403


def test_removed_member_hidden_except_to_admins(server: LiveServer, org: OrgInfo) -> None:
    student = make_member(server, org.id, OrgRole.STUDENT)
    other = make_member(server, org.id, OrgRole.STUDENT)
    api = org.admin.client(server)
    assert api.delete(f"/orgs/{org.id}/members/{student.membership_id}").status_code == 204
    removed = api.get(f"/orgs/{org.id}/members", params={"status": "removed"}).json()["items"]
    assert [m["membership_id"] for m in removed] == [student.membership_id]
    o_api = other.client(server)
    assert o_api.get(f"/orgs/{org.id}/members/{student.membership_id}").status_code == 404
    assert o_api.get(f"/orgs/{org.id}/members", params={"status": "removed"}).status_code == 403
    audit = api.get(f"/orgs/{org.id}/audit", params={"target_id": student.membership_id}).json()
    assert [e["action"] for e in audit["items"]] == ["member.removed"]


def test_former_teacher_leaves_class_and_department(server: LiveServer, org: OrgInfo) -> None:
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    c = make_class(server, org.id, 8, "В", teacher=teacher)
    api = org.admin.client(server)
    dept = api.post(f"/orgs/{org.id}/groups", json={"kind": "department", "name": "Кафедра"})
    url = f"/orgs/{org.id}/groups/{dept.json()['id']}/members"
    api.post(url, json={"membership_id": teacher.membership_id})
    r = api.patch(f"/orgs/{org.id}/members/{teacher.membership_id}", json={"role": "parent"})
    assert r.status_code == 200
    assert api.get(f"/orgs/{org.id}/classes/{c.id}").json()["class_teacher"] is None
    assert api.get(url).json() == []
    assert api.patch(f"/orgs/{org.id}", json={}).status_code == 200
    changes = api.get(f"/orgs/{org.id}/audit", params={"action": "org.updated"}).json()
    assert changes["items"] == []
