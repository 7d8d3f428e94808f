"""A cap on request bodies that FastAPI itself reads (JSON and form bodies of endpoints).

Endpoints that take uploads read their bodies themselves, each under its own cap
(`files.http.limited_form`: the organisation's file limit; the incoming webhook: 64 KiB; the
roster import: PARTA_ROSTER_MAX_BYTES), so they are left alone here. Everything else may not
send more than PARTA_MAX_BODY_KB: a larger declared length is refused before a byte is read,
and a body sent without a length is cut off as soon as it passes the cap. Either way the
answer is 413 `payload_too_large`.

The route is known by the time the body is read (routing puts it in the scope), so the
decision is made then, from `route.body_field`: whether FastAPI parses the body.
"""

from __future__ import annotations

from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from parta.config import get_settings


def too_large(limit: int) -> HTTPException:
    return HTTPException(
        status_code=413,
        detail=f"The request body is too large: at most {limit // 1024} KiB here.",
    )


def _parsed_by_fastapi(scope: Scope) -> bool:
    route = scope.get("route")
    return isinstance(route, APIRoute) and route.body_field is not None


class BodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = get_settings().max_body_kb * 1024
        declared: int | None = None
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit():
                declared = int(value)
        received = 0
        checked = False

        async def limited() -> Message:
            nonlocal received, checked
            capped = _parsed_by_fastapi(scope)
            if capped and not checked:
                checked = True
                if declared is not None and declared > limit:
                    raise too_large(limit)
            message = await receive()
            if capped and message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, limited, send)
