"""Strict CORS (no other site by default; an allow-list by setting, never with cookies), the
cap on request bodies (413 with a clear message, uploads keep their own limits), and no
redirect to another site."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Iterator

import httpx
from PIL import Image

from parta.app import create_app
from tests.builders import make_person
from tests.harness import Api, LiveServer

EVIL = "https://evil.example"
FRIEND = "https://gradebook.example"


def _preflight(client: httpx.Client | httpx.AsyncClient, origin: str) -> object:
    return client.options(
        "/api/v1/me",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


def test_no_cross_origin_access_by_default(server: LiveServer) -> None:
    person = make_person(server)
    api = person.client(server)
    r = api.options(
        "/me",
        headers={"Origin": EVIL, "Access-Control-Request-Method": "PATCH"},
    )
    assert "access-control-allow-origin" not in r.headers
    r = api.get("/me", headers={"Origin": EVIL})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    assert "access-control-allow-credentials" not in r.headers


def test_an_allow_list_lets_listed_sites_in_without_cookies(server: LiveServer) -> None:
    settings = server.settings.model_copy(update={"cors_origins": [FRIEND]})
    app = create_app(settings)

    async def go() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://parta.test") as c:
            return [
                await _preflight(c, FRIEND),  # type: ignore[misc]
                await _preflight(c, EVIL),  # type: ignore[misc]
                await c.get("/healthz", headers={"Origin": FRIEND}),
                await c.get("/healthz", headers={"Origin": EVIL}),
            ]

    ok, evil, simple_ok, simple_evil = asyncio.run(go())
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == FRIEND
    assert "PATCH" in ok.headers["access-control-allow-methods"]
    assert "authorization" in ok.headers["access-control-allow-headers"].lower()
    # Cookies never authenticate a cross-site call: the browser will not send them.
    assert "access-control-allow-credentials" not in ok.headers
    assert evil.status_code == 400 and "access-control-allow-origin" not in evil.headers
    assert simple_ok.headers["access-control-allow-origin"] == FRIEND
    assert "access-control-allow-origin" not in simple_evil.headers
    # The security headers are on the CORS answers too.
    assert ok.headers["x-frame-options"] == "DENY"


def test_large_bodies_get_a_clear_413(server: LiveServer) -> None:
    cap = server.settings.max_body_kb * 1024
    with Api(server.url) as api:
        big = {"login": "x" * (cap + 10), "password": "y"}
        r = api.post("/auth/sign-in", json=big)
        assert r.status_code == 413, r.text
        err = r.json()["error"]
        assert err["code"] == "payload_too_large"
        assert f"{cap // 1024} KiB" in err["message"]

        # Without a declared length (chunked): cut off once past the cap.
        def chunks() -> Iterator[bytes]:
            yield b'{"login": "'
            for _ in range(cap // 65536 + 2):
                yield b"x" * 65536
            yield b'", "password": "y"}'

        r = api.post(
            "/auth/sign-in", content=chunks(), headers={"Content-Type": "application/json"}
        )
        assert r.status_code == 413, r.text
        assert r.json()["error"]["code"] == "payload_too_large"
        # Small bodies are unaffected.
        r = api.post("/auth/sign-in", json={"login": "nobody@example.org", "password": "x"})
        assert r.status_code == 401


def test_uploads_keep_their_own_larger_limits(server: LiveServer) -> None:
    """A picture above the JSON cap still uploads: upload routes read their bodies themselves
    under the organisation's or the feature's limit."""
    person = make_person(server)
    api = person.client(server)
    buf = io.BytesIO()
    Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(buf, "PNG")
    assert len(buf.getvalue()) > server.settings.max_body_kb * 1024
    r = api.put("/me/avatar", files={"image": ("noise.png", buf.getvalue(), "image/png")})
    assert r.status_code == 200, r.text


def test_no_redirect_leads_to_another_site(server: LiveServer) -> None:
    paths = [
        "/api/v1/me/",
        "/api/v1//evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "/sign-in?next=//evil.example",
        "/api/v1/orgs/",
    ]
    with httpx.Client(base_url=server.url, follow_redirects=False) as c:
        for path in paths:
            r = c.get(path, headers={"Host": f"127.0.0.1:{server.port}"})
            if r.is_redirect:
                target = httpx.URL(server.url).join(r.headers["location"])
                assert target.host == "127.0.0.1" and target.port == server.port, (path, target)
            assert r.status_code < 500, path
