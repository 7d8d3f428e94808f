"""`parta serve` on a laptop: start a local Janus with Parta's own configuration when the
`janus` binary is installed and no PARTA_JANUS_URL is given, so group calls work out of the
box. Its secrets are generated once into var/janus/ and never leave the machine."""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time

from parta.calls.janus_config import JanusSetup, command, write_config
from parta.config import Settings

log = logging.getLogger(__name__)
DEFAULT_PORT = 8188
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: Janus gets SIGTERM when the server process dies, however it dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _secrets(path: os.PathLike[str] | str) -> dict[str, str]:
    try:
        with open(path) as fh:
            data: dict[str, str] = json.load(fh)
            return data
    except (OSError, ValueError):
        data = {"api_secret": secrets.token_urlsafe(24), "admin_key": secrets.token_urlsafe(24)}
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh)
        return data


def start_local_janus(settings: Settings) -> subprocess.Popen[bytes] | None:
    """Start Janus and point `settings` (and the environment, for worker processes) at it.
    Returns the process, or None when Janus is configured elsewhere or not installed."""
    if settings.janus_url:
        return None
    if shutil.which("janus") is None:
        log.info("janus is not installed: direct calls work, group calls and lessons are off")
        return None
    folder = settings.data_dir / "janus"
    folder.mkdir(parents=True, exist_ok=True)
    keys = _secrets(folder / "secrets.json")
    port = next((p for p in range(DEFAULT_PORT, DEFAULT_PORT + 20) if _free(p)), None)
    if port is None:
        log.warning("no free port for a local janus: group calls are off")
        return None
    setup = JanusSetup(folder, port, keys["api_secret"], keys["admin_key"])
    write_config(setup)
    # The arguments are our own paths, nothing from a request.
    proc = subprocess.Popen(  # noqa: S603
        command(setup, folder / "janus.log"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,  # start-up: no other threads yet
    )
    atexit.register(proc.terminate)
    deadline = time.monotonic() + 10
    while _free(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            log.warning("the local janus did not start (see %s)", folder / "janus.log")
            return None
        time.sleep(0.1)
    settings.janus_url, settings.janus_api_secret, settings.janus_admin_key = (
        setup.url,
        setup.api_secret,
        setup.admin_key,
    )
    os.environ["PARTA_JANUS_URL"] = setup.url
    os.environ["PARTA_JANUS_API_SECRET"] = setup.api_secret
    os.environ["PARTA_JANUS_ADMIN_KEY"] = setup.admin_key
    log.info("local janus for group calls on %s", setup.url)
    return proc
