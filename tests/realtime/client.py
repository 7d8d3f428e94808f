"""A real WebSocket client of /api/v1/events for tests, reading frames in a thread."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

Event = dict[str, Any]


class EventClient:
    """`compression`: browsers offer permessage-deflate and `parta serve` declines it, so
    sockets run without it; the test server keeps uvicorn's default (accept it), so by
    default this client does not offer it and gets what production sockets get."""

    def __init__(
        self, base_url: str, token: str, *, compression: str | None = None, max_queue: int = 16
    ) -> None:
        ws_url = base_url.replace("http://", "ws://") + "/api/v1/events"
        self.ws: ClientConnection = connect(
            ws_url,
            additional_headers={"Authorization": f"Bearer {token}"},
            open_timeout=10,
            compression=compression,
            max_queue=max_queue,
        )
        self.events: queue.Queue[Event] = queue.Queue()
        self.seen: list[Event] = []
        self.close_code: int | None = None
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        self.hello = self.wait_for(lambda e: e["type"] == "hello")

    def _read(self) -> None:
        try:
            while True:
                self.events.put(json.loads(self.ws.recv()))
        except ConnectionClosed:
            pass
        finally:
            self.close_code = self.ws.close_code

    def send(self, payload: Any) -> None:
        self.ws.send(payload if isinstance(payload, str) else json.dumps(payload))

    def wait_for(self, pred: Callable[[Event], bool], timeout: float = 10.0) -> Event:
        deadline = time.monotonic() + timeout
        for event in self.seen:
            if pred(event):
                self.seen.remove(event)
                return event
        while time.monotonic() < deadline:
            try:
                event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if pred(event):
                return event
            self.seen.append(event)
        raise AssertionError(f"no matching event within {timeout}s; saw {self.seen[-5:]}")

    def drain(self, settle: float = 0.3) -> list[Event]:
        """Everything received until the socket has been quiet for `settle` seconds."""
        out = list(self.seen)
        self.seen.clear()
        while True:
            try:
                out.append(self.events.get(timeout=settle))
            except queue.Empty:
                return out

    def wait_closed(self, timeout: float = 10.0) -> int | None:
        self._thread.join(timeout)
        return self.close_code

    def close(self) -> None:
        self.ws.close()
        self._thread.join(5)
