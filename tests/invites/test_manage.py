"""Managing invitations: who may invite whom where, listing, revoking, QR codes, tenancy."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from parta.auth.roles import OrgRole
from parta.models import AuditEvent
from tests.builders import OrgInfo, make_class, make_member, make_org
from tests.harness import LiveServer
from tests.invites.helpers import client_of, invite, rows, token_of


def test_admin_creates_role_invitation_with_link(server: LiveServer, org: OrgInfo) -> None:
    c = make_class(server, org.id, 5, "А")
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student", class_id=c.id, max_uses=30, label="5А")
        assert inv["role"] == "student"
        assert inv["kind"] == "role"
        assert inv["class"] == {"id": c.id, "label": "5А"}
        assert inv["max_uses"] == 30 and inv["uses"] == 0
        assert inv["revoked"] is False and inv["status"] == "active"
        assert inv["created_by_name"] == org.admin.name
        assert inv["url"] == f"{server.url}/invite/{inv['token']}"
        # Default lifetime: one week.
        again = admin.get(f"/orgs/{org.id}/invitations/{inv['id']}").json()
        assert again["token"] == inv["token"] and again["url"] == inv["url"]
        assert again["expires_at"] == inv["expires_at"]
    events = rows(server, AuditEvent, AuditEvent.org_id == org.id)
    created = [e for e in events if e.action == "invitation.created"]
    assert [e.target_id for e in created] == [inv["id"]]
    assert created[0].actor_id == org.admin.account_id


def test_invalid_bodies_are_4xx(server: LiveServer, org: OrgInfo) -> None:
    other = make_org(server)
    foreign_class = make_class(server, other.id, 5, "Б")
    with client_of(server, org.admin) as admin:
        url = f"/orgs/{org.id}/invitations"
        bodies: list[object] = [
            {"role": "god"},
            {"role": "student", "expires_in_hours": 0},
            {"role": "student", "expires_in_hours": 2161},
            {"role": "student", "max_uses": 0},
            {"role": "student", "max_uses": 1001},
            {"role": "student", "class_id": "x" * 27},
            {"role": "student", "label": "x" * 201},
            {"role": ["student"]},
            [],
        ]
        for body in bodies:
            r = admin.post(url, json=body)
            assert r.status_code == 422, (body, r.text)
        r = admin.post(url, json={"role": "student", "class_id": foreign_class.id})
        assert r.status_code == 404
        r = admin.post(url, json={"role": "student", "group_id": "01ARZ3NDEKTSV4RRFFQ69G5FAV"})
        assert r.status_code == 404
        r = admin.post(url, content=b"not json", headers={"content-type": "application/json"})
        assert r.status_code == 422


def test_head_invites_any_role_but_admin(server: LiveServer, org: OrgInfo) -> None:
    head = make_member(server, org.id, OrgRole.HEAD)
    with client_of(server, head) as api:
        for role in ("teacher", "staff", "head", "student", "parent"):
            invite(api, org.id, role)
        r = api.post(f"/orgs/{org.id}/invitations", json={"role": "admin"})
        assert r.status_code == 403
    with client_of(server, org.admin) as admin:
        assert invite(admin, org.id, "admin")["role"] == "admin"


def test_teacher_invites_only_students_and_parents_of_own_class(
    server: LiveServer, org: OrgInfo
) -> None:
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    own = make_class(server, org.id, 7, "А", teacher=teacher)
    other = make_class(server, org.id, 7, "Б")
    url = f"/orgs/{org.id}/invitations"
    with client_of(server, teacher) as api:
        assert invite(api, org.id, "student", class_id=own.id)["class"]["label"] == "7А"
        assert invite(api, org.id, "parent", class_id=own.id)["role"] == "parent"
        for body in (
            {"role": "student", "class_id": other.id},
            {"role": "student"},
            {"role": "teacher", "class_id": own.id},
            {"role": "admin", "class_id": own.id},
        ):
            r = api.post(url, json=body)
            assert r.status_code == 403, body
            assert r.json()["error"]["code"] == "forbidden"


def test_unverified_teacher_and_students_cannot_invite(server: LiveServer, org: OrgInfo) -> None:
    teacher = make_member(server, org.id, OrgRole.TEACHER, verified=False)
    c = make_class(server, org.id, 8, "А", teacher=teacher)
    student = make_member(server, org.id, OrgRole.STUDENT, class_id=c.id)
    for person in (teacher, student):
        with client_of(server, person) as api:
            r = api.post(f"/orgs/{org.id}/invitations", json={"role": "student", "class_id": c.id})
            assert r.status_code == 403
            assert api.get(f"/orgs/{org.id}/invitations").status_code == 403


def test_listing_admin_sees_all_teacher_own(server: LiveServer, org: OrgInfo) -> None:
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    c = make_class(server, org.id, 6, "В", teacher=teacher)
    with client_of(server, org.admin) as admin, client_of(server, teacher) as t:
        a_inv = invite(admin, org.id, "teacher")
        t_inv = invite(t, org.id, "student", class_id=c.id)
        all_ids = [i["id"] for i in admin.get(f"/orgs/{org.id}/invitations").json()]
        assert all_ids[:2] == [t_inv["id"], a_inv["id"]]  # newest first
        mine = t.get(f"/orgs/{org.id}/invitations").json()
        assert [i["id"] for i in mine] == [t_inv["id"]]
        # A teacher cannot open or revoke an invitation someone else made.
        assert t.get(f"/orgs/{org.id}/invitations/{a_inv['id']}").status_code == 403
        assert t.post(f"/orgs/{org.id}/invitations/{a_inv['id']}/revoke").status_code == 403
        assert admin.get(f"/orgs/{org.id}/invitations/{t_inv['id']}").status_code == 200


def test_other_orgs_invitation_is_404(server: LiveServer, org: OrgInfo) -> None:
    other = make_org(server)
    with client_of(server, other.admin) as b:
        foreign = invite(b, other.id, "student")
    with client_of(server, org.admin) as admin:
        base = f"/orgs/{org.id}/invitations"
        for suffix in ("", "/uses", "/qr.png"):
            r = admin.get(f"{base}/{foreign['id']}{suffix}")
            assert r.status_code == 404, suffix
            assert foreign["token"] not in r.text
        assert admin.post(f"{base}/{foreign['id']}/revoke").status_code == 404
        assert admin.get(f"{base}/{'Z' * 300}").status_code == 404
        # Not a member of the other organisation: its routes are 404 too.
        assert admin.get(f"/orgs/{other.id}/invitations").status_code == 404
    with client_of(server, other.admin) as b:
        assert b.get(f"/orgs/{other.id}/invitations/{foreign['id']}").json()["revoked"] is False


def test_revoke_stops_the_link(server: LiveServer, org: OrgInfo) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "parent")
        r = admin.post(f"/orgs/{org.id}/invitations/{inv['id']}/revoke")
        assert r.status_code == 200
        assert r.json()["revoked"] is True and r.json()["status"] == "revoked"
        assert admin.post(f"/orgs/{org.id}/invitations/{inv['id']}/revoke").status_code == 200
        r = admin.get(f"/invite/{token_of(inv['url'])}")
        assert r.status_code == 410
        assert r.json()["error"]["code"] == "invitation_revoked"
    revoked = rows(
        server, AuditEvent, AuditEvent.org_id == org.id, AuditEvent.action == "invitation.revoked"
    )
    assert [e.target_id for e in revoked] == [inv["id"]]  # once, not twice


def test_qr_code_is_a_png_of_the_link(server: LiveServer, org: OrgInfo) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student")
        r = admin.get(f"/orgs/{org.id}/invitations/{inv['id']}/qr.png")
        assert r.status_code == 200
        assert r.headers["content-type"] == "image/png"
        assert r.headers["cache-control"] == "no-store"
        assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
        image = Image.open(io.BytesIO(r.content))
        assert image.format == "PNG"
        width, height = image.size
        assert width == height and width >= 21 * 8  # at least a version-1 code, 8 px/module


@pytest.mark.parametrize("role", ["staff", "parent"])
def test_people_without_invite_rights_get_403(server: LiveServer, org: OrgInfo, role: str) -> None:
    person = make_member(server, org.id, role)
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student")
    with client_of(server, person) as api:
        assert api.get(f"/orgs/{org.id}/invitations/{inv['id']}").status_code == 403
        assert api.get(f"/orgs/{org.id}/invitations/{inv['id']}/qr.png").status_code == 403
