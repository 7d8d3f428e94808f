"""Registering through role and personal links; consent and policy; joining when signed in."""

from __future__ import annotations

from parta.auth.roles import OrgRole
from parta.models import (
    Account,
    AuditEvent,
    Consent,
    Group,
    GroupMember,
    InvitationUse,
    Membership,
)
from tests.builders import OrgInfo, make_class, make_member, make_person
from tests.harness import Api, LiveServer, body_of
from tests.invites.helpers import (
    POLICY,
    client_of,
    code_in,
    invite,
    pending_member,
    personal_invitation,
    registration,
    rows,
    signed_in,
    wait_mail,
)


def test_student_registers_into_class(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    c = make_class(server, org.id, 8, "В")
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student", class_id=c.id)
    body = registration(display_name="Пётр Иванов")
    r = anon.post(f"/invite/{inv['token']}/register", json=body)
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["account"]["email"] == body["email"]
    assert data["account"]["email_verified"] is False
    assert data["membership"]["role"] == "student" and data["membership"]["org_id"] == org.id
    assert data["token"].startswith("pst_") and data["csrf_token"]
    account_id = data["account"]["id"]
    # The session works right away.
    with signed_in(server, data["token"]) as me:
        assert me.get("/me").json()["id"] == account_id
    [m] = rows(server, Membership, Membership.account_id == account_id)
    assert (m.role, m.class_id, m.status, m.invitation_id) == ("student", c.id, "active", inv["id"])
    [consent] = rows(server, Consent, Consent.account_id == account_id)
    assert consent.given_by == "self" and consent.policy_version == POLICY
    assert consent.org_id == org.id and consent.ip == anon.ip
    [use] = rows(server, InvitationUse, InvitationUse.invitation_id == inv["id"])
    assert use.account_id == account_id and use.membership_id == m.id and use.ip == anon.ip
    # A code to confirm the e-mail arrives in the person's language.
    msg = wait_mail(server, body["email"], "подтвердите адрес почты")
    assert len(code_in(msg)) == 6 and "Пётр Иванов" in body_of(msg)
    actions = [
        (e.action, e.target_id) for e in rows(server, AuditEvent, AuditEvent.actor_id == account_id)
    ]
    assert ("invitation.used", inv["id"]) in actions
    assert ("member.joined", m.id) in actions
    assert ("account.registered", account_id) in actions
    with client_of(server, org.admin) as admin:
        shown = admin.get(f"/orgs/{org.id}/invitations/{inv['id']}").json()
        assert shown["uses"] == 1
        uses = admin.get(f"/orgs/{org.id}/invitations/{inv['id']}/uses")
        assert uses.status_code == 200
        [u] = uses.json()
        assert u == {
            "membership_id": m.id,
            "name": "Пётр Иванов",
            "role": "student",
            "used_at": u["used_at"],
        }
        assert body["email"] not in uses.text  # no contact details of other people


def test_cookie_transport_sets_the_session_cookie(
    server: LiveServer, org: OrgInfo, anon: Api
) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "parent")
    r = anon.post(f"/invite/{inv['token']}/register", json=registration(transport="cookie"))
    assert r.status_code == 201
    assert r.json()["token"] is None
    assert "parta_session" in r.cookies
    assert anon.get("/me").json()["id"] == r.json()["account"]["id"]


def test_teacher_joins_unverified_and_cannot_invite(
    server: LiveServer, org: OrgInfo, anon: Api
) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "teacher")
    r = anon.post(f"/invite/{inv['token']}/register", json=registration(phone="+7 900 123-45-67"))
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["membership"]["role"] == "teacher" and data["membership"]["verified"] is False
    assert data["account"]["phone"] == "+79001234567"
    [m] = rows(server, Membership, Membership.id == data["membership"]["membership_id"])
    assert m.verified_at is None
    with signed_in(server, data["token"]) as t:
        r = t.post(f"/orgs/{org.id}/invitations", json={"role": "student"})
        assert r.status_code == 403


def test_admin_invitation_makes_an_admin(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "admin", max_uses=1)
    r = anon.post(f"/invite/{inv['token']}/register", json=registration())
    assert r.status_code == 201, r.text
    assert r.json()["membership"]["role"] == "admin"
    with signed_in(server, r.json()["token"]) as new_admin:
        assert invite(new_admin, org.id, "admin")["role"] == "admin"


def test_personal_invitation_claims_the_roster_entry(
    server: LiveServer, org: OrgInfo, anon: Api
) -> None:
    c = make_class(server, org.id, 10, "А")
    mid = pending_member(server, org.id, OrgRole.STUDENT, "Кузнецова Мария", class_id=c.id)
    token = personal_invitation(server, org.id, mid, OrgRole.STUDENT, org.admin.account_id)
    landing = anon.get(f"/invite/{token}").json()
    assert landing["for_person"] == "Кузнецова Мария" and landing["class_label"] == "10А"
    r = anon.post(f"/invite/{token}/register", json=registration(display_name="Маша"))
    assert r.status_code == 201, r.text
    assert r.json()["membership"]["membership_id"] == mid
    [m] = rows(server, Membership, Membership.id == mid)
    assert m.account_id == r.json()["account"]["id"] and m.status == "active"
    assert m.class_id == c.id and m.full_name == "Кузнецова Мария"
    # No second membership was created, and the link is spent.
    assert len(rows(server, Membership, Membership.account_id == m.account_id)) == 1
    again = anon.post(f"/invite/{token}/register", json=registration())
    assert again.status_code == 410
    assert again.json()["error"]["code"] == "invitation_exhausted"


def test_personal_invitation_claimed_by_existing_account(server: LiveServer, org: OrgInfo) -> None:
    mid = pending_member(server, org.id, OrgRole.TEACHER, "Орлов Павел Ильич")
    token = personal_invitation(server, org.id, mid, OrgRole.TEACHER, org.admin.account_id)
    person = make_person(server)
    with client_of(server, person) as api:
        r = api.post(f"/invite/{token}/join", json={"consent": True})
        assert r.status_code == 201, r.text
        assert r.json()["membership_id"] == mid
    [m] = rows(server, Membership, Membership.id == mid)
    assert m.account_id == person.account_id and m.status == "active"


def test_consent_is_required(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "parent")
    url = f"/invite/{inv['token']}/register"
    body = registration(consent=False)
    r = anon.post(url, json=body)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "consent_required"
    no_field = {k: v for k, v in registration().items() if k != "consent"}
    assert anon.post(url, json=no_field).json()["error"]["code"] == "consent_required"
    assert rows(server, Account, Account.email == body["email"]) == []
    person = make_person(server)
    with client_of(server, person) as api:
        r = api.post(f"/invite/{inv['token']}/join", json={})
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "consent_required"


def test_policy_version_mismatch_is_409(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "parent")
    r = anon.post(
        f"/invite/{inv['token']}/register", json=registration(policy_version="2020-01-01")
    )
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "policy_changed"
    assert r.json()["error"]["fields"] == {"policy_version": POLICY}


def test_duplicate_email_and_missing_contacts(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    existing = make_person(server)
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "parent")
    url = f"/invite/{inv['token']}/register"
    r = anon.post(url, json=registration(email=existing.email.upper()))
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "email_taken"
    r = anon.post(url, json=registration(email=None))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "contact_required"
    for bad in (
        {"email": "not-an-email"},
        {"phone": "12"},
        {"password": "short"},
        {"display_name": "   "},
        {"display_name": "x" * 121},
        {"language": "de"},
        {"transport": "smoke"},
        {"password": None},
        {"email": ["a@b.c"]},
    ):
        r = anon.post(url, json=registration(**bad))
        assert r.status_code == 422, (bad, r.text)
    assert (
        anon.post(url, content=b"{", headers={"content-type": "application/json"}).status_code
        == 422
    )
    with client_of(server, org.admin) as admin:
        assert admin.get(f"/orgs/{org.id}/invitations/{inv['id']}").json()["uses"] == 0


def test_join_with_existing_account(server: LiveServer, org: OrgInfo) -> None:
    other_org_teacher = make_person(server)
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "teacher")
    with client_of(server, other_org_teacher) as api:
        r = api.post(f"/invite/{inv['token']}/join", json={"consent": True})
        assert r.status_code == 201, r.text
        assert r.json()["role"] == "teacher" and r.json()["verified"] is False
        r = api.post(f"/invite/{inv['token']}/join", json={"consent": True})
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "already_member"
        assert api.get(f"/invite/{inv['token']}").json()["warning"]["code"] == "already_member"
    [use] = rows(server, InvitationUse, InvitationUse.invitation_id == inv["id"])
    assert use.account_id == other_org_teacher.account_id
    [consent] = rows(server, Consent, Consent.account_id == other_org_teacher.account_id)
    assert consent.org_id == org.id and consent.given_by == "self"
    actions = [
        e.action
        for e in rows(server, AuditEvent, AuditEvent.actor_id == other_org_teacher.account_id)
    ]
    assert "invitation.used" in actions and "member.joined" in actions


def test_join_needs_a_session(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student")
    r = anon.post(f"/invite/{inv['token']}/join", json={"consent": True})
    assert r.status_code == 401


def test_a_member_in_another_role_can_join_again(server: LiveServer, org: OrgInfo) -> None:
    teacher = make_member(server, org.id, OrgRole.TEACHER)
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "parent")
    with client_of(server, teacher) as api:
        r = api.post(f"/invite/{inv['token']}/join", json={"consent": True})
        assert r.status_code == 201
        assert r.json()["role"] == "parent"
    roles = {m.role for m in rows(server, Membership, Membership.account_id == teacher.account_id)}
    assert roles == {"teacher", "parent"}


def test_group_invitation_adds_to_the_group(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    async def _group(db):  # type: ignore[no-untyped-def]
        g = Group(org_id=org.id, kind="study", name="Робототехника")
        db.add(g)
        await db.flush()
        return g.id

    group_id = server.db(_group)
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student", group_id=group_id)
        assert inv["group"] == {"id": group_id, "name": "Робототехника"}
    assert anon.get(f"/invite/{inv['token']}").json()["group_name"] == "Робототехника"
    r = anon.post(f"/invite/{inv['token']}/register", json=registration())
    assert r.status_code == 201, r.text
    members = rows(server, GroupMember, GroupMember.group_id == group_id)
    assert [g.membership_id for g in members] == [r.json()["membership"]["membership_id"]]
