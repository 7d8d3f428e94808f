"""A real Janus for tests, started with Parta's own configuration (parta.calls.janus_config)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from parta.calls.janus_config import JanusSetup, command, write_config
from tests.harness import LiveServer, free_port
from tests.netns import Bridge, exec_prefix, inside


@dataclass(frozen=True)
class JanusUnderTest:
    setup: JanusSetup
    url: str  # where the Parta server reaches it (a bridge when Janus runs in a namespace)


def _wait_port(port: int, proc: subprocess.Popen[bytes], log: Path, ns: str | None) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"janus exited: {log.read_text()[-2000:] if log.exists() else ''}")
        with inside(ns):
            s = socket.socket()
        with s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("janus did not start listening")


@contextmanager
def running_janus(
    folder: Path, *, netns: str | None = None, ice_enforce_list: str = ""
) -> Iterator[JanusUnderTest]:
    """Janus with Parta's configuration; in `netns` when given (for media that must flow)."""
    if shutil.which("janus") is None:
        pytest.skip("janus is not installed (apt-get install janus)")
    base = free_port() % 20000 + 30000
    setup = JanusSetup(
        folder=folder,
        ws_port=free_port(),
        api_secret="test-api-secret",
        admin_key="test-admin-key",
        rtp_ports=f"{base}-{base + 999}",
        ice_enforce_list=ice_enforce_list,
        debug_level=5,
    )
    write_config(setup)
    log = folder / "janus.log"
    prefix = exec_prefix(netns) if netns else []
    proc = subprocess.Popen(
        [*prefix, *command(setup, log)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    bridge = None
    try:
        _wait_port(setup.ws_port, proc, log, netns)
        url = setup.url
        if netns:
            bridge = Bridge(("127.0.0.1", setup.ws_port), target_ns=netns)
            url = f"ws://127.0.0.1:{bridge.port}"
        yield JanusUnderTest(setup, url)
    finally:
        if bridge is not None:
            bridge.close()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def janus_for(server: LiveServer, janus: JanusUnderTest) -> Iterator[None]:
    """Point the live server at this Janus for the duration of a test."""
    s = server.settings
    s.janus_url, s.janus_api_secret, s.janus_admin_key = (
        janus.url,
        janus.setup.api_secret,
        janus.setup.admin_key,
    )
    try:
        yield
    finally:
        s.janus_url, s.janus_api_secret, s.janus_admin_key = "", "", ""
