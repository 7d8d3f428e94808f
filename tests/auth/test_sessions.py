"""My sessions (devices): listing and ending them."""

from __future__ import annotations

from tests.auth.helpers import audit_actions, token_client
from tests.builders import make_person
from tests.harness import LiveServer


def test_end_one_session(server: LiveServer) -> None:
    p = make_person(server)
    laptop = token_client(server, p.email, p.password)
    phone = token_client(server, p.email, p.password)
    sessions = laptop.get("/auth/sessions").json()
    assert len(sessions) == 2
    current = [s for s in sessions if s["current"]]
    assert len(current) == 1
    assert current[0]["ip"] == laptop.ip
    phone_session = next(s for s in sessions if not s["current"])
    assert phone_session["ip"] == phone.ip

    r = laptop.delete(f"/auth/sessions/{phone_session['id']}")
    assert r.status_code == 204
    assert phone.get("/me").status_code == 401
    assert laptop.get("/me").status_code == 200
    assert [s["id"] for s in laptop.get("/auth/sessions").json()] == [current[0]["id"]]
    r = laptop.delete(f"/auth/sessions/{phone_session['id']}")
    assert r.status_code == 404
    assert "session.ended" in audit_actions(server, p.account_id)


def test_end_other_sessions_keeps_current(server: LiveServer) -> None:
    p = make_person(server)
    others = [token_client(server, p.email, p.password) for _ in range(3)]
    me = token_client(server, p.email, p.password)
    r = me.post("/auth/sessions/end-others")
    assert r.status_code == 200
    assert r.json() == {"ended": 3}
    assert me.get("/me").status_code == 200
    for o in others:
        assert o.get("/me").status_code == 401
    assert len(me.get("/auth/sessions").json()) == 1


def test_cannot_end_someone_elses_session(server: LiveServer) -> None:
    a = make_person(server)
    b = make_person(server)
    alice = token_client(server, a.email, a.password)
    bob = token_client(server, b.email, b.password)
    bob_session = bob.get("/auth/sessions").json()[0]["id"]
    r = alice.delete(f"/auth/sessions/{bob_session}")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    assert bob.get("/me").status_code == 200
    for bad in ("x", "0" * 26, "A" * 300):
        assert alice.delete(f"/auth/sessions/{bad}").status_code == 404


def test_sign_out_ends_the_session(server: LiveServer) -> None:
    p = make_person(server)
    me = token_client(server, p.email, p.password)
    assert me.post("/auth/sign-out").status_code == 204
    assert me.get("/me").status_code == 401
    assert me.post("/auth/sign-out").status_code == 401


def test_cookie_sign_out_clears_cookies(server: LiveServer) -> None:
    from tests.harness import Api

    p = make_person(server)
    with Api(server.url) as web:
        web.sign_in_cookie(p.email, p.password)
        assert web.get("/me").status_code == 200
        r = web.post("/auth/sign-out")
        assert r.status_code == 204
        assert "parta_session" not in web.cookies
        assert web.get("/me").status_code == 401
