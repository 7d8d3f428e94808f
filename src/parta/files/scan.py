"""Virus scanning through ClamAV's daemon (clamd) on its local socket, when configured.

The client speaks clamd's INSTREAM command: `zINSTREAM\\0`, then the content in chunks, each
after its length as a 4-byte big-endian number, then a zero length; clamd answers
`stream: OK`, `stream: <signature> FOUND` or `... ERROR`, ended by a NUL byte.

Scanning fails closed: when clamd cannot be reached or cannot finish, the upload is refused
with 503 rather than stored unchecked.
"""

from __future__ import annotations

import contextlib
import logging
import struct
from collections.abc import AsyncIterator
from dataclasses import dataclass

import anyio
from anyio.abc import SocketStream

from parta.kit.errors import ServiceUnavailable

log = logging.getLogger("parta.files.scan")

CHUNK = 64 * 1024
_MAX_REPLY = 4096


@dataclass(frozen=True)
class Verdict:
    infected: bool
    signature: str = ""


def _unavailable(detail: str) -> ServiceUnavailable:
    log.error("virus scan failed: %s", detail)
    return ServiceUnavailable(
        "Files cannot be checked for viruses right now, so uploads are paused. "
        "Please try again in a few minutes.",
        code="scanner_unavailable",
        headers={"Retry-After": "30"},
    )


async def _reply(stream: SocketStream) -> str:
    data = b""
    while not data.endswith(b"\0") and len(data) < _MAX_REPLY:
        try:
            data += await stream.receive()
        except (anyio.EndOfStream, anyio.BrokenResourceError):
            break
    return data.rstrip(b"\0").decode("utf-8", "replace").strip()


async def _send_all(stream: SocketStream, chunks: AsyncIterator[bytes]) -> None:
    await stream.send(b"zINSTREAM\0")
    async for chunk in chunks:
        for start in range(0, len(chunk), CHUNK):
            part = chunk[start : start + CHUNK]
            await stream.send(struct.pack(">I", len(part)) + part)
    await stream.send(struct.pack(">I", 0))


async def scan_stream(socket_path: str, chunks: AsyncIterator[bytes], seconds: float) -> Verdict:
    """clamd's verdict on the bytes; 503 `scanner_unavailable` when there is none."""
    reply = ""
    try:
        with anyio.fail_after(seconds):
            stream = await anyio.connect_unix(socket_path)
            async with stream:
                # clamd may hang up early (e.g. over its size limit): its reply says why.
                with contextlib.suppress(anyio.BrokenResourceError, OSError):
                    await _send_all(stream, chunks)
                reply = await _reply(stream)
    except TimeoutError as exc:
        raise _unavailable(f"no answer within {seconds} s") from exc
    except OSError as exc:
        raise _unavailable(f"cannot reach clamd at {socket_path}: {exc}") from exc
    if reply.endswith("FOUND"):
        signature = reply.removeprefix("stream:").removesuffix("FOUND").strip()
        return Verdict(infected=True, signature=signature)
    if reply.endswith("OK"):
        return Verdict(infected=False)
    raise _unavailable(f"unexpected answer from clamd: {reply[:200]!r}")
