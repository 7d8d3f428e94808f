"""Roster parsing: the file's rows → validated roster rows for the preview (pure functions).

Headers are matched case-insensitively in Russian or English through synonyms; the header row
may sit below a title (the first of the top rows that names a class and a student column).
Every data row gets a status ("ok" or "error") and its errors, each a stable `code` with
`params` (for translated texts in the client) and an English `message`; fully empty rows are
skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from parta.auth.accounts import normalize_email
from parta.kit.errors import Unprocessable
from parta.roster.tabular import Row, read_rows

DEFAULT_MAX_GRADE = 11
MAX_NAME = 200
MAX_PARENT_EMAILS = 2
HEADER_SEARCH_ROWS = 10

CLASS_HEADERS = ("класс", "class", "classlabel")
NAME_HEADERS = (
    "фиоученика",
    "ученик",
    "фио",
    "student",
    "name",
    "studentname",
    "fullname",
    "studentfullname",
)
STUDENT_EMAIL_HEADERS = ("emailученика", "почтаученика", "studentemail")
PARENT_EMAIL_HEADERS = ("emailродителя", "emailродителей", "почтародителя", "parentemail")
EXPECTED_HEADERS = (
    "Класс / class; ФИО ученика / student; E-mail родителя 1, E-mail родителя 2 / "
    "parent_email_1, parent_email_2 (optional); E-mail ученика / student email (optional)"
)

_CLASS_LABEL = re.compile(r"(\d{1,2})\s*[-‐–—]?\s*([^\W\d_]{1,2})", re.UNICODE)
_EMAIL_SPLIT = re.compile(r"[\s,;]+")
# Latin letters that look like Cyrillic ones: "5A" typed on an English layout means "5А".
_LOOKALIKES = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")


def row_error(code: str, message: str, **params: str | int) -> dict[str, Any]:
    """One error of a row as stored and returned (see schemas.RowError for the codes)."""
    return {"code": code, "params": params, "message": message}


@dataclass
class Columns:
    """Positions of the recognised columns in the header row."""

    klass: int
    name: int
    parent_emails: list[int] = field(default_factory=list)
    student_email: int | None = None


@dataclass
class ParsedRoster:
    rows: list[dict[str, Any]]
    header_row: int

    @property
    def ok(self) -> int:
        return sum(1 for r in self.rows if r["status"] == "ok")


def header_key(text: str) -> str:
    """Compare headers by letters and digits only: "E-mail родителя 1" → "emailродителя1"."""
    key = text.strip().lower().replace("ё", "е")
    key = key.replace("е-mail", "email").replace("е-майл", "email").replace("емейл", "email")
    return re.sub(r"[\W_]+", "", key)


def _is_parent_email(key: str) -> bool:
    return any(re.fullmatch(re.escape(h) + r"\d{0,2}", key) for h in PARENT_EMAIL_HEADERS)


def match_columns(cells: list[str]) -> Columns | None:
    """The columns named by this header row, or None if class or student name is missing."""
    klass = name = student_email = None
    parents: list[int] = []
    for i, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        if klass is None and key in CLASS_HEADERS:
            klass = i
        elif name is None and key in NAME_HEADERS:
            name = i
        elif student_email is None and key in STUDENT_EMAIL_HEADERS:
            student_email = i
        elif _is_parent_email(key):
            parents.append(i)
    if klass is None or name is None:
        return None
    return Columns(klass=klass, name=name, parent_emails=parents, student_email=student_email)


def parse_class_label(raw: str, max_grade: int) -> tuple[int, str] | dict[str, Any]:
    """(grade, LETTER) for "5А", "5 а", "11б", "5-A"; otherwise a row error."""
    text = " ".join(raw.split())
    if not text:
        return row_error("class_missing", "The class is missing.")
    m = _CLASS_LABEL.fullmatch(text)
    if m is None:
        return row_error(
            "class_format",
            f"The class “{text}” is not a grade and a letter, like 5А or 11Б.",
            value=text[:40],
        )
    grade = int(m.group(1))
    if not 1 <= grade <= max_grade:
        return row_error(
            "grade_range",
            f"The grade of “{text}” must be between 1 and {max_grade}.",
            value=text[:40],
            max=max_grade,
        )
    return grade, m.group(2).upper()


def class_key(grade: int, letter: str) -> str:
    """The key classes are compared by, so that Latin "5A" and Cyrillic "5А" are one class."""
    return f"{grade}{letter.upper().translate(_LOOKALIKES)}"


def normalize_name(raw: str) -> str:
    return " ".join(raw.split())


def name_key(name: str) -> str:
    return normalize_name(name).casefold().replace("ё", "е")


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _emails(raw: str, whose: str, errors: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for part in _EMAIL_SPLIT.split(raw):
        if not part:
            continue
        try:
            email = normalize_email(part)
        except Unprocessable:
            value = part[:100]
            errors.append(
                row_error(
                    f"{whose}_email_invalid",
                    f"The {whose}'s e-mail “{value}” is not valid.",
                    value=value,
                )
            )
            continue
        if email not in found:
            found.append(email)
    return found


def validate_row(number: int, cells: list[str], cols: Columns, max_grade: int) -> dict[str, Any]:
    """One roster row with its status and every error found in it."""
    errors: list[dict[str, Any]] = []
    raw_class = " ".join(_cell(cells, cols.klass).split())
    grade: int | None = None
    letter: str | None = None
    parsed = parse_class_label(raw_class, max_grade)
    if isinstance(parsed, dict):
        errors.append(parsed)
        label = raw_class
    else:
        grade, letter = parsed
        label = f"{grade}{letter}"
    name = normalize_name(_cell(cells, cols.name))
    if not name:
        errors.append(row_error("name_missing", "The student's name is missing."))
    elif len(name) > MAX_NAME:
        errors.append(
            row_error(
                "name_too_long",
                f"The student's name is longer than {MAX_NAME} characters.",
                max=MAX_NAME,
            )
        )
    parents: list[str] = []
    for index in cols.parent_emails:
        for email in _emails(_cell(cells, index), "parent", errors):
            if email not in parents:
                parents.append(email)
    if len(parents) > MAX_PARENT_EMAILS:
        errors.append(
            row_error(
                "too_many_parent_emails",
                f"At most {MAX_PARENT_EMAILS} parent e-mails per student are supported.",
                max=MAX_PARENT_EMAILS,
            )
        )
    student_emails = _emails(_cell(cells, cols.student_email), "student", errors)
    if len(student_emails) > 1:
        errors.append(row_error("student_emails_many", "Give at most one student e-mail."))
    return {
        "row": number,
        "class_label": label[:40],
        "grade": grade,
        "letter": letter,
        "full_name": name[:MAX_NAME],
        "parent_emails": parents,
        "student_email": student_emails[0] if student_emails else None,
        "status": "error" if errors else "ok",
        "errors": errors,
    }


def _find_header(rows: Iterator[Row]) -> tuple[int, Columns]:
    seen = 0
    for number, cells in rows:
        if not any(cells):
            continue
        cols = match_columns(cells)
        if cols is not None:
            return number, cols
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    raise Unprocessable(
        f"The roster needs a header row with these columns: {EXPECTED_HEADERS}.",
        code="missing_columns",
        fields={"file": EXPECTED_HEADERS},
    )


def parse_rows(rows: Iterable[Row], *, max_grade: int, max_rows: int) -> ParsedRoster:
    """Validate the rows that follow the header; more than `max_rows` data rows → 422."""
    it = iter(rows)
    header_row, cols = _find_header(it)
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in it:
        if not any(cells):
            continue
        if len(out) >= max_rows:
            raise Unprocessable(
                f"The roster has more than {max_rows} rows. Split it into several files.",
                code="too_many_rows",
            )
        row = validate_row(number, cells, cols, max_grade)
        if row["grade"] is not None and row["full_name"]:
            key = (class_key(row["grade"], row["letter"]), name_key(row["full_name"]))
            if key in seen:
                row["errors"].append(
                    row_error(
                        "duplicate_row",
                        f"{row['full_name']} in {row['class_label']} "
                        f"is already on row {seen[key]}.",
                        name=row["full_name"],
                        class_label=row["class_label"],
                        row=seen[key],
                    )
                )
                row["status"] = "error"
            else:
                seen[key] = number
        out.append(row)
    if not out:
        raise Unprocessable("The roster has a header but no students.", code="empty_roster")
    return ParsedRoster(rows=out, header_row=header_row)


def parse_roster(data: bytes, *, max_grade: int = DEFAULT_MAX_GRADE, max_rows: int) -> ParsedRoster:
    """Parse an uploaded CSV or XLSX roster (the type is told by the content)."""
    return parse_rows(read_rows(data), max_grade=max_grade, max_rows=max_rows)
