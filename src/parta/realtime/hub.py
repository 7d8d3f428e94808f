"""The node's sockets, indexed by account, and the chats' audiences cached in memory.

Fan-out does no per-recipient database work and no per-recipient encoding: the event text
is encoded and framed once, and the same bytes are written to every socket that should get
them (see wire.py; sockets without a wire get the same string through the ASGI send).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Coroutine, Generator
from typing import Any

from parta.realtime.envelope import Envelope, encode_event
from parta.realtime.wire import Wire, text_frame

log = logging.getLogger("parta.hub")

QUEUE_LIMIT = 2000  # a socket this far behind is closed; the client resyncs
AUDIENCE_CACHE = 50_000
CLOSE_TOO_SLOW = 4008

LoadAudience = Callable[[str], Awaitable[frozenset[str]]]
PresenceHook = Callable[[str, bool], None]


class Connection:
    """One client socket and its outgoing frames, in order.

    A frame is written straight away. With a wire (wire.py) that is one `transport.write` of
    the frame the hub made once for all recipients. Without one it is the ASGI send, whose
    coroutine is stepped by hand: a text frame's send completes without ever suspending
    unless the socket's buffer is full, so it usually finishes on the spot, saving a task
    wake-up per copy. Only when a write must wait (a slow reader: the transport's buffer is
    over its high-water mark) does a task take over, writing the frames queued behind as the
    client reads; a socket that falls `QUEUE_LIMIT` frames behind is closed and its client
    resyncs.
    """

    def __init__(
        self,
        account_id: str,
        session_id: str,
        send: Callable[[str], Coroutine[Any, Any, None]],
        close: Callable[[int, str], Coroutine[Any, Any, None]],
        wire: Wire | None = None,
    ) -> None:
        self.account_id = account_id
        self.session_id = session_id
        self._send = send
        self._close = close
        self._wire = wire
        self._queue: deque[Any] = deque()  # frames (bytes) with a wire, else texts
        self._drainer: asyncio.Task[None] | None = None
        self.closed = False

    @property
    def wired(self) -> bool:
        """Whether frames go straight to the transport (see wire.py)."""
        return self._wire is not None

    @property
    def backlog(self) -> int:
        """Frames waiting behind a write the socket cannot take yet."""
        return len(self._queue)

    def push(self, text: str, frame: bytes | None = None) -> None:
        """Write `text` (already framed as `frame`, when the caller has it) or queue it."""
        if self.closed:
            return
        wire = self._wire
        if self._drainer is not None:  # a write is waiting for the socket: keep the order
            if len(self._queue) >= QUEUE_LIMIT:
                self._too_slow()
            elif wire is None:
                self._queue.append(text)
            else:
                self._queue.append(frame if frame is not None else text_frame(text))
            return
        if wire is not None:
            if wire.ready():
                try:
                    wire.transport.write(frame if frame is not None else text_frame(text))
                except Exception:
                    self.closed = True  # the client is gone; the gateway cleans up
                return
            if wire.gone():
                self.closed = True
                return
            self._queue.append(frame if frame is not None else text_frame(text))
            self._drainer = asyncio.get_running_loop().create_task(
                self._drain_wire(wire), name="ws-drain"
            )
            return
        coro = self._send(text)
        try:
            waiting = coro.send(None)
        except StopIteration:
            return  # written
        except Exception:
            self.closed = True  # the client is gone; the gateway cleans up
            return
        self._drainer = asyncio.get_running_loop().create_task(
            self._drain(_Resume(coro, waiting)), name="ws-drain"
        )

    def _too_slow(self) -> None:
        self.closed = True
        self._queue.clear()
        if self._drainer is not None:
            self._drainer.cancel()  # the frame it waits to write was never started
        asyncio.get_running_loop().create_task(
            self._close(CLOSE_TOO_SLOW, "too far behind; resync")
        )

    async def _drain(self, pending: _Resume) -> None:
        try:
            await pending
            while self._queue and not self.closed:
                await self._send(self._queue.popleft())
        except Exception:
            self.closed = True
            self._queue.clear()
        finally:
            self._drainer = None

    async def _drain_wire(self, wire: Wire) -> None:
        try:
            while self._queue and not self.closed:
                if wire.ready():
                    # A write that fills the buffer pauses the transport at once: the
                    # next turn waits again.
                    wire.transport.write(self._queue.popleft())
                elif wire.gone():
                    self.closed = True
                else:
                    await wire.writable()
        except Exception:
            self.closed = True
        finally:
            if self.closed:
                self._queue.clear()
            self._drainer = None

    async def shutdown(self) -> None:
        self.closed = True
        if self._drainer is not None:
            self._drainer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._drainer


class _Resume:
    """Awaiting this finishes a coroutine that was started by hand and is suspended on
    `waiting` (what it yielded): the awaiting task waits on that and feeds it back."""

    __slots__ = ("_coro", "_waiting")

    def __init__(self, coro: Coroutine[Any, Any, Any], waiting: Any) -> None:
        self._coro = coro
        self._waiting = waiting

    def __await__(self) -> Generator[Any, Any, None]:
        coro, waiting = self._coro, self._waiting
        while True:
            try:
                value = yield waiting
            except BaseException as exc:  # cancellation and the like go to the coroutine
                try:
                    waiting = coro.throw(exc)
                except StopIteration:
                    return
                continue
            try:
                waiting = coro.send(value)
            except StopIteration:
                return


class Hub:
    def __init__(self, load_audience: LoadAudience) -> None:
        self._by_account: dict[str, set[Connection]] = {}
        self._audiences: OrderedDict[str, frozenset[str]] = OrderedDict()
        self._load = load_audience
        self.delivered = 0  # copies queued, for metrics and benchmarks
        # Told when an account gets its first socket on this node (True) or loses its last.
        self.on_presence: PresenceHook | None = None

    @property
    def connection_count(self) -> int:
        return sum(len(c) for c in self._by_account.values())

    def add(self, conn: Connection) -> None:
        conns = self._by_account.get(conn.account_id)
        if conns is None:
            self._by_account[conn.account_id] = {conn}
            if self.on_presence is not None:
                self.on_presence(conn.account_id, True)
        else:
            conns.add(conn)

    def connections_of(self, account_id: str) -> list[Connection]:
        """This node's sockets of the account."""
        return list(self._by_account.get(account_id, ()))

    def has_session(self, account_id: str, session_id: str) -> bool:
        """Whether this node still has a socket of that device (a reconnect may overlap)."""
        return any(c.session_id == session_id for c in self._by_account.get(account_id, ()))

    def remove(self, conn: Connection) -> None:
        conns = self._by_account.get(conn.account_id)
        if conns is None or conn not in conns:
            return
        conns.discard(conn)
        if not conns:
            del self._by_account[conn.account_id]
            if self.on_presence is not None:
                self.on_presence(conn.account_id, False)

    def is_online(self, account_id: str) -> bool:
        return account_id in self._by_account

    def local_accounts(self) -> set[str]:
        """Accounts with at least one socket on this node."""
        return set(self._by_account)

    def forget_audience(self, chat_id: str) -> None:
        self._audiences.pop(chat_id, None)

    async def audience(self, chat_id: str) -> frozenset[str]:
        cached = self._audiences.get(chat_id)
        if cached is not None:
            self._audiences.move_to_end(chat_id)
            return cached
        members = await self._load(chat_id)
        self._audiences[chat_id] = members
        if len(self._audiences) > AUDIENCE_CACHE:
            self._audiences.popitem(last=False)
        return members

    async def deliver(self, env: Envelope) -> None:
        """Queue the envelope's text on every local socket of its audience."""
        if env.chat_id is not None and env.members_changed:
            self.forget_audience(env.chat_id)
        by_account = self._by_account
        if not by_account:
            return
        targets: set[str] | frozenset[str] = frozenset(env.accounts)
        if env.chat_id is not None:
            members = await self.audience(env.chat_id)
            # The intersection iterates over the smaller side: a big chat with few local
            # listeners is cheap, and so is a small chat on a busy node.
            local = by_account.keys() & members
            targets = local | targets if env.accounts else local
        text, exclude = env.text, env.exclude_session
        frame = text_frame(text)  # once for every socket
        n = 0
        for account_id in targets:
            conns = by_account.get(account_id)
            if not conns:
                continue
            for conn in conns:
                if conn.session_id != exclude:
                    conn.push(text, frame)
                    n += 1
        self.delivered += n

    def resync_all(self) -> None:
        """Tell every local socket to catch up through /sync (live events may be lost)."""
        text = encode_event("resync", {"reason": "bus_reconnected"})
        frame = text_frame(text)
        for conns in self._by_account.values():
            for conn in conns:
                conn.push(text, frame)

    async def close_all(self) -> None:
        for conns in list(self._by_account.values()):
            for conn in list(conns):
                await conn.shutdown()
        self._by_account.clear()
