"""Parent links per child: who may hand them out, pending parent links, the child's own case."""

from __future__ import annotations

import io
import threading

from PIL import Image

from parta.auth.roles import OrgRole
from parta.models import AuditEvent, Membership, ParentLink
from tests.builders import OrgInfo, make_class, make_member, make_org, make_person
from tests.harness import Api, LiveServer
from tests.invites.helpers import client_of, invite, registration, rows


def test_who_may_get_a_childs_parent_link(server: LiveServer, org: OrgInfo) -> None:
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    c = make_class(server, org.id, 6, "А", teacher=teacher)
    other_teacher = make_member(server, org.id, OrgRole.TEACHER)
    make_class(server, org.id, 6, "Б", teacher=other_teacher)
    child = make_member(server, org.id, OrgRole.STUDENT, class_id=c.id)
    classmate = make_member(server, org.id, OrgRole.STUDENT, class_id=c.id)
    parent = make_member(server, org.id, OrgRole.PARENT)
    url = f"/orgs/{org.id}/members/{child.membership_id}/parent-invite"
    with client_of(server, child) as kid:
        r = kid.get(url)
        assert r.status_code == 200, r.text
        link = r.json()
        assert link["max_uses"] == 2 and link["uses"] == 0
        assert link["url"].endswith("/invite/" + link["token"])
        assert kid.get(url).json()["id"] == link["id"]  # the live one is reused
    for person in (teacher, org.admin):
        with client_of(server, person) as api:
            assert api.get(url).json()["id"] == link["id"]
    for person in (other_teacher, classmate, parent):
        with client_of(server, person) as api:
            assert api.get(url).status_code == 403
    with client_of(server, org.admin) as admin:
        base = f"/orgs/{org.id}/members"
        assert admin.get(f"{base}/{teacher.membership_id}/parent-invite").status_code == 404
        assert admin.get(f"{base}/{'0' * 26}/parent-invite").status_code == 404
        assert admin.get(f"{base}/{'0' * 400}/parent-invite").status_code == 404
        r = admin.get(f"{url}/qr.png")
        assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
        assert Image.open(io.BytesIO(r.content)).format == "PNG"
    other = make_org(server)
    with client_of(server, other.admin) as stranger:
        r = stranger.get(f"/orgs/{other.id}/members/{child.membership_id}/parent-invite")
        assert r.status_code == 404
    created = rows(server, AuditEvent, AuditEvent.target_id == link["id"])
    assert [e.action for e in created] == ["invitation.created"]


def test_parents_join_through_the_childs_link(server: LiveServer, org: OrgInfo) -> None:
    c = make_class(server, org.id, 5, "Д")
    child = make_member(server, org.id, OrgRole.STUDENT, class_id=c.id)
    sibling = make_member(server, org.id, OrgRole.STUDENT, class_id=c.id)
    with client_of(server, child) as kid:
        token = kid.get(f"/orgs/{org.id}/members/{child.membership_id}/parent-invite").json()[
            "token"
        ]
    # Mum registers a new account through the link.
    with Api(server.url) as mum:
        r = mum.post(f"/invite/{token}/register", json=registration())
        assert r.status_code == 201, r.text
        assert r.json()["membership"]["role"] == "parent"
        assert r.json()["membership"]["parent_link_status"] == "pending"
        mum_mid = r.json()["membership"]["membership_id"]
    # Dad already is a parent here (of the sibling): his parent membership is reused.
    dad = make_member(server, org.id, OrgRole.PARENT)
    with client_of(server, dad) as api:
        r = api.post(f"/invite/{token}/join", json={"consent": True})
        assert r.status_code == 201, r.text
        assert r.json()["membership_id"] == dad.membership_id
        again = api.post(f"/invite/{token}/join", json={"consent": True})
        assert again.status_code in (409, 410)
    links = rows(server, ParentLink, ParentLink.student_membership_id == child.membership_id)
    assert {(lk.parent_membership_id, lk.status) for lk in links} == {
        (mum_mid, "pending"),
        (dad.membership_id, "pending"),
    }
    assert rows(server, ParentLink, ParentLink.student_membership_id == sibling.membership_id) == []
    assert len(rows(server, Membership, Membership.account_id == dad.account_id)) == 1
    # Two parents used it: the link is spent.
    third = make_person(server)
    with client_of(server, third) as api:
        r = api.post(f"/invite/{token}/join", json={"consent": True})
        assert r.status_code == 410
        assert r.json()["error"]["code"] == "invitation_exhausted"
    actions = [e.action for e in rows(server, AuditEvent, AuditEvent.org_id == org.id)]
    assert actions.count("parent_link.requested") == 2


def test_parent_cannot_link_twice_to_the_same_child(server: LiveServer, org: OrgInfo) -> None:
    child = make_member(server, org.id, OrgRole.STUDENT)
    parent = make_member(server, org.id, OrgRole.PARENT)
    with client_of(server, org.admin) as admin:
        url = f"/orgs/{org.id}/members/{child.membership_id}/parent-invite"
        token = admin.get(url).json()["token"]
    with client_of(server, parent) as api:
        assert api.post(f"/invite/{token}/join", json={"consent": True}).status_code == 201
        r = api.post(f"/invite/{token}/join", json={"consent": True})
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "already_linked"
    with client_of(server, org.admin) as admin:
        assert admin.get(url).json()["uses"] == 1  # the refused try was not counted


def test_child_opening_their_parents_link(server: LiveServer, org: OrgInfo) -> None:
    child = make_member(server, org.id, OrgRole.STUDENT)
    with client_of(server, child) as kid:
        link = kid.get(f"/orgs/{org.id}/members/{child.membership_id}/parent-invite").json()
        view = kid.get(f"/invite/{link['token']}")
        assert view.status_code == 200
        assert view.json()["warning"] == {
            "code": "cannot_be_own_parent",
            "message": "This link is for your parents: send it to them.",
        }
        r = kid.post(f"/invite/{link['token']}/join", json={"consent": True})
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "cannot_be_own_parent"
        assert r.json()["error"]["message"] == "This link is for your parents: send it to them."
    assert rows(server, Membership, Membership.account_id == child.account_id)[0].role == "student"
    assert len(rows(server, Membership, Membership.account_id == child.account_id)) == 1
    # Anonymous visitors (the parents) see no warning.
    with Api(server.url) as anon:
        assert anon.get(f"/invite/{link['token']}").json()["warning"] is None


def test_concurrent_uses_never_exceed_max_uses(server: LiveServer, org: OrgInfo) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "parent", max_uses=3)
    people = [make_person(server) for _ in range(8)]
    clients = [p.client(server) for p in people]
    start = threading.Barrier(len(clients))
    statuses: list[int] = []
    lock = threading.Lock()

    def join(api: Api) -> None:
        start.wait()
        r = api.post(f"/invite/{inv['token']}/join", json={"consent": True})
        with lock:
            statuses.append(r.status_code)

    threads = [threading.Thread(target=join, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for c in clients:
        c.close()
    assert sorted(statuses) == [201, 201, 201, 410, 410, 410, 410, 410]
    with client_of(server, org.admin) as admin:
        shown = admin.get(f"/orgs/{org.id}/invitations/{inv['id']}").json()
        assert shown["uses"] == 3 and shown["status"] == "exhausted"
        assert len(admin.get(f"/orgs/{org.id}/invitations/{inv['id']}/uses").json()) == 3
    joined = rows(server, Membership, Membership.invitation_id == inv["id"])
    assert len(joined) == 3
