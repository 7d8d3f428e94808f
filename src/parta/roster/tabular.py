"""Bytes of an uploaded spreadsheet → rows of text cells (pure; no database, no HTTP).

The type is told by the content, never by the file name: an XLSX workbook is a ZIP archive
(magic bytes `PK\\x03\\x04`) holding `xl/workbook.xml`; anything else must decode as text and is
read as CSV (UTF-8 with or without BOM, UTF-16 with BOM as Excel's "Unicode text", else
Windows-1251), its delimiter (`,` `;` or tab) sniffed from the first non-empty line.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from openpyxl import load_workbook

from parta.kit.errors import Unprocessable, UnsupportedMediaType

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
# A workbook that inflates to more than this is refused before it is opened (zip bombs).
MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_CELL_CHARS = 1000
MAX_COLUMNS = 100  # a roster has a handful of columns; cells further right are ignored
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DELIMITERS = (";", ",", "\t")

Row = tuple[int, list[str]]  # (1-based spreadsheet row number, cell texts)


def _not_a_table() -> UnsupportedMediaType:
    return UnsupportedMediaType(
        "The file is neither a CSV table nor an Excel workbook (.xlsx). "
        "Save the roster as .xlsx or as CSV and upload it again.",
        code="unsupported_file",
    )


def read_rows(data: bytes) -> Iterator[Row]:
    """The rows of the first sheet (XLSX) or of the CSV text; cells stripped, as strings."""
    if not data.strip():
        raise Unprocessable("The file is empty.", code="empty_file")
    if data.startswith(ZIP_MAGIC):
        return _xlsx_rows(data)
    if data.startswith(OLE_MAGIC):
        raise UnsupportedMediaType(
            "Old Excel files (.xls) are not supported. Save the roster as .xlsx or CSV.",
            code="unsupported_file",
        )
    return _csv_rows(decode_text(data))


# --- CSV ---------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM optional), UTF-16 with BOM, else Windows-1251; binary data is refused."""
    text: str | None = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    if text is None:
        if b"\x00" in data:
            raise _not_a_table()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1251")
            except UnicodeDecodeError as exc:
                raise Unprocessable(
                    "The text encoding of the file is not recognised. "
                    "Save the CSV as UTF-8 (or Windows-1251) and upload it again.",
                    code="bad_encoding",
                ) from exc
    text = text.lstrip("\ufeff")
    if _CONTROL.search(text):
        raise _not_a_table()
    return text


def sniff_delimiter(text: str) -> str:
    """The delimiter used most in the first non-empty line (`,` when none appears)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _csv_rows(text: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))

    def _rows() -> Iterator[Row]:
        try:
            for cells in reader:
                yield reader.line_num, [_clip(c.strip()) for c in cells[:MAX_COLUMNS]]
        except csv.Error as exc:
            raise Unprocessable(
                f"The CSV file cannot be read near line {reader.line_num}: {exc}.",
                code="bad_csv",
            ) from exc

    return _rows()


# --- XLSX --------------------------------------------------------------------------------


def _corrupt() -> Unprocessable:
    return Unprocessable(
        "The file is a ZIP archive but not a readable Excel workbook (.xlsx). "
        "Open it in Excel or LibreOffice, save it as .xlsx and upload it again.",
        code="bad_xlsx",
    )


def _xlsx_rows(data: bytes) -> Iterator[Row]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _corrupt() from exc
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise _corrupt()
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise Unprocessable("The workbook is too large once unpacked.", code="bad_xlsx")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds on malformed input
        raise _corrupt() from exc

    def _rows() -> Iterator[Row]:
        try:
            for number, values in enumerate(
                sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
            ):
                yield number, [_clip(cell_text(v)) for v in values]
        except Exception as exc:
            raise _corrupt() from exc
        finally:
            workbook.close()

    return _rows()


def cell_text(value: Any) -> str:
    """A cell value as the person sees it: 5.0 → "5", dates as ДД.ММ.ГГГГ, None → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _clip(text: str) -> str:
    return text[:MAX_CELL_CHARS]
