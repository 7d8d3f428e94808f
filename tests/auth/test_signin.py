from __future__ import annotations

from parta.kit.clock import clock
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


def test_login_lockout_lifts_after_the_lock_window(server: LiveServer) -> None:
    p = make_person(server)
    with Api(server.url) as api:
        for _ in range(5):
            r = api.post("/auth/sign-in", json={"login": p.email, "password": "wrong-password"})
            assert r.status_code == 401
        r = api.post("/auth/sign-in", json={"login": p.email, "password": p.password})
        assert r.status_code == 429
        assert r.json()["error"]["code"] == "too_many_requests"
        assert int(r.headers["Retry-After"]) == server.settings.signin_lock_minutes * 60
        # The lock is per login: another address is refused for this login too.
        with Api(server.url) as other:
            r = other.post("/auth/sign-in", json={"login": p.email, "password": p.password})
            assert r.status_code == 429
        clock.advance(server.settings.signin_lock_minutes * 60 + 1)
        r = api.post("/auth/sign-in", json={"login": p.email, "password": p.password})
        assert r.status_code == 200, r.text


def test_login_lockout_is_case_insensitive(server: LiveServer) -> None:
    p = make_person(server)
    with Api(server.url) as api:
        for i in range(5):
            login = p.email.upper() if i % 2 else p.email
            r = api.post("/auth/sign-in", json={"login": login, "password": "wrong-password"})
            assert r.status_code == 401
        r = api.post("/auth/sign-in", json={"login": p.email, "password": p.password})
        assert r.status_code == 429


def test_address_lockout_blocks_only_that_address(server: LiveServer) -> None:
    victim = make_person(server)
    with Api(server.url) as attacker:
        for i in range(server.settings.address_max_failures):
            r = attacker.post(
                "/auth/sign-in",
                json={"login": f"guess{i}@example.org", "password": "wrong-password"},
            )
            assert r.status_code == 401, (i, r.text)
        r = attacker.post(
            "/auth/sign-in", json={"login": victim.email, "password": victim.password}
        )
        assert r.status_code == 429
        assert "network" in r.json()["error"]["message"]
        assert "Retry-After" in r.headers
    with Api(server.url) as elsewhere:
        r = elsewhere.post(
            "/auth/sign-in", json={"login": victim.email, "password": victim.password}
        )
        assert r.status_code == 200, r.text


def test_sign_in_bad_input_is_422(server: LiveServer, anon: Api) -> None:
    for body in (
        {},
        {"login": "", "password": "x"},
        {"login": "a" * 300, "password": "x"},
        {"login": "a@example.org", "password": "x", "transport": "carrier-pigeon"},
        {"login": 5, "password": ["x"]},
    ):
        r = anon.post("/auth/sign-in", json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["error"]["code"] == "invalid"
    r = anon.post(
        "/auth/sign-in", content=b"not json", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 422


def test_unknown_logins_of_any_shape_are_401(server: LiveServer, anon: Api) -> None:
    for login in ("nobody@example.org", "not-an-email@", "+7 (900) 000-00-00", "someone", "%%%"):
        r = anon.post("/auth/sign-in", json={"login": login, "password": "whatever1"})
        assert r.status_code == 401, (login, r.text)
        assert r.json()["error"]["code"] == "invalid_credentials"
