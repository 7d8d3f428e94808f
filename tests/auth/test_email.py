"""Confirming and changing my e-mail address."""

from __future__ import annotations

from tests.auth.helpers import (
    account_row,
    audit_actions,
    code_in,
    nth_mail,
    set_account,
    subject_of,
    token_client,
)
from tests.builders import make_person
from tests.harness import Api, LiveServer, body_of


def test_verify_email_end_to_end(server: LiveServer) -> None:
    p = make_person(server)
    set_account(server, p.account_id, email_verified_at=None)
    me = token_client(server, p.email, p.password)
    assert me.get("/me").json()["email_verified"] is False
    r = me.post("/me/email/verification")
    assert r.status_code == 202, r.text
    msg = nth_mail(server, p.email, 1)
    assert subject_of(msg) == "Подтвердите адрес почты в Парте"
    r = me.post("/me/email/verify", json={"code": code_in(msg)})
    assert r.status_code == 200, r.text
    assert r.json()["email_verified"] is True
    assert account_row(server, p.account_id).email_verified_at is not None
    assert "email.verified" in audit_actions(server, p.account_id)
    r = me.post("/me/email/verification")
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "already_verified"


def test_verify_email_wrong_code(server: LiveServer) -> None:
    p = make_person(server)
    set_account(server, p.account_id, email_verified_at=None)
    me = token_client(server, p.email, p.password)
    assert me.post("/me/email/verification").status_code == 202
    code = code_in(nth_mail(server, p.email, 1))
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    r = me.post("/me/email/verify", json={"code": wrong})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_code"
    assert me.get("/me").json()["email_verified"] is False
    for body in ({}, {"code": ""}, {"code": "9" * 50}, {"code": 123456.5}):
        assert me.post("/me/email/verify", json=body).status_code == 422, body
    assert me.post("/me/email/verify", json={"code": code}).status_code == 200


def test_verification_needs_an_email(server: LiveServer) -> None:
    p = make_person(server)
    me = token_client(server, p.email, p.password)
    set_account(
        server,
        p.account_id,
        email=None,
        email_verified_at=None,
        username="nomail" + p.account_id[-6:].lower(),
    )
    r = me.post("/me/email/verification")
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "no_email"
    r = me.post("/me/email/verify", json={"code": "123456"})
    assert r.status_code == 422


def test_someone_elses_code_does_not_verify_my_email(server: LiveServer) -> None:
    a = make_person(server)
    b = make_person(server)
    set_account(server, b.account_id, email_verified_at=None)
    bob = token_client(server, b.email, b.password)
    alice = token_client(server, a.email, a.password)
    set_account(server, a.account_id, email_verified_at=None)
    assert alice.post("/me/email/verification").status_code == 202
    alice_code = code_in(nth_mail(server, a.email, 1))
    r = bob.post("/me/email/verify", json={"code": alice_code})
    assert r.status_code == 400
    assert bob.get("/me").json()["email_verified"] is False


def test_change_email_end_to_end(server: LiveServer) -> None:
    p = make_person(server)
    me = token_client(server, p.email, p.password)
    new = "new-" + p.email
    r = me.put("/me/email", json={"email": new.upper(), "password": p.password})
    assert r.status_code == 200, r.text
    assert r.json()["email"] == new
    assert r.json()["email_verified"] is False
    # The old address is told, without revealing the whole new one.
    notice = nth_mail(server, p.email, 1)
    assert subject_of(notice) == "Адрес почты в Парте изменён"
    assert new not in body_of(notice)
    assert "n***@example.org" in body_of(notice)
    code = code_in(nth_mail(server, new, 1))
    r = me.post("/me/email/verify", json={"code": code})
    assert r.status_code == 200
    assert r.json()["email_verified"] is True
    assert "email.changed" in audit_actions(server, p.account_id)
    with Api(server.url) as api:
        api.sign_in(new, p.password)
        r = api.post("/auth/sign-in", json={"login": p.email, "password": p.password})
        assert r.status_code == 401


def test_change_email_conflicts_and_wrong_password(server: LiveServer) -> None:
    p = make_person(server)
    other = make_person(server)
    me = token_client(server, p.email, p.password)
    r = me.put("/me/email", json={"email": other.email, "password": p.password})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "email_taken"
    r = me.put("/me/email", json={"email": p.email, "password": p.password})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "same_email"
    r = me.put("/me/email", json={"email": "x-" + p.email, "password": "wrong-password"})
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "wrong_password"
    for body in (
        {"email": "not-an-email", "password": p.password},
        {"email": "x@example.org"},
        {"email": "", "password": p.password},
        {"email": "a" * 260, "password": p.password},
    ):
        assert me.put("/me/email", json=body).status_code == 422, body
    assert account_row(server, p.account_id).email == p.email


def test_change_email_wrong_password_locks_out(server: LiveServer) -> None:
    p = make_person(server)
    me = token_client(server, p.email, p.password)
    for _ in range(server.settings.signin_max_failures):
        r = me.put("/me/email", json={"email": "x-" + p.email, "password": "wrong-password"})
        assert r.status_code == 400
    r = me.put("/me/email", json={"email": "x-" + p.email, "password": p.password})
    assert r.status_code == 429
