"""Input of odd shapes (NUL and control characters, huge values) is a 4xx, never a 500."""

from __future__ import annotations

from urllib.parse import quote

from tests.auth.helpers import token_client
from tests.builders import make_person
from tests.harness import Api, LiveServer

ODD = ["a\x00b", "\x00", "\u202e\u0007", "😀" * 50, "\ud7ff"]


def test_anonymous_endpoints_survive_odd_strings(server: LiveServer, anon: Api) -> None:
    for s in ODD:
        for path, body in (
            ("/auth/sign-in", {"login": s, "password": s}),
            ("/auth/sign-in", {"login": s + "@example.org", "password": s}),
            ("/auth/codes", {"email": s + "@example.org", "purpose": "sign_in"}),
            ("/auth/sign-in/code", {"email": s + "@example.org", "code": s}),
            ("/auth/sign-in/code", {"email": "a@example.org", "code": s}),
            (
                "/auth/password-reset",
                {"email": "a@example.org", "code": s, "new_password": s * 10},
            ),
        ):
            r = anon.post(path, json=body)
            assert 400 <= r.status_code < 500 or path == "/auth/codes", (path, body, r.text)
            assert r.status_code < 500, (path, body, r.text)
            if r.status_code >= 400:
                assert "error" in r.json()


def test_my_endpoints_survive_odd_strings(server: LiveServer) -> None:
    p = make_person(server)
    me = token_client(server, p.email, p.password)
    for s in ODD:
        for method, path, body in (
            ("PATCH", "/me", {"display_name": s}),
            ("POST", "/me/email/verify", {"code": s}),
            ("PUT", "/me/email", {"email": s + "@example.org", "password": p.password}),
            ("PUT", "/me/current-org", {"org_id": s}),
            ("DELETE", "/auth/sessions/" + quote(s, safe=""), None),
        ):
            r = me.request(method, path, json=body)
            assert r.status_code < 500, (path, body, r.text)
    assert me.get("/me").status_code == 200


def test_odd_org_ids_in_paths_are_404(server: LiveServer) -> None:
    p = make_person(server)
    me = token_client(server, p.email, p.password)
    for org_id in ("a%00b", "%00" * 5, "0" * 26, "a" * 26, "A" * 300):
        r = me.get(f"/orgs/{org_id}/members")
        assert r.status_code == 404, (org_id, r.text)
