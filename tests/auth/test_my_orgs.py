"""The organisations I belong to, and switching between them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.models import Membership, Org
from tests.builders import make_class, make_member, make_org, make_person
from tests.harness import LiveServer


def _set_status(
    server: LiveServer, model: type[Membership] | type[Org], row_id: str, status: str
) -> None:
    async def _go(db: AsyncSession) -> None:
        await db.execute(sa.update(model).where(model.id == row_id).values(status=status))

    server.db(_go)


def test_my_orgs_lists_roles_and_switches(server: LiveServer) -> None:
    school = make_org(server, "Школа №1")
    college = make_org(server, "Колледж связи")
    cls = make_class(server, school.id, 5, "А")
    p = make_person(server)
    parent = make_member(server, school.id, OrgRole.PARENT, class_id=cls.id, person=p)
    teacher = make_member(server, school.id, OrgRole.TEACHER, verified=False, person=p)
    student = make_member(server, college.id, OrgRole.STUDENT, person=p)
    me = p.client(server)

    orgs = me.get("/me/orgs").json()
    by_id = {o["org_id"]: o for o in orgs}
    assert set(by_id) == {school.id, college.id}
    s = by_id[school.id]
    assert (s["name"], s["kind"], s["current"]) == ("Школа №1", "school", True)
    roles = {r["membership_id"]: r for r in s["roles"]}
    assert roles[parent.membership_id] == {
        "membership_id": parent.membership_id,
        "role": "parent",
        "verified": True,
        "class_id": cls.id,
        "class_label": "5А",
    }
    assert roles[teacher.membership_id]["role"] == "teacher"
    assert roles[teacher.membership_id]["verified"] is False
    assert roles[teacher.membership_id]["class_label"] is None
    c = by_id[college.id]
    assert c["current"] is False
    assert [r["membership_id"] for r in c["roles"]] == [student.membership_id]

    r = me.put("/me/current-org", json={"org_id": college.id})
    assert r.status_code == 200, r.text
    assert r.json()["org_id"] == college.id
    assert r.json()["current"] is True
    assert me.get("/me").json()["last_org_id"] == college.id
    current = [o["org_id"] for o in me.get("/me/orgs").json() if o["current"]]
    assert current == [college.id]


def test_cannot_switch_to_an_org_i_am_not_in(server: LiveServer) -> None:
    mine = make_org(server)
    theirs = make_org(server)
    p = make_member(server, mine.id, OrgRole.STUDENT)
    me = p.client(server)
    for org_id in (theirs.id, "0" * 26, "nope", "A" * 60):
        r = me.put("/me/current-org", json={"org_id": org_id})
        assert r.status_code == 404, (org_id, r.text)
        assert r.json()["error"]["code"] == "not_found"
    for body in ({}, {"org_id": ""}, {"org_id": "A" * 100}, {"org_id": 5}):
        assert me.put("/me/current-org", json=body).status_code == 422, body
    assert me.get("/me").json()["last_org_id"] == mine.id


def test_removed_memberships_and_closed_orgs_are_not_listed(server: LiveServer) -> None:
    a = make_org(server)
    b = make_org(server)
    c = make_org(server)
    p = make_person(server)
    make_member(server, a.id, OrgRole.PARENT, person=p)
    gone = make_member(server, b.id, OrgRole.STUDENT, person=p)
    make_member(server, c.id, OrgRole.STAFF, person=p)
    _set_status(server, Membership, gone.membership_id or "", "removed")
    _set_status(server, Org, c.id, "suspended")
    me = p.client(server)
    orgs = me.get("/me/orgs").json()
    assert [o["org_id"] for o in orgs] == [a.id]
    assert orgs[0]["current"] is True
    for org_id in (b.id, c.id):
        assert me.put("/me/current-org", json={"org_id": org_id}).status_code == 404


def test_current_falls_back_when_the_remembered_org_is_gone(server: LiveServer) -> None:
    a = make_org(server)
    b = make_org(server)
    p = make_person(server)
    first = make_member(server, a.id, OrgRole.PARENT, person=p)
    make_member(server, b.id, OrgRole.PARENT, person=p)
    me = p.client(server)
    assert me.get("/me").json()["last_org_id"] == a.id
    _set_status(server, Membership, first.membership_id or "", "removed")
    orgs = me.get("/me/orgs").json()
    assert [(o["org_id"], o["current"]) for o in orgs] == [(b.id, True)]


def test_my_orgs_empty_and_private(server: LiveServer) -> None:
    org = make_org(server)
    make_member(server, org.id, OrgRole.STUDENT)
    loner = make_person(server)
    me = loner.client(server)
    assert me.get("/me/orgs").json() == []
    # Another member's memberships are not mine to see.
    admin = org.admin.client(server)
    listed = admin.get("/me/orgs").json()
    assert len(listed) == 1
    assert [r["role"] for r in listed[0]["roles"]] == ["admin"]
