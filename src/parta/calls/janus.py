"""A small asyncio client of Janus's WebSocket API (one Janus session per Parta process).

Requests carry the API secret that only Parta knows; browsers never reach Janus. Replies are
matched to requests by transaction; asynchronous plugin answers ("ack" first, the "event"
later) resolve the same request. Events Janus sends on its own (a publisher joined, a peer
hung up) go to the listener of the handle they concern.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.typing import Subprotocol

from parta.kit.ids import random_token

log = logging.getLogger(__name__)

VIDEOROOM = "janus.plugin.videoroom"
KEEPALIVE_SECONDS = 25
REQUEST_TIMEOUT = 15.0

Listener = Callable[[dict[str, Any]], None]


class JanusError(Exception):
    """Janus refused a request or could not be reached."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class Janus:
    def __init__(self, url: str, api_secret: str) -> None:
        self.url = url
        self.api_secret = api_secret
        self.session_id: int | None = None
        self._ws: ClientConnection | None = None
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._listeners: dict[int, Listener] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._lock = asyncio.Lock()

    @property
    def connected(self) -> bool:
        return self._ws is not None and self.session_id is not None

    async def ensure(self) -> None:
        """Connect and create the session if not yet (or again, after Janus went away)."""
        if self.connected:
            return
        async with self._lock:
            if self.connected:
                return
            try:
                self._ws = await websockets.connect(
                    self.url,
                    subprotocols=[Subprotocol("janus-protocol")],
                    open_timeout=5,
                    max_size=2**22,
                )
            except (OSError, websockets.InvalidHandshake, TimeoutError) as exc:
                raise JanusError(f"Janus is not reachable at {self.url}: {exc}") from exc
            self._tasks = [
                asyncio.create_task(self._read()),
                asyncio.create_task(self._keepalive()),
            ]
            reply = await self._send({"janus": "create"})
            self.session_id = int(reply["data"]["id"])

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        self._ws, self.session_id = None, None

    async def _send(self, msg: dict[str, Any], *, until_event: bool = False) -> dict[str, Any]:
        if self._ws is None:
            raise JanusError("Janus is not connected.")
        transaction = random_token(9)
        msg = {**msg, "transaction": transaction, "apisecret": self.api_secret}
        if self.session_id is not None and "session_id" not in msg and msg["janus"] != "create":
            msg["session_id"] = self.session_id
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        future.until_event = until_event  # type: ignore[attr-defined]
        self._pending[transaction] = future
        try:
            await self._ws.send(json.dumps(msg))
            reply = await asyncio.wait_for(future, REQUEST_TIMEOUT)
        except TimeoutError as exc:
            raise JanusError("Janus did not answer in time.") from exc
        finally:
            self._pending.pop(transaction, None)
        if reply.get("janus") == "error":
            err = reply.get("error", {})
            raise JanusError(str(err.get("reason", "Janus error")), err.get("code"))
        data = (reply.get("plugindata") or {}).get("data") or {}
        if data.get("error_code"):
            raise JanusError(str(data.get("error")), int(data["error_code"]))
        return reply

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for raw in self._ws:
                self._dispatch(json.loads(raw))
        except websockets.ConnectionClosed:
            pass
        finally:
            log.warning("janus connection closed")
            self._ws, self.session_id = None, None
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(JanusError("Janus went away."))
            for handle_id, listener in list(self._listeners.items()):
                listener({"janus": "detached", "sender": handle_id})
            self._listeners.clear()

    def _dispatch(self, msg: dict[str, Any]) -> None:
        kind = msg.get("janus")
        future = self._pending.get(str(msg.get("transaction", "")))
        if future is not None and not future.done():
            if kind == "ack" and getattr(future, "until_event", False):
                return  # the plugin's answer follows as an event
            future.set_result(msg)
            return
        sender = msg.get("sender")
        listener = self._listeners.get(int(sender)) if sender is not None else None
        if listener is not None and kind != "ack":
            listener(msg)

    async def _keepalive(self) -> None:
        while True:
            await asyncio.sleep(KEEPALIVE_SECONDS)
            with contextlib.suppress(JanusError):
                await self._send({"janus": "keepalive"})

    async def attach(self, listener: Listener | None = None) -> Handle:
        await self.ensure()
        reply = await self._send({"janus": "attach", "plugin": VIDEOROOM})
        handle = Handle(self, int(reply["data"]["id"]))
        if listener is not None:
            self._listeners[handle.id] = listener
        return handle

    def forget(self, handle_id: int) -> None:
        self._listeners.pop(handle_id, None)


class Handle:
    """A VideoRoom plugin handle: one PeerConnection's worth of state on Janus."""

    def __init__(self, janus: Janus, handle_id: int) -> None:
        self.janus = janus
        self.id = handle_id

    async def request(self, body: dict[str, Any]) -> dict[str, Any]:
        """A synchronous plugin request (create, destroy, kick, moderate, list...)."""
        reply = await self.janus._send({"janus": "message", "handle_id": self.id, "body": body})
        data: dict[str, Any] = reply["plugindata"]["data"]
        return data

    async def message(
        self, body: dict[str, Any], jsep: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """An asynchronous plugin request (join, configure, start): its event and JSEP."""
        msg: dict[str, Any] = {"janus": "message", "handle_id": self.id, "body": body}
        if jsep is not None:
            msg["jsep"] = jsep
        reply = await self.janus._send(msg, until_event=True)
        data: dict[str, Any] = (reply.get("plugindata") or {}).get("data") or {}
        return data, reply.get("jsep")

    async def trickle(self, candidate: dict[str, Any] | None) -> None:
        body = {"completed": True} if candidate is None else candidate
        await self.janus._send({"janus": "trickle", "handle_id": self.id, "candidate": body})

    async def detach(self) -> None:
        self.janus.forget(self.id)
        with contextlib.suppress(JanusError):
            await self.janus._send({"janus": "detach", "handle_id": self.id})


_clients: dict[str, Janus] = {}


def janus_client(url: str, api_secret: str) -> Janus:
    """The process's client for this Janus (created on first use)."""
    client = _clients.get(url)
    if client is None or client.api_secret != api_secret:
        client = _clients[url] = Janus(url, api_secret)
    return client
