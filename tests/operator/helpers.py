"""Helpers of the application and operator console tests."""

from __future__ import annotations

import io
import random
import re
import secrets
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from parta.models import Org
from tests.builders import Person, make_person
from tests.harness import Api, LiveServer

W10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
W11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
W12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def valid_inn(length: int = 10) -> str:
    """A random INN with correct check digits (region 10..99)."""
    d = [random.randint(1, 9)] + [random.randint(0, 9) for _ in range(8 if length == 10 else 9)]
    if length == 10:
        d.append(_check(d, W10))
    else:
        d.append(_check(d, W11))
        d.append(_check(d, W12))
    return "".join(map(str, d))


def pdf_bytes() -> bytes:
    """A small PDF with unique content (so content-addressed storage sees a new file)."""
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% "
        + secrets.token_hex(16).encode()
        + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), tuple(random.randint(0, 255) for _ in range(3))).save(buf, "PNG")
    return buf.getvalue()


def application_fields(**overrides: str) -> dict[str, str]:
    fields = {
        "org_name": "МБОУ СОШ № " + str(random.randint(1, 999)),
        "kind": "school",
        "region": "Московская область",
        "address": "г. Подольск, ул. Школьная, д. 1",
        "inn": valid_inn(),
        "admin_full_name": "Иванова Мария Петровна",
        "admin_phone": f"+7916{random.randint(1000000, 9999999)}",
        "admin_email": f"head-{secrets.token_hex(4)}@school.example.org",
        "questionnaire": '{"students": 840, "website": "https://school.example.org"}',
    }
    fields.update(overrides)
    return fields


def submit(
    api: httpx.Client,
    fields: dict[str, str] | None = None,
    document: tuple[str, bytes, str] | None = None,
    *,
    with_document: bool = True,
) -> httpx.Response:
    # A plain (filename-less) part keeps the body multipart when the document is left out.
    files: dict[str, Any] = {"note": (None, "-")}
    if with_document:
        files = {"document": document or ("устав.pdf", pdf_bytes(), "application/pdf")}
    return api.post("/applications", data=fields or application_fields(), files=files)


def operator(server: LiveServer) -> tuple[Person, Api]:
    person = make_person(server, "Оператор", operator=True)
    return person, person.client(server)


def orgs_with_inn(server: LiveServer, inn: str) -> int:
    async def _count(db: AsyncSession) -> int:
        return int(
            (await db.execute(sa.select(sa.func.count()).where(Org.inn == inn))).scalar_one()
        )

    return server.db(_count)


def stored_files(server: LiveServer) -> set[Path]:
    """Every file in the storage directory, temporary files included."""
    root = server.settings.files_dir
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def code_from(body: str) -> str:
    match = re.search(r"code=(\d{6})", body)
    assert match, body
    return match.group(1)
