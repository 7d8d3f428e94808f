"""The sweeper: stale pending uploads and unreferenced blobs go, shared blobs stay."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest

from parta.cli import main
from parta.files.storage import get_storage
from parta.files.sweeper import SweepResult, sweep_files
from parta.kit.clock import clock
from tests.chats.helpers import make_school
from tests.files.helpers import PDF, class_chat, get_file, jpeg_with_gps, send, uploaded
from tests.harness import LiveServer


def _sweep(server: LiveServer) -> SweepResult:
    return server.run(sweep_files(server.app.state.sessionmaker))


def _blob(server: LiveServer, data: bytes) -> bool:
    sha = hashlib.sha256(data).hexdigest()
    return (server.settings.files_dir / sha[:2] / sha[2:4] / sha).is_file()


async def _orphan(data: bytes) -> None:
    async def one() -> AsyncIterator[bytes]:
        yield data

    await get_storage().save_stream(one(), len(data))


def test_sweeper_removes_stale_uploads_and_orphans_only(server: LiveServer) -> None:
    s = make_school(server)
    teacher, student = s.teacher.client(server), s.students[0].client(server)
    chat = class_chat(s, teacher)
    shared = PDF + b"% shared by two rows\n"
    sent = uploaded(teacher, s.org.id, chat, "sent.pdf", shared)
    assert send(teacher, s.org.id, chat, [sent["id"]]).status_code == 201
    same_bytes = uploaded(student, s.org.id, chat, "copy.pdf", shared)  # never sent
    lonely = PDF + b"% only a pending upload\n"
    stale = uploaded(student, s.org.id, chat, "stale.pdf", lonely)
    photo = uploaded(student, s.org.id, chat, "photo.jpg", jpeg_with_gps((1500, 1000)))
    orphan = b"bytes no row refers to"
    server.run(_orphan(orphan))

    # Young uploads and blobs are left alone. (Other tests share this server: only what
    # this test made is looked at.)
    photo_blobs = [get_file(student, photo[k]).content for k in ("url", "thumb_url", "preview_url")]
    _sweep(server)
    assert _blob(server, orphan) and _blob(server, lonely)
    assert all(_blob(server, b) for b in photo_blobs)
    assert student.get(f"/orgs/{s.org.id}/attachments/{stale['id']}").status_code == 200

    clock.advance(25 * 3600)
    result = _sweep(server)
    assert result.pending_uploads >= 3
    # The lonely upload's bytes, the photo with its thumbnail and preview, and the orphan.
    assert result.blobs >= 5
    assert not _blob(server, lonely) and not _blob(server, orphan)
    assert not any(_blob(server, b) for b in photo_blobs)
    # The shared blob is still referenced by the sent file's row: it stays and is served.
    assert _blob(server, shared)
    fresh = student.get(f"/orgs/{s.org.id}/attachments/{sent['id']}").json()
    r = get_file(student, fresh["url"])
    assert r.status_code == 200 and r.content == shared
    for up in (same_bytes, stale, photo):
        assert student.get(f"/orgs/{s.org.id}/attachments/{up['id']}").status_code == 404
    assert _sweep(server) == SweepResult(0, 0, 0)  # nothing left to do


def test_sweep_files_command(server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    s = make_school(server)
    teacher = s.teacher.client(server)
    chat = class_chat(s, teacher)
    up = uploaded(teacher, s.org.id, chat, "old.pdf", PDF + b"% for the command\n")
    clock.advance(25 * 3600)
    assert main(["sweep-files"]) == 0
    assert "removed 1 pending uploads" in capsys.readouterr().out
    assert teacher.get(f"/orgs/{s.org.id}/attachments/{up['id']}").status_code == 404
