"""Primary-grade students: a parent's e-mail gets the code and consents; then the parent joins."""

from __future__ import annotations

from typing import Any

from parta.auth.roles import OrgRole
from parta.models import Account, Consent, Membership, OneTimeCode, ParentLink
from tests.builders import OrgInfo, make_class, unique
from tests.harness import Api, LiveServer, body_of
from tests.invites.helpers import (
    POLICY,
    client_of,
    code_in,
    invite,
    link_in,
    pending_member,
    personal_invitation,
    registration,
    rows,
    signed_in,
    wait_mail,
)


def child_body(parent_email: str, username: str, **extra: Any) -> dict[str, Any]:
    body = registration(display_name="Миша Смирнов", email=None, password="my secret 123")
    body.update(parent_email=parent_email, username=username, **extra)
    return body


def test_primary_grade_registration_end_to_end(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    c = make_class(server, org.id, 2, "А")
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student", class_id=c.id)
    token = inv["token"]
    assert anon.get(f"/invite/{token}").json()["primary_grade"] is True
    parent_email = unique("mama") + "@example.org"
    username = anon.get(
        f"/invite/{token}/username-suggestion", params={"name": "Миша Смирнов"}
    ).json()["username"]
    assert username.startswith("misha.smirnov")

    r = anon.post(f"/invite/{token}/register", json=child_body(parent_email, username))
    assert r.status_code == 202, r.text
    pending = r.json()
    assert pending["code_sent_to"] == "m***@example.org"
    # Nothing exists yet; the password is kept only as a hash.
    assert rows(server, Account, Account.username == username) == []
    [code_row] = rows(server, OneTimeCode, OneTimeCode.id == pending["registration_id"])
    assert code_row.purpose == "registration" and code_row.email == parent_email
    assert code_row.payload is not None
    assert "my secret 123" not in str(code_row.payload)
    assert str(code_row.payload["password_hash"]).startswith("$argon2id$")

    msg = wait_mail(server, parent_email, "подтвердите регистрацию")
    text = body_of(msg)
    assert "вы как родитель" in text and "Миша Смирнов" in text and "персональных данных" in text
    code = code_in(msg)

    confirm = f"/invite/{token}/register/confirm"
    rid = pending["registration_id"]
    wrong = "000000" if code != "000000" else "111111"
    bad = anon.post(
        confirm,
        json={"registration_id": pending["registration_id"], "code": wrong, "consent": True},
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_code"
    no_consent = anon.post(
        confirm, json={"registration_id": pending["registration_id"], "code": code}
    )
    assert no_consent.status_code == 422
    r = anon.post(
        confirm,
        json={
            "registration_id": pending["registration_id"],
            "code": code,
            "consent": True,
            "transport": "token",
        },
    )
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["account"]["username"] == username and data["account"]["email"] is None
    assert data["membership"]["role"] == "student"
    [child] = rows(server, Account, Account.username == username)
    assert child.guardian_email == parent_email and child.email is None
    [m] = rows(server, Membership, Membership.account_id == child.id)
    assert m.class_id == c.id and m.role == "student"
    [consent] = rows(server, Consent, Consent.account_id == child.id)
    assert consent.given_by == "guardian" and consent.guardian_email == parent_email
    assert consent.policy_version == POLICY

    # The code is spent: confirming again does not create a second child.
    again = anon.post(confirm, json={"registration_id": rid, "code": code, "consent": True})
    assert again.status_code == 400

    # The child signs in with the login and password chosen at registration.
    with Api(server.url) as kid:
        kid.sign_in(username, "my secret 123")
        assert kid.get("/me").json()["id"] == child.id

    # The parent receives an invitation to join as this child's parent.
    invite_mail = wait_mail(server, parent_email, "как родитель")
    assert "Миша Смирнов" in body_of(invite_mail)
    parent_token = link_in(invite_mail)
    landing = anon.get(f"/invite/{parent_token}").json()
    assert landing["kind"] == "parent" and landing["role"] == "parent"
    assert landing["for_person"] == "Миша С." and landing["class_label"] == "2А"
    with Api(server.url) as mum:
        r = mum.post(
            f"/invite/{parent_token}/register",
            json=registration(email=parent_email, display_name="Ольга Смирнова"),
        )
        assert r.status_code == 201, r.text
        parent_mid = r.json()["membership"]["membership_id"]
        assert r.json()["membership"]["parent_link_status"] == "pending"
    [link] = rows(server, ParentLink, ParentLink.student_membership_id == m.id)
    assert link.parent_membership_id == parent_mid and link.status == "pending"

    # The child's own session cannot use the parents' link.
    with signed_in(server, data["token"]) as kid:
        view = kid.get(f"/invite/{parent_token}").json()
        assert view["warning"]["code"] == "cannot_be_own_parent"


def test_primary_path_input_rules(server: LiveServer, org: OrgInfo, anon: Api) -> None:
    c = make_class(server, org.id, 1, "В")
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student", class_id=c.id)
        grown_up = invite(admin, org.id, "parent")
    url = f"/invite/{inv['token']}/register"
    parent_email = unique("papa") + "@example.org"
    cases = [
        (child_body(parent_email, "kid.one", email="kid@example.org"), 422, "use_parent_email"),
        (child_body("", "kid.one"), 422, "parent_email_required"),
        (child_body(parent_email, ""), 422, "username_required"),
        (child_body(parent_email, "1bad"), 422, "invalid_username"),
        (child_body("nope", "kid.one"), 422, "invalid_email"),
        (child_body(parent_email, "kid.one", password="short"), 422, "weak_password"),
        (child_body(parent_email, "kid.one", consent=False), 422, "consent_required"),
    ]
    for body, status, code in cases:
        r = anon.post(url, json=body)
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), body
    # A login somebody already has is refused before anything is sent.
    taken = unique("taken").replace("-", "")
    r = anon.post(f"/invite/{grown_up['token']}/register", json=registration(username=taken))
    assert r.status_code == 201, r.text
    r = anon.post(url, json=child_body(parent_email, taken))
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "username_taken"
    assert server.mailbox.count(parent_email) == 0


def test_siblings_registering_with_one_parent_email(
    server: LiveServer, org: OrgInfo, anon: Api
) -> None:
    c = make_class(server, org.id, 3, "А")
    with client_of(server, org.admin) as admin:
        inv = invite(admin, org.id, "student", class_id=c.id)
    url = f"/invite/{inv['token']}/register"
    parent_email = unique("parent") + "@example.org"
    first = anon.post(url, json=child_body(parent_email, unique("twin.a").replace("-", "")))
    first_code = code_in(wait_mail(server, parent_email, "подтвердите"))
    second = anon.post(url, json=child_body(parent_email, unique("twin.b").replace("-", "")))
    assert first.status_code == second.status_code == 202
    # The first registration's code still works after the second was requested.
    r = anon.post(
        f"{url}/confirm",
        json={
            "registration_id": first.json()["registration_id"],
            "code": first_code,
            "consent": True,
        },
    )
    assert r.status_code == 201, r.text


def test_roster_primary_student_claims_through_parent(
    server: LiveServer, org: OrgInfo, anon: Api
) -> None:
    c = make_class(server, org.id, 4, "Б")
    mid = pending_member(server, org.id, OrgRole.STUDENT, "Лебедев Артём", class_id=c.id)
    token = personal_invitation(server, org.id, mid, OrgRole.STUDENT, org.admin.account_id)
    assert anon.get(f"/invite/{token}").json()["primary_grade"] is True
    parent_email = unique("p") + "@example.org"
    login = unique("artem").replace("-", "")
    r = anon.post(f"/invite/{token}/register", json=child_body(parent_email, login))
    assert r.status_code == 202, r.text
    code = code_in(wait_mail(server, parent_email, "подтвердите"))
    r = anon.post(
        f"/invite/{token}/register/confirm",
        json={"registration_id": r.json()["registration_id"], "code": code, "consent": True},
    )
    assert r.status_code == 201, r.text
    assert r.json()["membership"]["membership_id"] == mid
    [m] = rows(server, Membership, Membership.id == mid)
    assert m.status == "active" and m.account_id == r.json()["account"]["id"]
