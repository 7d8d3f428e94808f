"""Virus scanning with a real clamd, whose only signature is the EICAR test file's.

The signature database is made here (no downloads): an .hdb line with the MD5 and size of
the EICAR test string. clamd runs in the foreground on a socket in a temporary directory.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chats.helpers import error_code, make_school
from tests.files.helpers import PDF, class_chat, send, upload
from tests.harness import LiveServer

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
CLAMD = shutil.which("clamd") or next(
    (p for p in ("/usr/sbin/clamd", "/usr/bin/clamd") if Path(p).exists()), None
)

pytestmark = pytest.mark.skipif(
    CLAMD is None, reason="clamd is not installed (apt-get install clamav-daemon)"
)


def _ping(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            s.connect(str(path))
            s.sendall(b"zPING\0")
            return s.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture(scope="module")
def clamd_socket(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("clamd")
    (root / "db").mkdir()
    md5 = hashlib.md5(EICAR, usedforsecurity=False).hexdigest()
    (root / "db" / "parta-test.hdb").write_text(f"{md5}:{len(EICAR)}:Parta.Test.EICAR\n")
    sock = root / "clamd.sock"
    conf = root / "clamd.conf"
    conf.write_text(
        f"LocalSocket {sock}\nForeground yes\nDatabaseDirectory {root / 'db'}\n"
        f"TemporaryDirectory {root}\nStreamMaxLength 64M\n"
    )
    assert CLAMD is not None
    with (root / "clamd.out").open("wb") as out:
        proc = subprocess.Popen([CLAMD, "-c", str(conf)], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _ping(sock):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("clamd did not start: " + (root / "clamd.out").read_text())
            time.sleep(0.1)
        yield sock
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def scanning(server: LiveServer, clamd_socket: Path) -> Iterator[Path]:
    saved = server.settings.clamav_socket
    server.settings.clamav_socket = str(clamd_socket)
    yield clamd_socket
    server.settings.clamav_socket = saved


def _blobs(server: LiveServer) -> set[Path]:
    root = server.settings.files_dir
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_infected_upload_is_refused_and_audited(server: LiveServer, scanning: Path) -> None:
    s = make_school(server)
    teacher, admin = s.teacher.client(server), s.org.admin.client(server)
    chat = class_chat(s, teacher)
    before = _blobs(server)
    r = upload(teacher, s.org.id, chat, "домашка.pdf", EICAR)
    assert r.status_code == 422, r.text
    assert error_code(r) == "file_infected"
    assert "Parta.Test.EICAR" in r.json()["error"]["message"]
    assert _blobs(server) == before  # nothing of it was kept
    events = admin.get(f"/orgs/{s.org.id}/audit", params={"action": "file.infected"}).json()
    [event] = events["items"]
    assert event["actor_id"] == s.teacher.account_id
    assert event["target_id"] == chat
    assert event["data"]["signature"].startswith("Parta.Test.EICAR")
    assert event["data"]["name"] == "домашка.pdf"

    clean = upload(teacher, s.org.id, chat, "clean.pdf", PDF + b"% clean\n")
    assert clean.status_code == 201, clean.text
    assert send(teacher, s.org.id, chat, [clean.json()["id"]]).status_code == 201


def test_unreachable_scanner_fails_closed(server: LiveServer, tmp_path: Path) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    saved = server.settings.clamav_socket
    server.settings.clamav_socket = str(tmp_path / "no-clamd.sock")
    try:
        before = _blobs(server)
        r = upload(teacher, s.org.id, chat, "a.pdf", PDF)
        assert r.status_code == 503 and error_code(r) == "scanner_unavailable"
        assert "try again" in r.json()["error"]["message"]
        assert _blobs(server) == before
    finally:
        server.settings.clamav_socket = saved
