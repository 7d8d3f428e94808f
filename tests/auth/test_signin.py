from __future__ import annotations

from tests.builders import make_person
from tests.harness import Api, LiveServer


def test_sign_in_with_token_and_me(server: LiveServer, anon: Api) -> None:
    p = make_person(server)
    data = anon.sign_in(p.email, p.password)
    assert data["account"]["email"] == p.email
    me = anon.get("/me")
    assert me.status_code == 200
    assert me.json()["id"] == p.account_id


def test_wrong_password_is_401_with_error_body(server: LiveServer, anon: Api) -> None:
    p = make_person(server)
    r = anon.post("/auth/sign-in", json={"login": p.email, "password": "nope-nope"})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "invalid_credentials"


def test_lockout_after_repeated_failures(server: LiveServer) -> None:
    p = make_person(server)
    with Api(server.url) as api:
        for _ in range(5):
            r = api.post("/auth/sign-in", json={"login": p.email, "password": "wrong-password"})
            assert r.status_code == 401
        r = api.post("/auth/sign-in", json={"login": p.email, "password": p.password})
        assert r.status_code == 429
        assert "Retry-After" in r.headers


def test_cookie_session_requires_csrf(server: LiveServer, anon: Api) -> None:
    p = make_person(server)
    anon.sign_in_cookie(p.email, p.password)
    assert anon.get("/me").status_code == 200
    del anon.headers["X-CSRF-Token"]
    r = anon.post("/auth/sessions/end-others")
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "csrf_failed"
    anon.headers["X-CSRF-Token"] = anon.csrf or ""
    assert anon.post("/auth/sessions/end-others").status_code == 200
