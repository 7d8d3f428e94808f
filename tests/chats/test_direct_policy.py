"""Who may start a direct chat with whom, through the API: each default rule, each rule
switched off by an administrator, and nobody outside the organisation."""

from __future__ import annotations

import pytest

from tests.builders import Person, make_member, make_org
from tests.chats.helpers import School, error_code, link_parent, make_school, open_direct
from tests.harness import LiveServer


def other_parent(server: LiveServer, s: School) -> Person:
    """A confirmed parent of the student in the other class."""
    parent = make_member(server, s.org.id, "parent")
    link_parent(server, s.org.id, parent, s.other_student)
    return parent


def test_default_rules(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    outsider_parent = other_parent(server, s)
    unverified = make_member(server, org, "teacher", verified=False)
    student = s.students[0].client(server)
    parent = s.parents[0].client(server)
    teacher = s.teacher.client(server)
    admin = s.org.admin.client(server)
    allowed = [
        (student, s.teacher),  # their own teacher
        (student, s.other_teacher),  # any verified teacher of the school
        (student, s.students[1]),  # a classmate
        (parent, s.teacher),
        (parent, s.students[0]),  # their own child
        (parent, s.parents[1]),  # a parent of the same class
        (parent, s.org.admin),  # parents may write to the administration
        (teacher, s.other_student),  # staff may write to anyone
        (teacher, outsider_parent),
        (teacher, unverified),
        (admin, s.students[1]),
    ]
    refused = [
        (student, s.other_student),  # a student of another class
        (student, s.parents[1]),  # a parent
        (student, s.parents[0]),  # even their own: the parent starts that chat
        (student, s.org.admin),  # the administration, by default
        (student, unverified),  # an unverified "teacher" is nobody's teacher yet
        (parent, outsider_parent),  # a parent of another class
        (parent, s.students[1]),  # somebody else's child
        (parent, s.other_student),
        (unverified.client(server), s.students[0]),  # unverified staff: student-level reach
        (unverified.client(server), s.org.admin),
        (unverified.client(server), s.teacher),
    ]
    for api, other in refused:
        r = open_direct(api, org, other)
        assert r.status_code == 403, (other.name, r.text)
        assert error_code(r) == "direct_not_allowed"
    for api, other in allowed:
        r = open_direct(api, org, other)
        assert r.status_code == 200, (other.name, r.text)
        chat = r.json()
        assert chat["kind"] == "direct" and chat["peer"]["account_id"] == other.account_id
    # Once the child's parent opened the chat, the child is in it and can use it.
    chats = student.get(f"/orgs/{org}/chats").json()
    assert any(
        c["kind"] == "direct" and c["peer"]["account_id"] == s.parents[0].account_id for c in chats
    )


RULES = [
    # rule, who, to whom (indices into the school), default
    ("student_to_teachers", "student", "teacher", True),
    ("student_to_classmates", "student", "classmate", True),
    ("parent_to_teachers", "parent", "teacher", True),
    ("parent_to_class_parents", "parent", "class_parent", True),
    ("parent_to_own_children", "parent", "child", True),
    ("parent_to_staff", "parent", "admin", True),
    ("student_to_staff", "student", "admin", False),
]


def test_each_rule_can_be_switched(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    admin = s.org.admin.client(server)
    people = {
        "student": s.students[0],
        "parent": s.parents[0],
        "teacher": s.teacher,
        "classmate": s.students[1],
        "class_parent": s.parents[1],
        "child": s.students[0],
        "admin": s.org.admin,
    }
    clients = {k: people[k].client(server) for k in ("student", "parent")}
    policy = admin.get(f"/orgs/{org}/policies/direct-messages").json()
    assert {rule: default for rule, _, _, default in RULES} == policy
    for rule, who, whom, default in RULES:
        r = admin.patch(f"/orgs/{org}/policies/direct-messages", json={rule: not default})
        assert r.status_code == 200 and r.json()[rule] is (not default)
        # Only that rule changed.
        assert {k: v for k, v in r.json().items() if k != rule} == {
            k: v for k, v in policy.items() if k != rule
        }
        if default:
            r = open_direct(clients[who], org, people[whom])
            assert r.status_code == 403, (rule, r.text)
            assert error_code(r) == "direct_not_allowed"
            admin.patch(f"/orgs/{org}/policies/direct-messages", json={rule: True})
        # Allowed (by default, or switched on): the chat opens.
        r = open_direct(clients[who], org, people[whom])
        assert r.status_code == 200, (rule, r.text)
        if not default:
            admin.patch(f"/orgs/{org}/policies/direct-messages", json={rule: False})
    assert admin.get(f"/orgs/{org}/policies/direct-messages").json() == policy


@pytest.mark.parametrize("role", ["head", "teacher", "staff", "student", "parent"])
def test_only_administrators_change_the_policy(server: LiveServer, role: str) -> None:
    org = make_org(server)
    someone = make_member(server, org.id, role).client(server)
    url = f"/orgs/{org.id}/policies/direct-messages"
    assert someone.get(url).status_code == 200  # everyone may read the school's rules
    r = someone.patch(url, json={"student_to_staff": True})
    assert r.status_code == 403
    assert someone.get(url).json()["student_to_staff"] is False


def test_bad_policy_bodies_are_422(server: LiveServer) -> None:
    org = make_org(server)
    admin = org.admin.client(server)
    url = f"/orgs/{org.id}/policies/direct-messages"
    for body in ({"student_to_staff": "maybe"}, ["student_to_staff"], "x"):
        assert admin.patch(url, json=body).status_code == 422
    assert admin.patch(url, json={"no_such_rule": True}).status_code == 200
    assert admin.get(url).json()["student_to_staff"] is False


def test_nobody_outside_the_organisation_reaches_a_student(server: LiveServer) -> None:
    s = make_school(server)
    elsewhere = make_org(server)
    foreign_teacher = make_member(server, elsewhere.id, "teacher")
    foreign_admin = elsewhere.admin.client(server)
    # Through their own organisation the student is unknown, whoever asks.
    for api in (foreign_admin, foreign_teacher.client(server)):
        r = open_direct(api, elsewhere.id, s.students[0])
        assert r.status_code == 404
        # And this organisation's routes do not exist for them.
        assert open_direct(api, s.org.id, s.students[0]).status_code == 404
    # Nor can anyone here reach a person of the other organisation.
    for api in (s.teacher.client(server), s.org.admin.client(server)):
        assert open_direct(api, s.org.id, foreign_teacher).status_code == 404
    # The same 404 as for an id that belongs to nobody, or to oneself.
    teacher = s.teacher.client(server)
    r = teacher.post(
        f"/orgs/{s.org.id}/chats/direct", json={"account_id": "01ARZ3NDEKTSV4RRFFQ69G5FAV"}
    )
    assert r.status_code == 404
    assert open_direct(teacher, s.org.id, s.teacher).status_code == 404
    r = teacher.post(f"/orgs/{s.org.id}/chats/direct", json={"account_id": "x" * 27})
    assert r.status_code == 422


def test_a_person_in_two_schools_is_reached_only_by_each_schools_rules(
    server: LiveServer,
) -> None:
    s = make_school(server)
    second = make_org(server)
    # A parent here who works as a teacher at another school.
    make_member(server, second.id, "teacher", person=s.parents[1])
    parent = s.parents[1].client(server)
    # Being staff elsewhere gives no staff reach here.
    r = open_direct(parent, s.org.id, s.other_student)
    assert r.status_code == 403
