"""A private network namespace for tests whose peers need real (non-loopback) ICE.

Janus, libnice and Chromium skip 127.0.0.1 candidates, so call tests run their media peers in
a namespace of their own where a veth interface carries 127.0.0.2 (shared/notes/calls.md).
Nothing in it can reach outside. Processes start in it with `ip netns exec`; Python threads
enter it with setns(2) (per thread), and `Bridge` joins a port of the test process's own
namespace to a port inside (or the other way round).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

CLONE_NEWNET = 0x40000000
ADDRESS = "127.0.0.2"
_libc = ctypes.CDLL("libc.so.6", use_errno=True)


def _setns(fd: int) -> None:
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


@contextmanager
def inside(name: str | None) -> Iterator[None]:
    """Run the block's socket creation in namespace `name` (None: stay where we are)."""
    if name is None:
        yield
        return
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    target = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        _setns(target)
        yield
    finally:
        _setns(own)
        os.close(own)
        os.close(target)


def enter_for_good(name: str) -> None:
    """Move the calling thread into the namespace (for a thread that lives there)."""
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        _setns(fd)
    finally:
        os.close(fd)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


@contextmanager
def namespace() -> Iterator[str]:
    """A fresh namespace with lo up and a veth pair carrying 127.0.0.2 (IPv6 off)."""
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.skip("network namespaces need root and iproute2")
    name = f"parta-{os.getpid()}-{threading.get_ident() % 100000}"
    _ip("netns", "add", name)
    try:
        _ip("-n", name, "link", "set", "lo", "up")
        _ip("-n", name, "link", "add", "pa0", "type", "veth", "peer", "name", "pa1")
        for dev in ("pa0", "pa1"):
            subprocess.run(
                [
                    "ip",
                    "netns",
                    "exec",
                    name,
                    "sysctl",
                    "-qw",
                    f"net.ipv6.conf.{dev}.disable_ipv6=1",
                ],
                check=False,
                capture_output=True,
            )
            _ip("-n", name, "link", "set", dev, "up")
        _ip("-n", name, "addr", "add", f"{ADDRESS}/32", "dev", "pa0")
        yield name
    finally:
        subprocess.run(["ip", "netns", "delete", name], check=False, capture_output=True)


def exec_prefix(name: str) -> list[str]:
    return ["ip", "netns", "exec", name]


class Bridge:
    """Forwards TCP connections from `listen` (in `listen_ns`) to `target` (in `target_ns`)."""

    def __init__(
        self,
        target: tuple[str, int],
        *,
        target_ns: str | None = None,
        listen_ns: str | None = None,
        listen: tuple[str, int] = ("127.0.0.1", 0),
    ) -> None:
        self.target, self.target_ns = target, target_ns
        self.loop = asyncio.new_event_loop()
        with inside(listen_ns):
            self.sock = socket.socket()
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.sock.bind(listen)
            self.sock.listen(64)
        self.port: int = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self.loop).result(5)

    async def _serve(self) -> None:
        self.server = await asyncio.start_server(self._handle, sock=self.sock)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with inside(self.target_ns):
            up = socket.socket()
        up.setblocking(False)
        try:
            await self.loop.sock_connect(up, self.target)
            up_reader, up_writer = await asyncio.open_connection(sock=up)
        except OSError:
            writer.close()
            return

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, ConnectionError):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            with contextlib.suppress(OSError, RuntimeError):
                dst.close()

        await asyncio.gather(pump(reader, up_writer), pump(up_reader, writer))

    def close(self) -> None:
        async def _stop() -> None:
            self.server.close()
            others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in others:
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(_stop(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
