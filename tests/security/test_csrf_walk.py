"""Every state-changing route of the API, walked from the OpenAPI spec with a cookie session
and no CSRF header, answers 403 `csrf_failed` before doing anything — except the routes
below, which take no session at all (so a forged request gains nothing a stranger could not
do by themselves). A new unsafe route either checks CSRF (any route that takes the signed-in
person does, in `auth.deps.optional_actor`) or must be added here with its reason."""

from __future__ import annotations

import re
from typing import Any

from tests.builders import make_org
from tests.harness import Api, LiveServer

UNSAFE = ("post", "put", "patch", "delete")
DUMMY_ID = "01ARZ3NDEKTSV4RRFFQ69G5FAV"

# Routes that never look at the session cookie, with why that is right.
PUBLIC = {
    "POST /auth/sign-in": "signing in: there is no session yet (login CSRF is moot: the form "
    "takes JSON only, which a cross-site form cannot send)",
    "POST /auth/codes": "asks for a code by e-mail; same answer for everyone",
    "POST /auth/sign-in/code": "signing in with an e-mail code",
    "POST /auth/sign-in/totp": "the second step of signing in; the challenge is the proof",
    "POST /auth/password-reset": "the e-mailed code is the proof",
    "POST /applications": "the public application form of a school",
    "POST /invite/{token}/register": "registering by an invitation: the token is the proof",
    "POST /invite/{token}/register/confirm": "a parent's code confirms a child's registration",
    "POST /hooks/{token}": "incoming webhooks: the secret address is the proof",
    "POST /bot/chats/{chat_id}/messages": "bots authenticate with Bearer tokens only",
    "POST /digests/unsubscribe/{token}": "one-click unsubscribe from a digest mail (RFC 8058): "
    "the token in the mail is the proof",
    "POST /guest/links/{code}/join": "a guest joins a call by an event's guest link: the code "
    "is the proof; the guest cookie is SameSite=Strict and never a member's session",
    "POST /guest/call/leave": "a guest's own session (SameSite=Strict cookie) with its own CSRF "
    "check (calls/guest_router.py); a member's cookie is not a guest session",
}


def _routes(server: LiveServer) -> list[tuple[str, str]]:
    spec = server.app.openapi()
    return [
        (method.upper(), path.removeprefix("/api/v1"))
        for path, ops in spec["paths"].items()
        for method in ops
        if method in UNSAFE
    ]


def _fill(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: "x" if "token" in m.group(1) else DUMMY_ID, path)


def test_every_unsafe_route_checks_csrf_for_cookie_sessions(server: LiveServer) -> None:
    org = make_org(server)
    routes = _routes(server)
    assert len(routes) > 100
    unknown_public = set(PUBLIC) - {f"{m} {p}" for m, p in routes}
    assert not unknown_public, f"PUBLIC lists routes that no longer exist: {unknown_public}"

    with Api(server.url) as web:
        web.sign_in_cookie(org.admin.email, org.admin.password)
        del web.headers["X-CSRF-Token"]
        unprotected = []
        for method, path in routes:
            if f"{method} {path}" in PUBLIC:
                continue
            kwargs: dict[str, Any] = {"json": {}} if method != "DELETE" else {}
            r = web.request(method, _fill(path).replace(DUMMY_ID, org.id, 1), **kwargs)
            code = r.json().get("error", {}).get("code") if r.content else None
            if r.status_code != 403 or code != "csrf_failed":
                unprotected.append((method, path, r.status_code, code))
        assert not unprotected, "\n".join(map(str, unprotected))
        # The session is untouched (sign-out and "end other sessions" were among the routes).
        assert web.get("/me").status_code == 200
        assert web.get(f"/orgs/{org.id}").status_code == 200


def test_public_routes_ignore_the_session_cookie(server: LiveServer) -> None:
    """What PUBLIC claims: a forged request with the victim's cookie is a stranger's request.
    Signing out is the proof: the public routes never resolve the cookie's session, so a
    public route cannot be used to act as the cookie's owner."""
    org = make_org(server)
    with Api(server.url) as web:
        web.sign_in_cookie(org.admin.email, org.admin.password)
        del web.headers["X-CSRF-Token"]
        r = web.post("/applications", data={"org_name": "x"})
        assert r.status_code in (400, 415, 422), r.text
        r = web.post("/hooks/phk_nope", json={"text": "x"})
        assert r.status_code == 404
        # A bot route with only a cookie: no bot, so 401, never the person.
        r = web.post(f"/bot/chats/{DUMMY_ID}/messages", json={"client_id": "a", "body": "x"})
        assert r.status_code == 401, r.text
