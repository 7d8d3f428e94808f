"""Serving the web client (the built SPA in `web/dist`) from the same origin as the API.

- Files of the build are served as they are: hashed files under `/assets/` with a year-long
  immutable cache, everything else (index.html, sw.js, the manifest) revalidated.
- Any other GET that is not an API path returns index.html, so deep links such as
  `/chats/<id>` or `/invite/<token>` work on reload.
- API paths (`/api...`) never reach this: unknown ones stay the API's JSON 404.
- Without a build, every page explains how to make one.

The folder is `web/dist` next to the source tree, or `PARTA_WEB_DIST` when set.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.datastructures import URLPath
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

# Paths the SPA never answers: the API and the operational endpoints.
RESERVED = ("/api", "/healthz", "/readyz", "/metrics")

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
SHORT = "public, max-age=3600"

# The SPA's own resources and, for the pages, what the browser may load: this site only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; media-src 'self' blob:; object-src 'none'; "
    # PDFs fetched by the app (the operator's document viewer) are shown from blob: URLs.
    "frame-src 'self' blob:; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; manifest-src 'self'; "
    "worker-src 'self'"
)
PAGE_HEADERS = {
    "Cache-Control": REVALIDATE,
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

NOT_BUILT = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Парта: веб-приложение не собрано</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}
code{background:#eef1f5;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>Веб-приложение ещё не собрано</h1>
<p>Сервер Парты работает (API: <a href="/api/v1/docs">/api/v1/docs</a>), но папки
<code>web/dist</code> нет. Соберите приложение (нужен Node.js 20.19+):</p>
<pre><code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code></pre>
<p>или просто <code>make web</code> (это же делает <code>make run</code>).
Затем обновите страницу.</p>
<hr><p lang="en"><strong>The web app is not built yet.</strong> The API is running; build the
client with <code>make web</code>
(or <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>) and reload.</p></body></html>
"""


def default_dist() -> Path:
    configured = os.environ.get("PARTA_WEB_DIST")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "web" / "dist"


def _reserved(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in RESERVED)


class SpaApp:
    """The ASGI app answering every non-API path from the build folder."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist

    def _file(self, rel: str) -> Path | None:
        root = self.dist.resolve()
        candidate = (root / rel).resolve()
        if candidate != root and root not in candidate.parents:
            return None  # ../ tricks
        return candidate if candidate.is_file() else None

    def response(self, method: str, path: str) -> Response:
        if method not in ("GET", "HEAD"):
            return JSONResponse(
                {"error": {"code": "method_not_allowed", "message": "Method Not Allowed"}},
                status_code=405,
                headers={"Allow": "GET, HEAD"},
            )
        index = self.dist / "index.html"
        if not index.is_file():
            # Its own small style sheet is inline; nothing else may load or run.
            csp = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
            return HTMLResponse(
                NOT_BUILT, headers={"Cache-Control": "no-store", "Content-Security-Policy": csp}
            )
        rel = path.lstrip("/")
        found = self._file(rel) if rel and "\x00" not in rel else None
        if found is not None and found.name != "index.html":
            if rel.startswith("assets/"):
                cache = IMMUTABLE
            elif found.suffix in (".js", ".webmanifest", ".json"):
                cache = REVALIDATE  # sw.js and the manifest must update promptly
            else:
                cache = SHORT
            return FileResponse(
                found, headers={"Cache-Control": cache, "X-Content-Type-Options": "nosniff"}
            )
        last = rel.rsplit("/", 1)[-1]
        if rel.startswith("assets/") or ("." in last and not rel.startswith("invite/")):
            return JSONResponse(
                {"error": {"code": "not_found", "message": "Not Found"}}, status_code=404
            )
        return FileResponse(index, media_type="text/html", headers=PAGE_HEADERS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = self.response(scope["method"], scope["path"])
        await response(scope, receive, send)


class SpaRoute(BaseRoute):
    """Matches every HTTP path outside RESERVED, whatever the method; must be the last route
    so that every API route (and its 405s) wins first."""

    def __init__(self, app: SpaApp) -> None:
        self.app = app

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and not _reserved(scope["path"]):
            return Match.FULL, {}
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def mount_web(app: FastAPI, dist: Path | None = None) -> None:
    """Serve the web client; call after every API router has been included."""
    app.router.routes.append(SpaRoute(SpaApp(dist or default_dist())))
