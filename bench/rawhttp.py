"""A minimal keep-alive HTTP/1.1 client for the load generators.

The load generator shares the machine's two cores with the server, so it must cost little:
httpx spends a few hundred microseconds of CPU per request, about as much as the server's
cheapest endpoints. This client writes the request bytes and reads one response (with a
Content-Length or chunked body) on one reused connection; about a tenth of that. It is for
benchmarks against our own server only: no TLS, no redirects, no proxies.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any


class Response:
    __slots__ = ("body", "status")

    def __init__(self, status: int, body: bytes) -> None:
        self.status = status
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


class Connection:
    """One keep-alive connection to host:port; reconnects when the server closed it (uvicorn
    closes idle keep-alive connections after 5 s)."""

    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None) -> None:
        self.host, self.port = host, port
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self._head = f"Host: {host}:{port}\r\n{extra}"
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)

    async def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Response:
        payload = b"" if body is None else json.dumps(body).encode()
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        head = f"{method} {path} HTTP/1.1\r\n{self._head}{extra}"
        if body is not None:
            head += "Content-Type: application/json\r\n"
        head += f"Content-Length: {len(payload)}\r\n\r\n"
        data = head.encode() + payload
        for attempt in (1, 2):
            reused = self._writer is not None
            if self._writer is None:
                await self._open()
            try:
                return await self._exchange(data)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if not reused or attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _exchange(self, data: bytes) -> Response:
        reader, writer = self._reader, self._writer
        assert reader is not None and writer is not None
        writer.write(data)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length = -1
        chunked = False
        close = False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        if chunked:
            parts = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    break
                parts.append(await reader.readexactly(size))
                await reader.readexactly(2)
            body = b"".join(parts)
        elif length >= 0:
            body = await reader.readexactly(length)
        else:
            body = await reader.read()
            close = True
        if close:
            self.close()
        return Response(status, body)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None
