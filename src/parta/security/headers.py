"""Security headers on every HTTP response, as a plain ASGI middleware.

- The web app's pages carry their own Content-Security-Policy (parta.webapp: scripts and
  styles from this site only, nothing inline). Downloads carry theirs (`sandbox`; inline PDFs
  none, since Chromium's viewer refuses a sandbox). Everything else — JSON above all — gets
  `default-src 'none'`: if a response were ever taken for a page, nothing in it could run.
- The API docs page (Swagger UI) loads its script from a CDN and starts it with one inline
  script: it gets a policy that allows exactly that script by its hash.
- `frame-ancestors 'none'` (and the older X-Frame-Options) everywhere: no clickjacking.
- HSTS only on responses to HTTPS requests: the socket's own scheme, or X-Forwarded-Proto
  from a proxy listed in PARTA_TRUSTED_PROXIES (anyone else could send the header).
- Permissions-Policy: camera, microphone and screen sharing for this site (calls need them),
  nothing for anyone else; sensors, payments and the like for no one.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parta.config import get_settings

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
PERMISSIONS_POLICY = ", ".join(
    [
        "camera=(self)",
        "microphone=(self)",
        "display-capture=(self)",
        "fullscreen=(self)",
        "autoplay=(self)",
        "picture-in-picture=(self)",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "hid=()",
        "bluetooth=()",
        "midi=()",
        "accelerometer=()",
        "gyroscope=()",
        "magnetometer=()",
    ]
)
COMMON = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Invitation and feed addresses carry secrets in their path: never send them elsewhere.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
DOCS_CDN = "https://cdn.jsdelivr.net"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def _is_https(scope: Scope) -> bool:
    if scope.get("scheme") == "https":
        return True
    client = scope.get("client")
    peer = client[0] if client else ""
    if peer not in get_settings().trusted_proxies:
        return False
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-proto":
            # A chain of proxies appends; the one nearest the browser is first.
            first = bytes(value).decode("latin-1").split(",")[0]
            return first.strip().lower() == "https"
    return False


def docs_csp(body: bytes) -> str:
    """The policy of the Swagger UI page: its CDN files and its own inline script only."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m).digest()).decode() + "'"
        for m in _INLINE_SCRIPT.findall(body)
    )
    return (
        f"default-src 'none'; script-src {DOCS_CDN} {hashes}; style-src {DOCS_CDN}; "
        "img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, docs_path: str | None = None) -> None:
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = get_settings()
        hsts = (
            f"max-age={settings.hsts_seconds}; includeSubDomains"
            if settings.hsts_seconds > 0 and _is_https(scope)
            else None
        )
        if scope["path"] == self.docs_path:
            await self._docs(scope, receive, send, hsts)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_headers(message, hsts)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send, hsts: str | None) -> None:
        """Hold the (small) docs page back until its inline script can be hashed."""
        start: Message | None = None
        chunks: list[bytes] = []

        async def collect(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start is not None:
                    body = b"".join(chunks)
                    MutableHeaders(scope=start)["Content-Security-Policy"] = docs_csp(body)
                    add_headers(start, hsts)
                    await send(start)
                    await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, collect)


def add_headers(message: Message, hsts: str | None) -> None:
    """Add the common headers to a response start message, keeping any the response set."""
    headers = MutableHeaders(scope=message)
    for name, value in COMMON.items():
        headers.setdefault(name, value)
    content_type = headers.get("content-type", "")
    # Inline PDFs go without a policy on purpose (see the module docstring).
    if not content_type.startswith("application/pdf"):
        headers.setdefault("Content-Security-Policy", API_CSP)
    if hsts:
        headers.setdefault("Strict-Transport-Security", hsts)
