"""Uploads over HTTP (through the public application form, the first endpoint taking files)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from tests.harness import Api, LiveServer
from tests.operator.helpers import application_fields, pdf_bytes, png_bytes, stored_files, submit


@pytest.fixture
def small_limit(server: LiveServer) -> Iterator[int]:
    saved = server.settings.application_document_max_bytes
    server.settings.application_document_max_bytes = 2000
    yield 2000
    server.settings.application_document_max_bytes = saved


def test_body_over_the_limit_is_refused_before_it_is_read(
    server: LiveServer, anon: Api, small_limit: int
) -> None:
    before = stored_files(server)
    big = b"%PDF-1.4\n" + b"0" * 200_000
    r = submit(anon, document=("big.pdf", big, "application/pdf"))
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "file_too_large"
    assert "0.01 MB" in r.json()["error"]["message"]
    assert stored_files(server) == before


def test_file_over_the_limit_is_cut_off_while_streaming(
    server: LiveServer, anon: Api, small_limit: int
) -> None:
    # Just over the file limit, so the body is read and the storage stream stops it.
    before = stored_files(server)
    doc = pdf_bytes() + b"0" * (small_limit + 500)
    r = submit(anon, document=("doc.pdf", doc, "application/pdf"))
    assert r.status_code == 413, r.text
    assert "MB" in r.json()["error"]["message"]
    assert stored_files(server) == before  # neither the file nor its temporary copy


def test_chunked_body_without_length_is_cut_off(
    server: LiveServer, anon: Api, small_limit: int
) -> None:
    boundary = "parta-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in application_fields().items()
    ]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="document"; '
        'filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()

    def body() -> Iterator[bytes]:
        yield from parts
        yield head + b"%PDF-1.4\n"
        for _ in range(200):
            yield b"0" * 1000
        yield f"\r\n--{boundary}--\r\n".encode()

    before = stored_files(server)
    r = anon.post(
        "/applications",
        content=body(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 413
    assert stored_files(server) == before


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
        b"PK\x03\x04" + b"\x00" * 200,
        b"plain words that are not a document at all",
    ],
)
def test_a_file_whose_name_lies_is_refused(server: LiveServer, anon: Api, content: bytes) -> None:
    before = stored_files(server)
    r = submit(anon, document=("order.pdf", content, "application/pdf"))
    assert r.status_code == 415
    err = r.json()["error"]
    assert err["code"] == "unsupported_file_type"
    assert "PDF" in err["message"] and "PNG" in err["message"]
    assert stored_files(server) == before


def test_pdf_and_png_are_accepted_and_stored_by_content(server: LiveServer, anon: Api) -> None:
    pdf, png = pdf_bytes(), png_bytes()
    # The client's claims are wrong both times; the stored type comes from the bytes.
    assert submit(anon, document=("scan.jpg", pdf, "image/jpeg")).status_code == 201
    assert submit(anon, document=("scan", png, "application/octet-stream")).status_code == 201
    for data in (pdf, png):
        sha = hashlib.sha256(data).hexdigest()
        path = server.settings.files_dir / sha[:2] / sha[2:4] / sha
        assert path.read_bytes() == data
    # The same bytes again are stored once on disk.
    before = stored_files(server)
    assert submit(anon, document=("again.pdf", pdf, "application/pdf")).status_code == 201
    assert stored_files(server) == before
    assert not list((server.settings.files_dir / "tmp").iterdir())
