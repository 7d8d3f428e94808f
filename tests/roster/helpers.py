"""Helpers of the roster tests: building CSV/XLSX files and uploading them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import httpx
from openpyxl import Workbook
from sqlalchemy.ext.asyncio import AsyncSession

from parta.structure.service import create_academic_year, current_year
from tests.harness import LiveServer

HEADER_RU = ["Класс", "ФИО ученика", "E-mail родителя 1", "E-mail родителя 2"]
HEADER_EN = ["class", "student", "parent_email_1", "parent_email_2", "student email"]


def csv_bytes(
    rows: Sequence[Sequence[Any]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, title_rows: int = 0) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for i in range(title_rows):
        ws.append([f"Список учащихся {i + 1}"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(
    api: httpx.Client, org_id: str, data: bytes, filename: str = "roster.csv"
) -> httpx.Response:
    return api.post(
        f"/orgs/{org_id}/roster-imports",
        files={"file": (filename, data, "application/octet-stream")},
    )


def ensure_year(server: LiveServer, org_id: str) -> str:
    """The organisation's current academic year (created when missing)."""

    async def _go(db: AsyncSession) -> str:
        year = await current_year(db, org_id)
        if year is None:
            year = await create_academic_year(
                db, org_id, starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31)
            )
        return year.id

    return server.db(_go)


@contextmanager
def settings_changed(server: LiveServer, **values: Any) -> Iterator[None]:
    """Change the live server's settings for the duration of a block."""
    old = {k: getattr(server.settings, k) for k in values}
    for k, v in values.items():
        setattr(server.settings, k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            setattr(server.settings, k, v)
