"""Tenant isolation: another organisation's objects are invisible (404) and unchangeable."""

from __future__ import annotations

from parta.auth.roles import OrgRole
from tests.builders import make_class, make_member, make_org
from tests.harness import LiveServer
from tests.members.helpers import make_parent_link


def test_other_org_gets_404_everywhere(server: LiveServer) -> None:
    a = make_org(server)
    b = make_org(server)
    a_teacher = make_member(server, a.id, OrgRole.TEACHER, verified=False)
    a_class = make_class(server, a.id, 5, "А", teacher=a_teacher)
    a_student = make_member(server, a.id, OrgRole.STUDENT, class_id=a_class.id)
    a_parent = make_member(server, a.id, OrgRole.PARENT)
    assert a_parent.membership_id and a_student.membership_id
    a_link = make_parent_link(server, a.id, a_parent.membership_id, a_student.membership_id)
    a_admin = a.admin.client(server)
    a_group = a_admin.post(f"/orgs/{a.id}/groups", json={"kind": "study", "name": "Хор"}).json()[
        "id"
    ]
    b_class = make_class(server, b.id, 5, "А")
    b_student = make_member(server, b.id, OrgRole.STUDENT, class_id=b_class.id)
    b_group = b.admin.client(server)
    bg = b_group.post(f"/orgs/{b.id}/groups", json={"kind": "study", "name": "Хор"}).json()["id"]
    api = b.admin.client(server)
    ms, cl, gr, yr = a_student.membership_id, a_class.id, a_group, a_class.year_id

    # Through org A's URLs: B's admin is not a member of A at all.
    for method, path, body in [
        ("GET", "", None),
        ("PATCH", "", {"name": "Взлом"}),
        ("GET", "/classes", None),
        ("GET", f"/classes/{cl}", None),
        ("PATCH", f"/classes/{cl}", {"letter": "Я"}),
        ("DELETE", f"/classes/{cl}", None),
        ("GET", "/groups", None),
        ("POST", f"/groups/{gr}/members", {"membership_id": ms}),
        ("GET", "/members", None),
        ("GET", f"/members/{ms}", None),
        ("PATCH", f"/members/{ms}", {"title": "x"}),
        ("DELETE", f"/members/{ms}", None),
        ("POST", f"/members/{a_teacher.membership_id}/verify", None),
        ("GET", "/parent-links", None),
        ("POST", f"/parent-links/{a_link}/confirm", None),
        ("GET", "/audit", None),
        ("GET", "/academic-years", None),
        ("POST", f"/academic-years/{yr}/finish", None),
    ]:
        r = api.request(method, f"/orgs/{a.id}{path}", json=body)
        assert r.status_code == 404, (method, path, r.text)
        assert r.json()["error"]["code"] == "not_found"

    # Through B's own URLs with A's ids: scoped lookups find nothing.
    for method, path, body in [
        ("GET", f"/classes/{cl}", None),
        ("GET", f"/classes?year_id={yr}", None),
        ("PATCH", f"/classes/{cl}", {"letter": "Я"}),
        ("DELETE", f"/classes/{cl}", None),
        ("GET", f"/groups/{gr}", None),
        ("GET", f"/groups/{gr}/members", None),
        ("DELETE", f"/groups/{gr}", None),
        ("GET", f"/members/{ms}", None),
        ("PATCH", f"/members/{ms}", {"title": "x"}),
        ("DELETE", f"/members/{ms}", None),
        ("POST", f"/members/{a_teacher.membership_id}/verify", None),
        ("POST", f"/members/{ms}/move", {"class_id": b_class.id}),
        ("GET", f"/members/{a_parent.membership_id}/children", None),
        ("GET", f"/members/{ms}/parents", None),
        ("POST", f"/parent-links/{a_link}/confirm", None),
        ("POST", f"/parent-links/{a_link}/reject", None),
        ("POST", f"/academic-years/{yr}/make-current", None),
        ("POST", f"/academic-years/{yr}/finish", None),
    ]:
        r = api.request(method, f"/orgs/{b.id}{path}", json=body)
        assert r.status_code == 404, (method, path, r.text)

    # A's ids inside B's bodies are invalid references, never links across tenants.
    r = api.post(f"/orgs/{b.id}/members/{b_student.membership_id}/move", json={"class_id": cl})
    assert r.status_code == 422
    r = api.post(f"/orgs/{b.id}/groups/{bg}/members", json={"membership_id": ms})
    assert r.status_code == 422
    r = api.patch(
        f"/orgs/{b.id}/classes/{b_class.id}",
        json={"class_teacher_membership_id": a_teacher.membership_id},
    )
    assert r.status_code == 422
    audit = api.get(f"/orgs/{b.id}/audit", params={"target_id": cl}).json()["items"]
    assert audit == []

    # Nothing of A changed.
    cls = a_admin.get(f"/orgs/{a.id}/classes/{cl}").json()
    assert cls["label"] == "5А" and cls["student_count"] == 1
    assert (
        a_admin.get(f"/orgs/{a.id}/members/{a_teacher.membership_id}").json()["verified"] is False
    )
    links = a_admin.get(f"/orgs/{a.id}/parent-links").json()
    assert [(lk["id"], lk["status"]) for lk in links] == [(a_link, "pending")]
    assert a_admin.get(f"/orgs/{a.id}").json()["name"] == a.name
    assert len(a_admin.get(f"/orgs/{a.id}/groups").json()) == 1
