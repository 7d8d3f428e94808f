"""Every unsafe endpoint of a cookie session needs the CSRF header; Bearer requests do not."""

from __future__ import annotations

from typing import Any

import pytest

from parta.auth.roles import OrgRole
from tests.builders import make_member, make_org
from tests.harness import Api, LiveServer

NEW = "a brand new password"


def _requests(org_id: str, password: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("PATCH", "/me", {"display_name": "Новое имя"}),
        ("POST", "/me/password", {"current_password": password, "new_password": NEW}),
        ("POST", "/me/email/verification", None),
        ("POST", "/me/email/verify", {"code": "123456"}),
        ("PUT", "/me/email", {"email": "changed@example.org", "password": password}),
        ("PUT", "/me/current-org", {"org_id": org_id}),
        ("POST", "/auth/sessions/end-others", None),
        ("POST", "/auth/sign-out", None),
    ]


@pytest.mark.parametrize("header", [None, "", "wrong-token"])
def test_cookie_requests_without_csrf_are_rejected(server: LiveServer, header: str | None) -> None:
    org = make_org(server)
    p = make_member(server, org.id, OrgRole.TEACHER)
    with Api(server.url) as web:
        web.sign_in_cookie(p.email, p.password)
        if header is None:
            del web.headers["X-CSRF-Token"]
        else:
            web.headers["X-CSRF-Token"] = header
        for method, path, body in _requests(org.id, p.password):
            r = web.request(method, path, json=body)
            assert r.status_code == 403, (method, path, r.text)
            assert r.json()["error"]["code"] == "csrf_failed", (method, path)
        # Nothing happened: the session and the name are as they were.
        me = web.get("/me").json()
        assert me["display_name"] == p.name
        assert me["email"] == p.email


def test_cookie_requests_with_csrf_pass(server: LiveServer) -> None:
    org = make_org(server)
    p = make_member(server, org.id, OrgRole.TEACHER)
    with Api(server.url) as web:
        web.sign_in_cookie(p.email, p.password)
        assert web.patch("/me", json={"display_name": "Новое имя"}).status_code == 200
        assert web.put("/me/current-org", json={"org_id": org.id}).status_code == 200
        r = web.post("/me/password", json={"current_password": p.password, "new_password": NEW})
        assert r.status_code == 200


def test_bearer_requests_need_no_csrf(server: LiveServer) -> None:
    org = make_org(server)
    p = make_member(server, org.id, OrgRole.TEACHER)
    api = p.client(server)
    assert "X-CSRF-Token" not in api.headers
    assert api.patch("/me", json={"display_name": "Новое имя"}).status_code == 200
    assert api.put("/me/current-org", json={"org_id": org.id}).status_code == 200
    r = api.post("/me/password", json={"current_password": p.password, "new_password": NEW})
    assert r.status_code == 200
