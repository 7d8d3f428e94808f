"""Per-file limit and organisation quota from the organisation's settings."""

from __future__ import annotations

import resource
from collections.abc import Iterator

import httpx

from tests.chats.helpers import error_code, make_school
from tests.files.helpers import PDF, class_chat, send, upload, uploaded
from tests.harness import LiveServer

MB = 1024 * 1024


def _big_pdf(size: int) -> bytes:
    return PDF + b"0" * (size - len(PDF))


def test_limits_are_org_settings_and_used_storage_is_shown(server: LiveServer) -> None:
    s = make_school(server)
    admin, teacher = s.org.admin.client(server), s.teacher.client(server)
    org = admin.get(f"/orgs/{s.org.id}").json()["settings"]
    assert org["file_max_mb"] == 25 and org["storage_quota_mb"] == 10 * 1024
    assert org["storage_used_bytes"] == 0
    r = admin.patch(f"/orgs/{s.org.id}", json={"settings": {"file_max_mb": 1}})
    assert r.status_code == 200 and r.json()["settings"]["file_max_mb"] == 1
    # Only administrators change them, within bounds.
    assert (
        teacher.patch(f"/orgs/{s.org.id}", json={"settings": {"file_max_mb": 5}}).status_code == 403
    )
    assert (
        admin.patch(f"/orgs/{s.org.id}", json={"settings": {"file_max_mb": 0}}).status_code == 422
    )
    bad = admin.patch(f"/orgs/{s.org.id}", json={"settings": {"storage_quota_mb": "lots"}})
    assert bad.status_code == 422

    chat = class_chat(s, teacher)
    r = upload(teacher, s.org.id, chat, "big.pdf", _big_pdf(MB + 1000))
    assert r.status_code == 413 and error_code(r) == "file_too_large"
    assert "1 MB" in r.json()["error"]["message"]
    ok = uploaded(teacher, s.org.id, chat, "ok.pdf", _big_pdf(MB - 1000))
    used = admin.get(f"/orgs/{s.org.id}").json()["settings"]["storage_used_bytes"]
    assert used == ok["size"]


def test_quota_is_shared_by_the_organisation(server: LiveServer) -> None:
    s = make_school(server)
    admin, teacher = s.org.admin.client(server), s.teacher.client(server)
    student = s.students[0].client(server)
    r = admin.patch(f"/orgs/{s.org.id}", json={"settings": {"storage_quota_mb": 1}})
    assert r.status_code == 200
    chat = class_chat(s, teacher)
    first = uploaded(teacher, s.org.id, chat, "a.pdf", _big_pdf(600 * 1024))
    r = upload(student, s.org.id, chat, "b.pdf", _big_pdf(600 * 1024 + 1))
    assert r.status_code == 413 and error_code(r) == "quota_exceeded"
    assert (
        "storage is full" in r.json()["error"]["message"] and "1 MB" in r.json()["error"]["message"]
    )
    # Cancelling an upload frees its space.
    assert teacher.delete(f"/orgs/{s.org.id}/chats/{chat}/uploads/{first['id']}").status_code == 204
    second = uploaded(student, s.org.id, chat, "b.pdf", _big_pdf(600 * 1024 + 1))
    assert send(student, s.org.id, chat, [second["id"]]).status_code == 201
    # Full: refused before the body is read.
    admin.patch(f"/orgs/{s.org.id}", json={"settings": {"storage_quota_mb": 1}})
    filler = uploaded(teacher, s.org.id, chat, "c.pdf", _big_pdf(MB - 600 * 1024 - 2))
    assert filler
    r = upload(teacher, s.org.id, chat, "d.pdf", PDF)
    assert r.status_code == 413 and error_code(r) == "quota_exceeded"


def test_huge_upload_is_cut_off_while_streaming(server: LiveServer) -> None:
    s = make_school(server)
    admin, teacher = s.org.admin.client(server), s.teacher.client(server)
    admin.patch(f"/orgs/{s.org.id}", json={"settings": {"file_max_mb": 1}})
    chat = class_chat(s, teacher)
    boundary = "parta-huge"
    sent = 0
    # The server runs in this process: its peak memory would grow by the body if it kept it.
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def body() -> Iterator[bytes]:
        nonlocal sent
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            'filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode() + PDF
        for _ in range(512):
            sent += MB
            yield b"0" * MB
        yield f"\r\n--{boundary}--\r\n".encode()

    try:
        r = teacher.post(
            f"/orgs/{s.org.id}/chats/{chat}/uploads",
            content=body(),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        assert r.status_code == 413 and error_code(r) == "file_too_large"
    except httpx.TransportError:
        pass  # the server stopped reading and closed the connection
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - peak_before
    assert grown < 128 * MB, f"peak memory grew by {grown // MB} MB for a {sent // MB} MB body"
    assert not list((server.settings.files_dir / "tmp").iterdir())
    # Declared too large: refused without reading.
    r = teacher.post(
        f"/orgs/{s.org.id}/chats/{chat}/uploads",
        content=b"x" * (3 * MB),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 413
