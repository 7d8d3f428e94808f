"""Structured request log as a plain ASGI middleware.

Starlette's `BaseHTTPMiddleware` wraps every response in extra tasks and streams; this one
only watches the status line go by, which matters on the message-sending hot path.
"""

from __future__ import annotations

import logging
import re
import time

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parta.kit.http import client_ip

log = logging.getLogger("parta.request")
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
REDACTED = "[redacted]"
# Path parameters that are secrets (invitation, feed and webhook tokens, guest codes).
_SECRET_PARAM = re.compile(r"token|code|secret", re.I)
# Pages of the web app whose address carries a secret (they match no API route).
_SECRET_PAGE = re.compile(r"(/(?:invite|chat-invites|guest)/)[^/]+")


def redacted_path(scope: Scope) -> str:
    """The request path with every secret in it replaced, fit for a log line."""
    path: str = scope["path"]
    for name, value in (scope.get("path_params") or {}).items():
        if _SECRET_PARAM.search(name) and isinstance(value, str) and value:
            path = path.replace(value, REDACTED)
    return _SECRET_PAGE.sub(r"\1" + REDACTED, path)


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in QUIET_PATHS:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            state = scope.get("state") or {}
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": redacted_path(scope),
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                    "ip": client_ip(HTTPConnection(scope)),
                    "actor": state.get("actor_id"),
                },
            )
