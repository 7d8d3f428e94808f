"""A real coturn for tests, in a network namespace, with the shared-secret scheme Parta's
TURN credentials follow (shared/notes/calls.md)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.netns import ADDRESS, exec_prefix

PORT = 3478


@dataclass(frozen=True)
class TurnUnderTest:
    url: str  # for Settings.turn_urls
    secret: str
    log: Path


def _config(secret: str, log: Path, pid: Path) -> str:
    return "\n".join(
        [
            f"listening-ip={ADDRESS}",
            f"relay-ip={ADDRESS}",
            f"listening-port={PORT}",
            "min-port=49152",
            "max-port=49999",
            "use-auth-secret",
            f"static-auth-secret={secret}",
            "realm=parta.test",
            "fingerprint",
            "no-cli",
            "no-multicast-peers",
            "allow-loopback-peers",
            "no-tls",
            "no-dtls",
            "no-tcp-relay",
            f"log-file={log}",
            "simple-log",
            f"pidfile={pid}",
            "",
        ]
    )


@contextmanager
def running_turn(
    folder: Path, netns: str, secret: str = "test-turn-secret"
) -> Iterator[TurnUnderTest]:
    """coturn listening on 127.0.0.2:3478 (UDP) inside `netns`; stopped at the end."""
    if shutil.which("turnserver") is None:
        pytest.skip("coturn is not installed (apt-get install coturn)")
    log, pid = folder / "turn.log", folder / "turn.pid"
    conf = folder / "turnserver.conf"
    conf.write_text(_config(secret, log, pid))
    proc = subprocess.Popen(
        [*exec_prefix(netns), "turnserver", "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"turnserver exited: {log.read_text()[-2000:] if log.exists() else ''}"
                )
            if log.exists() and "listener opened on" in log.read_text():
                break
            time.sleep(0.1)
        else:
            time.sleep(0.5)  # no listener line in this build's log: give it a moment
        yield TurnUnderTest(f"turn:{ADDRESS}:{PORT}?transport=udp", secret, log)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
