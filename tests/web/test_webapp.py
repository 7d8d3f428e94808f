"""Serving the built web client: SPA fallback for deep links, cache headers, API paths
untouched, and the page that explains how to build when there is no build."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi import FastAPI
from starlette.routing import Match

from parta.webapp import SpaRoute, mount_web
from tests.harness import LiveServer
from tests.web.conftest import DIST


def test_deep_links_get_the_app_and_assets_are_cached(server: LiveServer, web_build: None) -> None:
    with httpx.Client(base_url=server.url) as http:
        for path in ("/", "/chats/01ABCDEFGHJKMNPQRSTVWXYZ00", "/invite/abc.def", "/sign-in"):
            r = http.get(path)
            assert r.status_code == 200, path
            assert r.headers["content-type"].startswith("text/html")
            assert r.headers["cache-control"] == "no-cache"
            assert "default-src 'self'" in r.headers["content-security-policy"]
            assert '<div id="root">' in r.text
        asset = next((DIST / "assets").glob("*.js")).name
        r = http.get(f"/assets/{asset}")
        assert r.status_code == 200
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert http.get("/sw.js").headers["cache-control"] == "no-cache"
        assert http.get("/manifest.webmanifest").status_code == 200
        assert http.get("/assets/missing.js").status_code == 404
        assert http.get("/missing.png").status_code == 404
        assert "root" not in http.get("/..%2f..%2fpyproject.toml").text


def test_api_paths_are_never_the_app(server: LiveServer, web_build: None) -> None:
    with httpx.Client(base_url=server.url) as http:
        for method in ("GET", "POST", "DELETE"):
            r = http.request(method, "/api/v1/no-such-thing")
            assert r.status_code == 404, method
            assert r.json()["error"]["code"] == "not_found"
        # A known API path with the wrong method stays the API's 405.
        assert http.put("/api/v1/policy").status_code == 405
        assert http.get("/healthz").json() == {"status": "ok"}
        assert http.post("/chats/x").status_code == 405


def test_without_a_build_the_page_says_how_to_build(tmp_path: Path) -> None:
    app = FastAPI()
    mount_web(app, tmp_path / "dist")
    spa = app.router.routes[-1]
    assert isinstance(spa, SpaRoute)
    for path in ("/", "/chats/123"):
        r = spa.app.response("GET", path)
        assert r.status_code == 200
        assert b"npm run build" in r.body and b"make web" in r.body
    assert spa.matches({"type": "http", "path": "/api/v1/x"})[0] == Match.NONE
    assert spa.matches({"type": "http", "path": "/apiary"})[0] == Match.FULL
    assert spa.matches({"type": "websocket", "path": "/x"})[0] == Match.NONE
