"""Resetting a forgotten password and changing a known one."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.auth.helpers import (
    account_row,
    audit_actions,
    code_in,
    nth_mail,
    request_code,
    set_account,
    subject_of,
    token_client,
)
from tests.builders import make_person
from tests.harness import Api, LiveServer, body_of

NEW = "a brand new password"


def test_password_reset_end_to_end(server: LiveServer, anon: Api) -> None:
    p = make_person(server)
    set_account(server, p.account_id, email_verified_at=None)
    phone = token_client(server, p.email, p.password)
    laptop = token_client(server, p.email, p.password)
    assert phone.get("/me").status_code == 200

    request_code(anon, p.email, "password_reset")
    msg = nth_mail(server, p.email, 1)
    assert subject_of(msg) == "Восстановление пароля в Парте"
    body = body_of(msg)
    code = code_in(msg)
    link = next(line for line in body.splitlines() if "/reset-password?" in line)
    assert link.startswith(server.url + "/reset-password?")
    query = parse_qs(urlparse(link).query)
    assert query == {"email": [p.email], "code": [code]}

    r = anon.post(
        "/auth/password-reset", json={"email": p.email, "code": code, "new_password": NEW}
    )
    assert r.status_code == 204, r.text

    for old in (phone, laptop):
        r = old.get("/me")
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "unauthorized"
    r = anon.post("/auth/sign-in", json={"login": p.email, "password": p.password})
    assert r.status_code == 401
    anon.sign_in(p.email, NEW)
    assert anon.get("/me").json()["email_verified"] is True

    notice = nth_mail(server, p.email, 2)
    assert subject_of(notice) == "Пароль в Парте изменён"
    assert "Если это были не вы" in body_of(notice)
    assert "password.reset" in audit_actions(server, p.account_id)


def test_password_reset_lifts_the_sign_in_lockout(server: LiveServer) -> None:
    p = make_person(server)
    with Api(server.url) as api:
        for _ in range(5):
            api.post("/auth/sign-in", json={"login": p.email, "password": "wrong-password"})
        r = api.post("/auth/sign-in", json={"login": p.email, "password": p.password})
        assert r.status_code == 429
        request_code(api, p.email, "password_reset")
        code = code_in(nth_mail(server, p.email, 1))
        r = api.post(
            "/auth/password-reset", json={"email": p.email, "code": code, "new_password": NEW}
        )
        assert r.status_code == 204
        api.sign_in(p.email, NEW)


def test_password_reset_rules(server: LiveServer, anon: Api) -> None:
    p = make_person(server)
    request_code(anon, p.email, "password_reset")
    code = code_in(nth_mail(server, p.email, 1))
    r = anon.post(
        "/auth/password-reset", json={"email": p.email, "code": code, "new_password": "short"}
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "weak_password"
    assert r.json()["error"]["fields"] == {"new_password": "at least 8 characters"}
    r = anon.post(
        "/auth/password-reset", json={"email": p.email, "code": code, "new_password": "x" * 300}
    )
    assert r.status_code == 422
    # A rejected password does not use up the code.
    r = anon.post(
        "/auth/password-reset", json={"email": p.email, "code": code, "new_password": NEW}
    )
    assert r.status_code == 204


def test_password_reset_bad_input(server: LiveServer, anon: Api) -> None:
    for body in (
        {},
        {"email": "a@example.org", "code": "123456"},
        {"email": "a@example.org", "code": "", "new_password": NEW},
        {"email": "a@example.org", "code": "123456", "new_password": ""},
        {"email": "a@example.org", "code": "123456", "new_password": NEW, "admin": True},
    ):
        r = anon.post("/auth/password-reset", json=body)
        assert r.status_code == 422, (body, r.text)
    r = anon.post(
        "/auth/password-reset",
        json={"email": "nobody@example.org", "code": "123456", "new_password": NEW},
    )
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_code"


def test_password_reset_code_sent_to_old_address_dies_with_email_change(
    server: LiveServer, anon: Api
) -> None:
    p = make_person(server)
    request_code(anon, p.email, "password_reset")
    code = code_in(nth_mail(server, p.email, 1))
    set_account(server, p.account_id, email="moved-" + p.email)
    r = anon.post(
        "/auth/password-reset", json={"email": p.email, "code": code, "new_password": NEW}
    )
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "invalid_code"


def test_change_password_ends_other_sessions(server: LiveServer) -> None:
    p = make_person(server)
    other = token_client(server, p.email, p.password)
    me = token_client(server, p.email, p.password)
    r = me.post("/me/password", json={"current_password": p.password, "new_password": NEW})
    assert r.status_code == 200, r.text
    assert r.json() == {"ended_sessions": 1}
    assert me.get("/me").status_code == 200
    assert other.get("/me").status_code == 401
    with Api(server.url) as api:
        assert (
            api.post("/auth/sign-in", json={"login": p.email, "password": p.password}).status_code
            == 401
        )
        api.sign_in(p.email, NEW)
    assert "password.changed" in audit_actions(server, p.account_id)
    notice = nth_mail(server, p.email, 1)
    assert subject_of(notice) == "Пароль в Парте изменён"


def test_change_password_notice_in_english(server: LiveServer) -> None:
    p = make_person(server)
    set_account(server, p.account_id, language="en")
    me = token_client(server, p.email, p.password)
    r = me.post("/me/password", json={"current_password": p.password, "new_password": NEW})
    assert r.status_code == 200
    notice = nth_mail(server, p.email, 1)
    assert subject_of(notice) == "Your Parta password was changed"
    assert "If it was not you" in body_of(notice)


def test_wrong_current_password_counts_towards_lockout(server: LiveServer) -> None:
    p = make_person(server)
    me = token_client(server, p.email, p.password)
    before = account_row(server, p.account_id).password_hash
    for _ in range(server.settings.signin_max_failures):
        r = me.post(
            "/me/password", json={"current_password": "not-my-password", "new_password": NEW}
        )
        assert r.status_code == 400
        assert r.json()["error"]["code"] == "wrong_password"
        assert r.json()["error"]["fields"] == {"current_password": "wrong"}
    r = me.post("/me/password", json={"current_password": p.password, "new_password": NEW})
    assert r.status_code == 429
    # The sign-in form is locked for this login as well, from any address.
    with Api(server.url) as api:
        r = api.post("/auth/sign-in", json={"login": p.email, "password": p.password})
        assert r.status_code == 429
    assert account_row(server, p.account_id).password_hash == before
    # The session itself is not ended by the failures.
    assert me.get("/me").status_code == 200


def test_change_password_validation(server: LiveServer) -> None:
    p = make_person(server)
    me = token_client(server, p.email, p.password)
    r = me.post("/me/password", json={"current_password": p.password, "new_password": "short"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "weak_password"
    for body in ({}, {"current_password": p.password}, {"new_password": NEW}):
        assert me.post("/me/password", json=body).status_code == 422
    with Api(server.url) as stranger:
        r = stranger.post("/me/password", json={"current_password": "x", "new_password": NEW})
        assert r.status_code == 401
