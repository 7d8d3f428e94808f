"""Parent–child links: who sees and decides them, and who sees a family."""

from __future__ import annotations

from parta.auth.roles import OrgRole
from tests.builders import OrgInfo, make_member
from tests.harness import LiveServer, body_of
from tests.members.helpers import make_family, make_parent_link


def test_class_teacher_confirms_links_of_own_class(server: LiveServer, org: OrgInfo) -> None:
    fam = make_family(server, org, 5, "А")
    other = make_family(server, org, 6, "Б")
    t_api = fam.class_teacher.client(server)
    r = t_api.get(f"/orgs/{org.id}/parent-links", params={"status": "pending"})
    assert r.status_code == 200
    assert [lk["id"] for lk in r.json()] == [fam.link_id]
    link = r.json()[0]
    assert link["parent"]["membership_id"] == fam.parent.membership_id
    assert link["student"]["class_label"] == "5А"
    assert t_api.post(f"/orgs/{org.id}/parent-links/{other.link_id}/confirm").status_code == 403
    r = t_api.post(f"/orgs/{org.id}/parent-links/{fam.link_id}/confirm")
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    msg = server.mailbox.wait_for(fam.parent.email, "подтверждена")
    assert fam.student.name in body_of(msg)
    admin = org.admin.client(server)
    all_links = admin.get(f"/orgs/{org.id}/parent-links").json()
    assert {lk["id"] for lk in all_links} == {fam.link_id, other.link_id}
    r = admin.post(f"/orgs/{org.id}/parent-links/{other.link_id}/reject")
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    server.mailbox.wait_for(other.parent.email, "не подтверждена")
    rejected = admin.get(f"/orgs/{org.id}/parent-links", params={"status": "rejected"}).json()
    assert [lk["id"] for lk in rejected] == [other.link_id]
    actions = [e["action"] for e in admin.get(f"/orgs/{org.id}/audit").json()["items"][:2]]
    assert actions == ["parent_link.rejected", "parent_link.confirmed"]
    assert admin.get(f"/orgs/{org.id}/parent-links", params={"status": "x"}).status_code == 422


def test_others_cannot_handle_links(server: LiveServer, org: OrgInfo) -> None:
    fam = make_family(server, org)
    for person in (
        fam.parent,
        fam.student,
        make_member(server, org.id, OrgRole.STAFF),
        make_member(server, org.id, OrgRole.TEACHER),  # leads no class
    ):
        api = person.client(server)
        assert api.get(f"/orgs/{org.id}/parent-links").status_code == 403
        r = api.post(f"/orgs/{org.id}/parent-links/{fam.link_id}/confirm")
        assert r.status_code == 403
    admin = org.admin.client(server)
    assert admin.post(f"/orgs/{org.id}/parent-links/{'Z' * 26}/confirm").status_code == 404


def test_children_and_parents_visibility(server: LiveServer, org: OrgInfo) -> None:
    fam = make_family(server, org)
    classmate = make_member(server, org.id, OrgRole.STUDENT, class_id=fam.school_class.id)
    p_api = fam.parent.client(server)
    r = p_api.get(f"/orgs/{org.id}/members/{fam.parent.membership_id}/children")
    assert r.status_code == 200
    assert [lk["student"]["membership_id"] for lk in r.json()] == [fam.student.membership_id]
    assert r.json()[0]["status"] == "pending"
    # A pending parent is not yet the student's parent for the student's own page.
    assert (
        p_api.get(f"/orgs/{org.id}/members/{fam.student.membership_id}/parents").status_code == 403
    )
    org.admin.client(server).post(f"/orgs/{org.id}/parent-links/{fam.link_id}/confirm")
    r = p_api.get(f"/orgs/{org.id}/members/{fam.student.membership_id}/parents")
    assert [lk["parent"]["membership_id"] for lk in r.json()] == [fam.parent.membership_id]
    s_api = fam.student.client(server)
    assert (
        s_api.get(f"/orgs/{org.id}/members/{fam.student.membership_id}/parents").status_code == 200
    )
    c_api = classmate.client(server)
    assert (
        c_api.get(f"/orgs/{org.id}/members/{fam.student.membership_id}/parents").status_code == 403
    )
    assert (
        c_api.get(f"/orgs/{org.id}/members/{fam.parent.membership_id}/children").status_code == 403
    )
    t_api = fam.class_teacher.client(server)
    assert (
        t_api.get(f"/orgs/{org.id}/members/{fam.parent.membership_id}/children").status_code == 200
    )
    # Asking for a student's children is a 404: that person is no parent.
    r = t_api.get(f"/orgs/{org.id}/members/{fam.student.membership_id}/children")
    assert r.status_code == 404


def test_request_link_is_idempotent_and_reopens_rejected(server: LiveServer, org: OrgInfo) -> None:
    fam = make_family(server, org)
    assert fam.parent.membership_id and fam.student.membership_id
    again = make_parent_link(server, org.id, fam.parent.membership_id, fam.student.membership_id)
    assert again == fam.link_id
    admin = org.admin.client(server)
    admin.post(f"/orgs/{org.id}/parent-links/{fam.link_id}/reject")
    reopened = make_parent_link(server, org.id, fam.parent.membership_id, fam.student.membership_id)
    assert reopened == fam.link_id
    pending = admin.get(f"/orgs/{org.id}/parent-links", params={"status": "pending"}).json()
    assert [lk["id"] for lk in pending] == [fam.link_id]
