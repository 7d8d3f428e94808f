"""The hub's per-socket writer on its own: frames go out at once and in order, a socket
whose buffer is full gets the rest queued behind, and one that falls too far behind is
closed. The socket is played by a stand-in that, like uvicorn's ASGI send, waits only while
the transport is paused for writing (the live tests cover the real socket)."""

from __future__ import annotations

import asyncio

from parta.realtime.hub import CLOSE_TOO_SLOW, QUEUE_LIMIT, Connection


class Socket:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.writable = asyncio.Event()
        self.writable.set()
        self.closed_with: int | None = None
        self.gone = False

    async def send(self, text: str) -> None:
        await self.writable.wait()
        if self.gone:
            raise ConnectionResetError("client went away")
        self.sent.append(text)

    async def close(self, code: int, reason: str) -> None:
        self.closed_with = code


def test_frames_are_written_at_once_and_in_order() -> None:
    async def go() -> None:
        sock = Socket()
        conn = Connection("a", "s", sock.send, sock.close)
        for i in range(5):
            conn.push(f"f{i}")
        assert sock.sent == [f"f{i}" for i in range(5)]  # without yielding to the loop
        await conn.shutdown()

    asyncio.run(go())


def test_a_paused_socket_gets_the_rest_in_order_once_writable() -> None:
    async def go() -> None:
        sock = Socket()
        conn = Connection("a", "s", sock.send, sock.close)
        conn.push("first")
        sock.writable.clear()  # the client stopped reading; the buffer is full
        for i in range(3):
            conn.push(f"late{i}")
        await asyncio.sleep(0.01)
        assert sock.sent == ["first"]
        sock.writable.set()
        await asyncio.sleep(0.01)
        assert sock.sent == ["first", "late0", "late1", "late2"]
        conn.push("after")  # back to writing at once
        assert sock.sent[-1] == "after"
        await conn.shutdown()

    asyncio.run(go())


def test_a_socket_too_far_behind_is_closed_and_others_are_not_held_up() -> None:
    async def go() -> None:
        slow, fast = Socket(), Socket()
        slow_conn = Connection("a", "s1", slow.send, slow.close)
        fast_conn = Connection("b", "s2", fast.send, fast.close)
        slow.writable.clear()
        for i in range(QUEUE_LIMIT + 2):
            slow_conn.push(f"m{i}")
            fast_conn.push(f"m{i}")
        await asyncio.sleep(0.01)
        assert slow.closed_with == CLOSE_TOO_SLOW and slow_conn.closed
        assert len(fast.sent) == QUEUE_LIMIT + 2
        slow_conn.push("ignored")
        await slow_conn.shutdown()  # cancels the send still waiting
        await fast_conn.shutdown()
        assert "ignored" not in slow.sent

    asyncio.run(go())


def test_a_vanished_client_marks_the_connection_closed() -> None:
    async def go() -> None:
        sock = Socket()
        conn = Connection("a", "s", sock.send, sock.close)
        sock.gone = True
        conn.push("x")  # does not raise into the publisher
        assert conn.closed
        sock.gone = False
        conn.push("y")
        assert sock.sent == []

    asyncio.run(go())
