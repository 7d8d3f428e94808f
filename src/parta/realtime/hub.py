"""The node's sockets, indexed by account, and the chats' audiences cached in memory.

Fan-out does no per-recipient database work and no per-recipient encoding: the event text
is encoded once and the same string is queued on every socket that should get it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from parta.realtime.envelope import Envelope

log = logging.getLogger("parta.hub")

QUEUE_LIMIT = 2000  # a socket this far behind is closed; the client resyncs
AUDIENCE_CACHE = 50_000
CLOSE_TOO_SLOW = 4008

LoadAudience = Callable[[str], Awaitable[frozenset[str]]]


class Connection:
    """One client socket with its own outgoing queue and writer task."""

    def __init__(
        self,
        account_id: str,
        session_id: str,
        send: Callable[[str], Awaitable[None]],
        close: Callable[[int, str], Coroutine[Any, Any, None]],
    ) -> None:
        self.account_id = account_id
        self.session_id = session_id
        self._send = send
        self._close = close
        self._queue: asyncio.Queue[str | None] = asyncio.Queue(QUEUE_LIMIT)
        self._writer = asyncio.create_task(self._write(), name="ws-writer")
        self.closed = False

    def push(self, text: str) -> None:
        if self.closed:
            return
        try:
            self._queue.put_nowait(text)
        except asyncio.QueueFull:
            self.closed = True
            asyncio.get_running_loop().create_task(
                self._close(CLOSE_TOO_SLOW, "too far behind; resync")
            )

    async def _write(self) -> None:
        while True:
            text = await self._queue.get()
            if text is None:
                return
            try:
                await self._send(text)
            except Exception:
                self.closed = True
                return

    async def shutdown(self) -> None:
        self.closed = True
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._writer


class Hub:
    def __init__(self, load_audience: LoadAudience) -> None:
        self._by_account: dict[str, set[Connection]] = {}
        self._audiences: OrderedDict[str, frozenset[str]] = OrderedDict()
        self._load = load_audience
        self.delivered = 0  # copies queued, for metrics and benchmarks

    @property
    def connection_count(self) -> int:
        return sum(len(c) for c in self._by_account.values())

    def add(self, conn: Connection) -> None:
        self._by_account.setdefault(conn.account_id, set()).add(conn)

    def remove(self, conn: Connection) -> None:
        conns = self._by_account.get(conn.account_id)
        if conns is not None:
            conns.discard(conn)
            if not conns:
                del self._by_account[conn.account_id]

    def is_online(self, account_id: str) -> bool:
        return account_id in self._by_account

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
        targets: set[str] = set(env.accounts)
        if env.chat_id is not None:
            if not self._by_account:
                return
            members = await self.audience(env.chat_id)
            # Iterate over the smaller side: a big chat with few local listeners is cheap.
            if len(members) > len(self._by_account):
                targets.update(a for a in self._by_account if a in members)
            else:
                targets.update(members)
        n = 0
        for account_id in targets:
            conns = self._by_account.get(account_id)
            if not conns:
                continue
            for conn in conns:
                if conn.session_id != env.exclude_session:
                    conn.push(env.text)
                    n += 1
        self.delivered += n

    async def close_all(self) -> None:
        for conns in list(self._by_account.values()):
            for conn in list(conns):
                await conn.shutdown()
        self._by_account.clear()
