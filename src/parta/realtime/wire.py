"""Ready-made WebSocket frames written straight to the socket's transport.

A server's text frame is the same bytes for every recipient: it is not masked, and without
per-message compression (`parta serve` turns it off) nothing in it depends on the socket. So
the hub frames an event once and each copy costs one `transport.write` of those bytes,
instead of the ASGI send chain per copy (Starlette's WebSocket, the exception middleware's
wrapper, uvicorn's send, UTF-8 encoding and framing by `websockets`), which was most of the
Python work of a fan-out.

This needs the server's protocol object, which ASGI does not expose: `wire_of` finds
uvicorn's websockets-sansio protocol behind the socket's `receive` (no middleware wraps it
for WebSockets) and answers None for anything else — another server, another WebSocket
implementation, a socket that negotiated an extension — so that those keep the ASGI path.
Everything but data frames (the handshake, close, pings) stays with uvicorn; frames are
written whole, so they interleave with its writes at frame boundaries.
"""

from __future__ import annotations

from typing import Any

from starlette.websockets import WebSocket
from websockets.frames import Frame, Opcode
from websockets.protocol import State

try:
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
except ImportError:  # pragma: no cover - uvicorn without `websockets`
    WebSocketsSansIOProtocol = None  # type: ignore[assignment,misc]

OPEN = State.OPEN


def text_frame(text: str) -> bytes:
    """One unmasked, unfragmented text frame, as a server sends it."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


class Wire:
    """The transport of one uvicorn WebSocket, for writing whole frames to it."""

    __slots__ = ("_conn", "_proto", "_writable", "transport")

    def __init__(self, proto: Any) -> None:
        self._proto = proto
        self._conn = proto.conn
        self._writable = proto.writable
        self.transport = proto.transport

    def ready(self) -> bool:
        """Open, and the transport's buffer below its high-water mark: a write goes out now."""
        proto = self._proto
        return (
            self._writable.is_set()
            and not proto.close_sent
            and self._conn.state is OPEN
            and not self.transport.is_closing()
        )

    def gone(self) -> bool:
        """Closed or closing: nothing more may be written."""
        proto = self._proto
        return bool(
            proto.disconnected
            or proto.close_sent
            or self._conn.state is not OPEN
            or self.transport.is_closing()
        )

    async def writable(self) -> None:
        """Wait until the client has read enough (uvicorn sets this when the connection
        is lost, too)."""
        await self._writable.wait()


def wire_of(ws: WebSocket) -> Wire | None:
    """The socket's wire, when frames can be written to it directly; None otherwise."""
    if WebSocketsSansIOProtocol is None:
        return None
    proto = getattr(getattr(ws, "_receive", None), "__self__", None)
    if not isinstance(proto, WebSocketsSansIOProtocol):
        return None
    conn = getattr(proto, "conn", None)
    if conn is None or getattr(conn, "extensions", None) != []:
        return None  # e.g. permessage-deflate: each copy is compressed for its socket
    needed = ("transport", "writable", "close_sent", "disconnected")
    if not all(hasattr(proto, name) for name in needed):
        return None
    return Wire(proto)
