"""The local storage backend and the upload helpers, without a server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from parta.files.http import content_disposition
from parta.files.service import sanitize_filename, sniff_mime
from parta.files.storage import LocalStorage, format_mb
from parta.kit.errors import PayloadTooLarge
from tests.operator.helpers import pdf_bytes, png_bytes


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_save_stream_stops_reading_at_the_limit(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    pulled = 0

    async def chunks() -> AsyncIterator[bytes]:
        nonlocal pulled
        for _ in range(100):
            pulled += 1
            yield b"x" * 100

    with pytest.raises(PayloadTooLarge) as err:
        asyncio.run(storage.save_stream(chunks(), max_bytes=250))
    assert pulled == 3  # the chunk that crossed the limit was the last one read
    assert err.value.status == 413
    assert "MB" in err.value.message
    assert _files(tmp_path) == []  # the temporary file is gone too


def test_same_content_is_stored_once_under_its_sha256(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    data = pdf_bytes()

    async def once() -> tuple[str, int]:
        async def chunks() -> AsyncIterator[bytes]:
            yield data[:10]
            yield data[10:]

        return await storage.save_stream(chunks(), max_bytes=10_000)

    first = asyncio.run(once())
    second = asyncio.run(once())
    assert first == second
    sha, size = first
    assert size == len(data)
    files = _files(tmp_path)
    assert files == [tmp_path / sha[:2] / sha[2:4] / sha]
    assert files[0].read_bytes() == data

    async def read_back() -> bytes:
        return b"".join([c async for c in storage.open(sha)])

    assert asyncio.run(read_back()) == data
    assert asyncio.run(storage.exists(sha))
    assert not asyncio.run(storage.exists("0" * 64))
    assert not asyncio.run(storage.exists("../../etc/passwd"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (pdf_bytes(), "application/pdf"),
        (png_bytes(), "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "image/jpeg"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "image/webp"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "text/html"),
        (b"MZ\x90\x00\x03" + b"\x00" * 100, "application/vnd.microsoft.portable-executable"),
        (b"just some words", None),
        (b"", None),
    ],
)
def test_sniff_mime_reads_the_content(content: bytes, expected: str | None) -> None:
    assert sniff_mime(content) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("устав.pdf", "устав.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\скан.png", "скан.png"),
        ('a"b<c>|d\x00.pdf', "a_b_c_d_.pdf"),
        ("   ", "file"),
        (None, "file"),
        ("..", "file"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_sanitize_filename(raw: str | None, expected: str) -> None:
    assert sanitize_filename(raw) == expected


def test_content_disposition_is_inline_only_for_safe_types() -> None:
    assert content_disposition("устав.pdf", "application/pdf") == (
        "inline; filename=\"_____.pdf\"; filename*=UTF-8''%D1%83%D1%81%D1%82%D0%B0%D0%B2.pdf"
    )
    assert content_disposition('a";b.html', "text/html").startswith(
        'attachment; filename="a__b.html"'
    )


@pytest.mark.parametrize(
    ("limit", "text"), [(10 * 1024 * 1024, "10 MB"), (1536 * 1024, "1.5 MB"), (10, "0.01 MB")]
)
def test_format_mb(limit: int, text: str) -> None:
    assert format_mb(limit) == text
