"""Security headers on every kind of response: API JSON, errors, the web app's pages, the API
docs, downloads (which keep their own sandbox), and HSTS only over HTTPS."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import re
from typing import Any

import httpx
import pytest
from PIL import Image
from starlette.types import Message

from parta.security.headers import API_CSP, PERMISSIONS_POLICY, SecurityHeaders
from tests.builders import make_person
from tests.harness import Api, LiveServer

COMMON = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


def _common(r: httpx.Response) -> None:
    for name, value in COMMON.items():
        assert r.headers.get(name) == value, (r.url, name, r.headers.get(name))
    policy = r.headers["permissions-policy"]
    for feature in ("camera", "microphone", "display-capture"):
        assert f"{feature}=(self)" in policy, policy
    assert "geolocation=()" in policy
    assert "frame-ancestors 'none'" in r.headers.get("content-security-policy", "") or (
        r.headers.get("content-type", "").startswith("application/pdf")
    )
    assert "strict-transport-security" not in r.headers  # plain HTTP


def test_api_responses_and_errors_carry_the_headers(server: LiveServer) -> None:
    person = make_person(server)
    api = person.client(server)
    for r in (
        api.get("/me"),
        api.get("/no-such-route"),
        api.post("/auth/sign-in", json={}),
        Api(server.url).get("/me"),
        api.get("/openapi.json"),
        httpx.get(server.url + "/healthz"),
    ):
        _common(r)
        assert r.headers["content-security-policy"] == API_CSP, r.url


def test_web_pages_keep_their_policy_without_inline_code(server: LiveServer) -> None:
    r = httpx.get(server.url + "/chats/01ARZ3NDEKTSV4RRFFQ69G5FAV")
    _common(r)
    csp = r.headers["content-security-policy"]
    if "script-src 'self'" in csp:  # the built app (not the "please build" page)
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert "style-src 'self';" in csp and "frame-ancestors 'none'" in csp
        html = r.text
        # Every script is a file of the site, and there are no inline styles or handlers.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), html
        assert "<style" not in html and " style=" not in html
        assert not re.search(r"\son[a-z]+=", html)


def test_the_api_docs_allow_exactly_their_inline_script(server: LiveServer) -> None:
    r = httpx.get(server.url + "/api/v1/docs")
    assert r.status_code == 200
    _common(r)
    csp = r.headers["content-security-policy"]
    inline = re.findall(r"<script>(.*?)</script>", r.text, re.S)
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp


def test_downloads_keep_their_sandbox(server: LiveServer) -> None:
    person = make_person(server)
    api = person.client(server)
    buf = io.BytesIO()
    Image.new("RGB", (300, 300), (200, 30, 30)).save(buf, "PNG")
    r = api.put("/me/avatar", files={"image": ("me.png", buf.getvalue(), "image/png")})
    assert r.status_code == 200, r.text
    url = r.json()["avatar_url"]
    got = api.get(url.removeprefix("/api/v1"))
    assert got.status_code == 200 and got.headers["content-type"].startswith("image/")
    assert got.headers["content-security-policy"] == "sandbox"
    for name, value in COMMON.items():
        assert got.headers[name] == value


def test_hsts_only_over_https_from_a_trusted_proxy(server: LiveServer) -> None:
    # The test server's proxy is 127.0.0.1 (PARTA_TRUSTED_PROXIES): its word counts.
    r = httpx.get(server.url + "/api/v1/policy", headers={"X-Forwarded-Proto": "https"})
    assert r.headers["strict-transport-security"] == (
        f"max-age={server.settings.hsts_seconds}; includeSubDomains"
    )
    assert "strict-transport-security" not in httpx.get(server.url + "/api/v1/policy").headers


async def _call(scope: dict[str, Any]) -> dict[str, str]:
    """Run SecurityHeaders around a bare endpoint and return the response headers."""

    async def endpoint(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    await SecurityHeaders(endpoint)(scope, receive, send)
    return {k.decode(): v.decode() for k, v in sent[0]["headers"]}


@pytest.mark.parametrize(
    ("peer", "scheme", "forwarded", "hsts"),
    [
        ("127.0.0.1", "http", "https", True),  # trusted proxy says HTTPS
        ("203.0.113.9", "http", "https", False),  # anyone else saying so is ignored
        ("203.0.113.9", "https", None, True),  # TLS on the socket itself
        ("127.0.0.1", "http", None, False),
        ("127.0.0.1", "http", "http", False),
    ],
)
def test_forwarded_proto_is_believed_only_from_trusted_proxies(
    server: LiveServer, peer: str, scheme: str, forwarded: str | None, hsts: bool
) -> None:
    headers = [(b"x-forwarded-proto", forwarded.encode())] if forwarded else []
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/policy",
        "scheme": scheme,
        "client": (peer, 50000),
        "headers": headers,
    }
    got = asyncio.run(_call(scope))
    assert ("strict-transport-security" in got) is hsts
    assert got["permissions-policy"] == PERMISSIONS_POLICY
