"""GET /chats/direct/candidates: exactly the people the direct-message policy lets me write
to, for every role; searched by name (any case, Cyrillic, ё = е); never another school."""

from __future__ import annotations

from typing import Any

from tests.builders import Person, make_member, make_org, make_person
from tests.chats.helpers import School, link_parent, make_school
from tests.harness import Api, LiveServer


def candidates(api: Api, org_id: str, **query: Any) -> list[dict[str, Any]]:
    r = api.get(f"/orgs/{org_id}/chats/direct/candidates", params=query)
    assert r.status_code == 200, r.text
    data: list[dict[str, Any]] = r.json()
    return data


def ids(found: list[dict[str, Any]]) -> set[str]:
    return {c["account_id"] for c in found}


def everyone(s: School) -> list[Person]:
    return [s.org.admin, s.teacher, s.other_teacher, *s.students, s.other_student, *s.parents]


def test_each_role_sees_exactly_whom_the_policy_allows(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    outsider_parent = make_member(server, org, "parent")
    link_parent(server, org, outsider_parent, s.other_student)
    unverified = make_member(server, org, "teacher", verified=False)
    people = [*everyone(s), outsider_parent, unverified]
    # Another school with the same kinds of people never appears.
    other = make_school(server)
    strangers = {p.account_id for p in everyone(other)}

    t, t2, admin = s.teacher, s.other_teacher, s.org.admin
    (k0, k1), k_other = s.students, s.other_student
    p0, p1 = s.parents
    staff_reach = {p.account_id for p in people}
    expected: dict[str, list[Person]] = {
        # students: verified teachers and classmates (not staff, parents, other classes)
        k0.account_id: [t, t2, k1],
        k1.account_id: [t, t2, k0],
        k_other.account_id: [t, t2],
        # parents: teachers, the administration, their own child, parents of the class
        p0.account_id: [t, t2, admin, k0, p1],
        p1.account_id: [t, t2, admin, k1, p0],
        outsider_parent.account_id: [t, t2, admin, k_other],
        # an unverified "teacher" starts nothing until verified
        unverified.account_id: [],
    }
    for who in people:
        api = who.client(server)
        found = candidates(api, org, limit=200)
        got = ids(found)
        assert not got & strangers
        want = expected.get(who.account_id)
        want_ids = (
            {p.account_id for p in want} if want is not None else staff_reach - {who.account_id}
        )
        assert got == want_ids, who.name
        for c in found:
            assert set(c) == {"account_id", "name", "roles", "verified", "class_label"}
        # And the policy agrees: each candidate can be written to.
        for c in found[:3]:
            r = api.post(f"/orgs/{org}/chats/direct", json={"account_id": c["account_id"]})
            assert r.status_code == 200, r.text
    by_id = {c["account_id"]: c for c in candidates(p0.client(server), org)}
    assert by_id[k0.account_id]["class_label"] == "5А"
    assert by_id[k0.account_id]["roles"] == ["student"]
    assert by_id[t.account_id]["verified"] is True


def test_a_rule_switched_off_removes_people_at_once(server: LiveServer) -> None:
    s = make_school(server)
    org = s.org.id
    admin = s.org.admin.client(server)
    r = admin.patch(f"/orgs/{org}/policies/direct-messages", json={"student_to_classmates": False})
    assert r.status_code == 200, r.text
    student = ids(candidates(s.students[0].client(server), org))
    assert student == {s.teacher.account_id, s.other_teacher.account_id}
    r = admin.patch(f"/orgs/{org}/policies/direct-messages", json={"student_to_staff": True})
    assert s.org.admin.account_id in ids(candidates(s.students[0].client(server), org))


def test_search_by_name_any_case_and_limit(server: LiveServer) -> None:
    org = make_org(server)
    teacher = make_member(server, org.id, "teacher")
    names = ["Ёлкина Анна", "Елкин Пётр", "Смирнова Мария", "Johnson Mary"]
    made = {n: make_member(server, org.id, "parent", person=make_person(server, n)) for n in names}
    api = teacher.client(server)
    assert ids(candidates(api, org.id, q="ЕЛКИН")) == {
        made["Ёлкина Анна"].account_id,
        made["Елкин Пётр"].account_id,
    }
    assert ids(candidates(api, org.id, q="пётр")) == {made["Елкин Пётр"].account_id}
    assert ids(candidates(api, org.id, q="mary")) == {made["Johnson Mary"].account_id}
    assert candidates(api, org.id, q="нет такого") == []
    # Sorted by name, capped by limit.
    all_found = candidates(api, org.id, limit=200)
    assert [c["name"] for c in all_found] == sorted(
        (c["name"] for c in all_found), key=lambda n: n.casefold().replace("ё", "е")
    )
    assert len(candidates(api, org.id, limit=2)) == 2
    assert api.get(f"/orgs/{org.id}/chats/direct/candidates?limit=0").status_code == 422
    assert api.get(f"/orgs/{org.id}/chats/direct/candidates?limit=201").status_code == 422
    assert api.get(f"/orgs/{org.id}/chats/direct/candidates?q={'x' * 201}").status_code == 422


def test_not_a_member_of_the_org_is_404(server: LiveServer) -> None:
    org = make_org(server)
    other = make_org(server)
    r = other.admin.client(server).get(f"/orgs/{org.id}/chats/direct/candidates")
    assert r.status_code == 404
    assert candidates(org.admin.client(server), org.id) == []
