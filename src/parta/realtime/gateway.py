"""The WebSocket endpoint `/api/v1/events`: one socket per device.

Authenticated by the session: `Authorization: Bearer` (API clients) or the session cookie
(browsers; the Origin must be this site's). The server sends `hello`, then events as JSON
text frames `{"type", "chat_id"?, "seq"?, "data"}`. Clients may send `ping`, `typing` and
`call.signal` (WebRTC signalling of a direct call, see parta.calls.signal) and `call.media`
(group calls through Janus, see parta.calls.media).
Misbehaving clients are closed with a reason code; nobody else is affected.

Besides the chats' events the server sends `presence` (`{"people": [{"account_id", "status",
"last_seen_at"}]}`, for people who share a conversation with the client and whose presence is
visible) and `resync` (live events may have been lost, e.g. the bus between nodes was down:
catch up through /api/v1/sync). A client that falls too far behind is closed with 4008.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.websockets import WebSocketState

from parta.auth.tokens import SESSION_COOKIE, resolve_token
from parta.calls import liveness, media
from parta.calls.guests import GUEST_COOKIE
from parta.calls.signal import relay
from parta.config import get_settings
from parta.db import transaction
from parta.realtime.envelope import Envelope, encode_event
from parta.realtime.hub import Connection
from parta.realtime.runtime import get_runtime
from parta.realtime.wire import wire_of

router = APIRouter()

HEARTBEAT_SECONDS = 25
MAX_FRAME = 16384  # an SDP offer with video is several kilobytes
MAX_BAD_FRAMES = 5
RATE_WINDOW = 10.0
RATE_LIMIT = 60  # frames per window

CLOSE_UNAUTHORIZED = 4401
CLOSE_PROTOCOL = 4400
CLOSE_RATE = 4429
CLOSE_TOO_BIG = 1009


def _origin_allowed(ws: WebSocket) -> bool:
    origin = ws.headers.get("origin")
    if origin is None:
        return True  # not a browser
    o = urlsplit(origin)
    own = urlsplit(get_settings().public_base_url)
    host = ws.headers.get("host", "")
    return (o.scheme, o.netloc) == (own.scheme, own.netloc) or o.netloc == host


def _token(ws: WebSocket) -> tuple[str | None, bool]:
    header = ws.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip(), False
    # A guest's page asks for its guest session (the browser may also be signed in to Parta).
    if ws.query_params.get("as") == "guest":
        return ws.cookies.get(GUEST_COOKIE), True
    return ws.cookies.get(SESSION_COOKIE), True


@router.websocket("/events")
async def events(ws: WebSocket) -> None:
    """Realtime events for the signed-in person (see the module docstring)."""
    token, via_cookie = _token(ws)
    if not token or (via_cookie and not _origin_allowed(ws)):
        await ws.close(CLOSE_UNAUTHORIZED, "sign in first")
        return
    async with transaction(ws.app.state.sessionmaker) as db:
        found = await resolve_token(db, token)
    if found is None:
        await ws.close(CLOSE_UNAUTHORIZED, "session ended")
        return
    session, account = found
    await ws.accept()
    runtime = get_runtime()

    async def close(code: int, reason: str) -> None:
        if ws.client_state == WebSocketState.CONNECTED:
            await ws.close(code, reason)

    # Frames go straight to uvicorn's transport where it can take them (wire.py); otherwise
    # the bound method itself, not a wrapper: one coroutine less per frame.
    conn = Connection(account.id, session.id, ws.send_text, close, wire_of(ws))
    runtime.hub.add(conn)
    await liveness.socket_opened(ws.app.state.sessionmaker, session.id)
    try:
        conn.push(
            encode_event(
                "hello",
                {
                    "account_id": account.id,
                    "session_id": session.id,
                    "heartbeat_seconds": HEARTBEAT_SECONDS,
                },
            )
        )
        await _receive_loop(ws, conn, account.id, account.display_name)
    except WebSocketDisconnect:
        pass
    finally:
        runtime.hub.remove(conn)
        await media.drop(conn.session_id)
        if not runtime.hub.has_session(conn.account_id, conn.session_id):
            await liveness.socket_closed(ws.app.state.sessionmaker, conn.session_id)
        await conn.shutdown()


async def _receive_loop(ws: WebSocket, conn: Connection, account_id: str, name: str) -> None:
    runtime = get_runtime()
    bad = 0
    window_start = time.monotonic()
    frames = 0
    while True:
        raw = await ws.receive_text()
        now = time.monotonic()
        if now - window_start > RATE_WINDOW:
            window_start, frames = now, 0
        frames += 1
        if frames > RATE_LIMIT:
            await ws.close(CLOSE_RATE, "too many frames")
            return
        if len(raw) > MAX_FRAME:
            await ws.close(CLOSE_TOO_BIG, "frame too large")
            return
        msg = _parse(raw)
        if msg is None:
            bad += 1
            if bad >= MAX_BAD_FRAMES:
                await ws.close(CLOSE_PROTOCOL, "malformed frames")
                return
            conn.push(
                encode_event(
                    "error", {"code": "malformed", "message": "Expected a JSON object with a type."}
                )
            )
            continue
        kind = msg["type"]
        if kind == "ping":
            conn.push(encode_event("pong", {"t": msg.get("t")}))
        elif kind == "typing":
            chat_id = msg.get("chat_id")
            if not isinstance(chat_id, str) or len(chat_id) > 26:
                conn.push(
                    encode_event("error", {"code": "invalid", "message": "typing needs chat_id"})
                )
                continue
            if account_id not in await runtime.hub.audience(chat_id):
                conn.push(encode_event("error", {"code": "not_found", "message": "No such chat."}))
                continue
            text = encode_event("typing", {"account_id": account_id, "name": name}, chat_id=chat_id)
            await runtime.bus.publish(
                Envelope(text=text, chat_id=chat_id, exclude_session=conn.session_id)
            )
        elif kind == "call.media":
            await media.handle_frame(
                ws.app.state.sessionmaker,
                msg,
                account_id=account_id,
                session_id=conn.session_id,
                push=conn.push,
            )
        elif kind == "call.signal":
            error = await relay(
                ws.app.state.sessionmaker, msg, account_id=account_id, session_id=conn.session_id
            )
            if error is not None:
                message = "Not in this call." if error == "not_in_call" else "Bad call.signal."
                conn.push(encode_event("error", {"code": error, "message": message}))
        else:
            conn.push(
                encode_event(
                    "error", {"code": "unknown_type", "message": f"Unknown type {kind[:40]!r}."}
                )
            )


def _parse(raw: str) -> dict[str, Any] | None:
    try:
        msg = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
        return None
    return msg
