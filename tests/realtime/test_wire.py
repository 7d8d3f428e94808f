"""Frames written straight to the transport (parta.realtime.wire) on a live server with real
sockets: a socket without per-message compression gets its frames that way, one that
negotiated it keeps the ASGI send, and both get every event in order; a reader that stalls
gets the frames queued behind in order once it reads again; one that falls too far behind is
closed with 4008 without holding up the others."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from parta.realtime import hub as hub_module
from parta.realtime.envelope import Envelope, encode_event
from parta.realtime.hub import CLOSE_TOO_SLOW
from parta.realtime.runtime import Runtime
from tests.chats.helpers import make_group, make_school, post, token_of
from tests.harness import LiveServer
from tests.realtime.client import EventClient


def wired(server: LiveServer, account_id: str) -> list[bool]:
    runtime: Runtime = server.app.state.realtime

    async def _look() -> list[bool]:
        return [c.wired for c in runtime.hub.connections_of(account_id)]

    return server.run(_look())


def test_wired_and_compressed_sockets_get_every_message_in_order(server: LiveServer) -> None:
    s = make_school(server)
    teacher, parent = s.teacher.client(server), s.parents[0].client(server)
    other = s.parents[1].client(server)
    chat = make_group(teacher, s.org.id, [s.parents[0], s.parents[1]])
    plain = EventClient(server.url, token_of(parent))  # as production sockets: no extension
    deflated = EventClient(server.url, token_of(other), compression="deflate")
    assert wired(server, s.parents[0].account_id) == [True]
    assert wired(server, s.parents[1].account_id) == [False]  # compressed per socket
    # Short, 16-bit and long-ish lengths; non-ASCII text is framed as UTF-8 once.
    bodies = [f"сообщение {i}:" + "ё" * (i * 300) for i in range(12)]
    for body in bodies:
        r = post(teacher, s.org.id, chat["id"], body)
        assert r.status_code == 201, r.text
    for client in (plain, deflated):
        got = [client.wait_for(lambda e: e["type"] == "message.new") for _ in bodies]
        assert [e["data"]["body"] for e in got] == bodies
        seqs = [e["seq"] for e in got]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        client.send({"type": "ping", "t": 7})  # replies use the same writer
        assert client.wait_for(lambda e: e["type"] == "pong")["data"] == {"t": 7}
    plain.close()
    # A socket that is gone is skipped; the others keep getting events.
    r = post(teacher, s.org.id, chat["id"], "после")
    assert r.status_code == 201
    assert deflated.wait_for(lambda e: e["type"] == "message.new")["data"]["body"] == "после"
    deflated.close()


def stalled_socket(server: LiveServer, token: str) -> ClientConnection:
    """A client that stops reading at once: a small receive buffer and a queue of one frame
    (the library stops reading the socket while its queue is full)."""
    url = urlsplit(server.url)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
    sock.connect((url.hostname or "127.0.0.1", url.port or 80))
    ws = connect(
        server.url.replace("http://", "ws://") + "/api/v1/events",
        sock=sock,
        additional_headers={"Authorization": f"Bearer {token}"},
        compression=None,
        max_queue=1,
        open_timeout=10,
    )
    assert '"hello"' in str(ws.recv(timeout=10))
    return ws


def bulk_number(frame: Any) -> int | None:
    if '"test.bulk"' not in frame:
        return None
    return int(frame.split('"i":', 1)[1].split(",", 1)[0])


def next_bulk(ws: ClientConnection, timeout: float = 20) -> int:
    """The number of the next test.bulk frame (presence and the like may come between)."""
    while True:
        number = bulk_number(ws.recv(timeout=timeout))
        if number is not None:
            return number


PAD = "ж" * 40_000  # 80 kB frames: 64-bit lengths, and the buffers fill quickly


async def publish_bulk(runtime: Runtime, accounts: tuple[str, ...], count: int) -> None:
    for i in range(count):
        text = encode_event("test.bulk", {"i": i, "pad": PAD})
        await runtime.bus.publish(Envelope(text=text, accounts=accounts))
        await asyncio.sleep(0.005)  # a reading client keeps up; a stalled one cannot


def backlog(server: LiveServer, account_id: str) -> list[int]:
    runtime: Runtime = server.app.state.realtime

    async def _look() -> list[int]:
        return [c.backlog for c in runtime.hub.connections_of(account_id)]

    return server.run(_look())


def test_a_stalled_reader_gets_the_rest_in_order_once_it_reads_again(server: LiveServer) -> None:
    s = make_school(server)
    account = s.parents[0].account_id
    stalled = stalled_socket(server, token_of(s.parents[0].client(server)))
    runtime: Runtime = server.app.state.realtime
    count = 150
    server.run(publish_bulk(runtime, (account,), count), timeout=60)
    waiting = backlog(server, account)
    assert waiting[0] > 0  # the transport is paused: frames wait in order behind it
    got = [next_bulk(stalled) for _ in range(count)]
    assert got == list(range(count))
    assert backlog(server, account) == [0]
    server.run(publish_bulk(runtime, (account,), 1))  # written at once again
    assert next_bulk(stalled, timeout=10) == 0
    stalled.close()


@pytest.fixture
def short_queue(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """A socket is closed 20 frames behind instead of 2,000 (same code path, less data)."""
    monkeypatch.setattr(hub_module, "QUEUE_LIMIT", 20)
    yield 20


def test_a_reader_that_stops_is_closed_with_4008_and_others_keep_up(
    server: LiveServer, short_queue: int
) -> None:
    s = make_school(server)
    slow_id, fast_id = s.parents[0].account_id, s.parents[1].account_id
    fast = EventClient(server.url, token_of(s.parents[1].client(server)))
    slow = stalled_socket(server, token_of(s.parents[0].client(server)))
    assert wired(server, slow_id) == [True] and wired(server, fast_id) == [True]
    runtime: Runtime = server.app.state.realtime
    count = 200
    server.run(publish_bulk(runtime, (slow_id, fast_id), count), timeout=60)
    got = [fast.wait_for(lambda e: e["type"] == "test.bulk")["data"]["i"] for _ in range(count)]
    assert got == list(range(count))
    # The slow reader gets what was written before it fell behind, in order, then 4008.
    seen: list[int] = []
    code: int | None = None
    try:
        while True:
            number = bulk_number(slow.recv(timeout=20))
            if number is not None:
                seen.append(number)
    except ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd is not None else None
    assert code == CLOSE_TOO_SLOW
    assert seen == list(range(len(seen))) and len(seen) < count
    fast.close()
