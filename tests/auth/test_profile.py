"""My profile, and that /me shows nobody else's data."""

from __future__ import annotations

from tests.auth.helpers import account_row, token_client
from tests.builders import make_person
from tests.harness import Api, LiveServer


def test_patch_me_changes_only_what_was_sent(server: LiveServer) -> None:
    p = make_person(server)
    me = token_client(server, p.email, p.password)
    r = me.patch("/me", json={"display_name": "  Анна   Петрова  "})
    assert r.status_code == 200, r.text
    assert r.json()["display_name"] == "Анна Петрова"
    assert r.json()["language"] == "ru"
    r = me.patch("/me", json={"language": "en"})
    assert r.status_code == 200
    assert r.json()["display_name"] == "Анна Петрова"
    assert r.json()["language"] == "en"
    row = account_row(server, p.account_id)
    assert (row.display_name, row.language) == ("Анна Петрова", "en")
    r = me.patch("/me", json={})
    assert r.status_code == 200
    assert r.json()["language"] == "en"


def test_patch_me_validation(server: LiveServer) -> None:
    p = make_person(server)
    me = token_client(server, p.email, p.password)
    for body, field in (
        ({"display_name": ""}, "display_name"),
        ({"display_name": "   "}, "display_name"),
        ({"display_name": None}, "display_name"),
        ({"display_name": "x" * 121}, "display_name"),
        ({"display_name": "x" * 5000}, "display_name"),
        ({"display_name": 42}, "display_name"),
        ({"language": "de"}, "language"),
        ({"language": None}, "language"),
        ({"language": ["ru"]}, "language"),
        ({"email": "me@example.org"}, "email"),
        ({"is_operator": True}, "is_operator"),
    ):
        r = me.patch("/me", json=body)
        assert r.status_code == 422, (body, r.text)
        assert field in r.json()["error"]["fields"], (body, r.json())
    assert (
        me.patch("/me", content=b"[1,2]", headers={"Content-Type": "application/json"}).status_code
        == 422
    )
    row = account_row(server, p.account_id)
    assert row.display_name == p.name
    assert row.is_operator is False


def test_me_needs_a_session(server: LiveServer, anon: Api) -> None:
    assert anon.get("/me").status_code == 401
    assert anon.patch("/me", json={"language": "en"}).status_code == 401
    anon.headers["Authorization"] = "Bearer pst_forged"
    r = anon.get("/me")
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"
    anon.headers["Authorization"] = "Bearer " + "pst_" + "x" * 5000
    assert anon.get("/me").status_code == 401


def test_me_shows_only_my_own_data(server: LiveServer) -> None:
    a = make_person(server)
    b = make_person(server)
    alice = token_client(server, a.email, a.password)
    bob = token_client(server, b.email, b.password)
    ra, rb = alice.get("/me").json(), bob.get("/me").json()
    assert (ra["id"], ra["email"], ra["display_name"]) == (a.account_id, a.email, a.name)
    assert (rb["id"], rb["email"], rb["display_name"]) == (b.account_id, b.email, b.name)
    assert b.email not in alice.get("/me").text
    alice.patch("/me", json={"display_name": "Alice"})
    assert bob.get("/me").json()["display_name"] == b.name
    # Nor do my sessions include anyone else's.
    bob_sessions = {s["id"] for s in bob.get("/auth/sessions").json()}
    alice_sessions = {s["id"] for s in alice.get("/auth/sessions").json()}
    assert bob_sessions and alice_sessions and not (bob_sessions & alice_sessions)
