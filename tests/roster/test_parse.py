"""Pure parser tests: no server, just bytes in and rows out."""

from __future__ import annotations

import io
import os
import zipfile
from typing import Any

import pytest

from parta.kit.errors import AppError
from parta.roster.parse import class_key, parse_class_label, parse_roster
from parta.roster.tabular import decode_text, sniff_delimiter
from tests.roster.helpers import HEADER_EN, HEADER_RU, csv_bytes, xlsx_bytes

ROWS = [
    ["5А", "Иванов Иван Иванович", "mama@example.org", "papa@example.org"],
    ["11б", "Петрова Мария", "", ""],
]


def parse(data: bytes, max_rows: int = 100, max_grade: int = 11) -> list[dict[str, Any]]:
    return parse_roster(data, max_rows=max_rows, max_grade=max_grade).rows


def error_of(data: bytes, **kw: int) -> AppError:
    with pytest.raises(AppError) as info:
        parse(data, **kw)
    return info.value


def test_csv_semicolon_russian_headers() -> None:
    rows = parse(csv_bytes([HEADER_RU, *ROWS], delimiter=";"))
    assert [r["status"] for r in rows] == ["ok", "ok"]
    first = rows[0]
    assert first["row"] == 2
    assert (first["class_label"], first["grade"], first["letter"]) == ("5А", 5, "А")
    assert first["full_name"] == "Иванов Иван Иванович"
    assert first["parent_emails"] == ["mama@example.org", "papa@example.org"]
    assert first["student_email"] is None
    assert rows[1]["class_label"] == "11Б"
    assert rows[1]["parent_emails"] == []


def test_csv_comma_english_headers_and_student_email() -> None:
    data = csv_bytes(
        [HEADER_EN, ["5-a", "John  Smith", "MUM@Example.org", "", "john@example.org"]],
        delimiter=",",
    )
    (row,) = parse(data)
    assert row["status"] == "ok", row["errors"]
    assert (row["class_label"], row["full_name"]) == ("5A", "John Smith")
    assert row["parent_emails"] == ["mum@example.org"]
    assert row["student_email"] == "john@example.org"


def test_csv_with_bom_and_cp1251() -> None:
    table = [HEADER_RU, *ROWS]
    with_bom = parse(csv_bytes(table, bom=True))
    cp1251 = parse(csv_bytes(table, encoding="cp1251"))
    assert with_bom == cp1251
    assert with_bom[0]["full_name"] == "Иванов Иван Иванович"


def test_utf16_tab_separated_excel_text() -> None:
    text = "\r\n".join("\t".join(r) for r in [HEADER_RU, *ROWS])
    rows = parse(b"\xff\xfe" + text.encode("utf-16-le"))
    assert [r["full_name"] for r in rows] == ["Иванов Иван Иванович", "Петрова Мария"]


@pytest.mark.parametrize(
    "header",
    [
        ["КЛАСС", "Ученик", "Email родителя 1", "Email родителя 2"],
        ["Класс", "ФИО", "e-mail родителя", "почта родителя"],
        ["Class", "Name", "Parent email", "parent_email_2"],
    ],
)
def test_header_synonyms(header: list[str]) -> None:
    rows = parse(csv_bytes([header, *ROWS]))
    assert rows[0]["parent_emails"] == ["mama@example.org", "papa@example.org"]


def test_xlsx_with_title_rows_and_numbers() -> None:
    data = xlsx_bytes(
        [HEADER_RU, ["7В", "Сидоров Пётр", "p@example.org", None], [None, None, None, None]],
        title_rows=2,
    )
    (row,) = parse(data)
    assert row["row"] == 4
    assert (row["class_label"], row["full_name"]) == ("7В", "Сидоров Пётр")


def test_several_emails_in_one_cell() -> None:
    (row,) = parse(csv_bytes([HEADER_RU, ["5А", "Ким Ли", "a@example.org, b@example.org", ""]]))
    assert row["parent_emails"] == ["a@example.org", "b@example.org"]
    (row,) = parse(
        csv_bytes([HEADER_RU, ["5А", "Ким Ли", "a@example.org b@example.org", "c@example.org"]])
    )
    assert row["status"] == "error"
    assert row["errors"] == [
        {
            "code": "too_many_parent_emails",
            "params": {"max": 2},
            "message": "At most 2 parent e-mails per student are supported.",
        }
    ]


@pytest.mark.parametrize(
    ("cells", "code", "params", "message"),
    [
        (["", "Иван", "", ""], "class_missing", {}, "The class is missing."),
        (["5АБВ", "Иван", "", ""], "class_format", {"value": "5АБВ"}, "is not a grade and"),
        (["12А", "Иван", "", ""], "grade_range", {"value": "12А", "max": 11}, "between 1 and 11"),
        (["0А", "Иван", "", ""], "grade_range", {"value": "0А", "max": 11}, "between 1 and 11"),
        (["А5", "Иван", "", ""], "class_format", {"value": "А5"}, "is not a grade and a letter"),
        (["5А", "", "mama@example.org", ""], "name_missing", {}, "name is missing"),
        (["5А", "Я" * 201, "", ""], "name_too_long", {"max": 200}, "longer than 200"),
        (
            ["5А", "Иван", "not-an-email", ""],
            "parent_email_invalid",
            {"value": "not-an-email"},
            "The parent's e-mail “not-an-email” is not valid",
        ),
    ],
)
def test_row_errors(cells: list[str], code: str, params: dict[str, object], message: str) -> None:
    rows = parse(csv_bytes([HEADER_RU, ["1А", "Ok Row", "", ""], cells]))
    assert rows[0]["status"] == "ok" and rows[0]["errors"] == []
    assert rows[1]["status"] == "error"
    (error,) = rows[1]["errors"]
    assert (error["code"], error["params"]) == (code, params)
    assert message in error["message"]


def test_student_email_errors() -> None:
    (row,) = parse(csv_bytes([HEADER_EN, ["5A", "John", "", "", "john@"]], delimiter=","))
    assert row["status"] == "error"
    assert row["errors"] == [
        {
            "code": "student_email_invalid",
            "params": {"value": "john@"},
            "message": "The student's e-mail “john@” is not valid.",
        }
    ]
    two = ["5A", "John", "", "", "a@example.org b@example.org"]
    (row,) = parse(csv_bytes([HEADER_EN, two], delimiter=","))
    assert [e["code"] for e in row["errors"]] == ["student_emails_many"]


def test_several_errors_of_one_row_are_all_reported() -> None:
    (row,) = parse(csv_bytes([HEADER_RU, ["5", "", "bad", ""]]))
    assert [e["code"] for e in row["errors"]] == [
        "class_format",
        "name_missing",
        "parent_email_invalid",
    ]


def test_max_grade_comes_from_the_org() -> None:
    data = csv_bytes([HEADER_RU, ["10А", "Иван", "", ""]])
    assert parse(data, max_grade=9)[0]["errors"] == [
        {
            "code": "grade_range",
            "params": {"value": "10А", "max": 9},
            "message": "The grade of “10А” must be between 1 and 9.",
        }
    ]


def test_duplicates_are_errors_on_the_second_row() -> None:
    data = csv_bytes(
        [
            HEADER_RU,
            ["5А", "Иванов Иван", "", ""],
            ["5 а", "иванов  иван", "", ""],
            ["5A", "Иванов Иван", "", ""],  # Latin A: the same class
            ["6А", "Иванов Иван", "", ""],  # another class: fine
        ]
    )
    rows = parse(data)
    assert [r["status"] for r in rows] == ["ok", "error", "error", "ok"]
    first, second = rows[1]["errors"][0], rows[2]["errors"][0]
    assert first["code"] == "duplicate_row"
    assert first["params"] == {"name": "иванов иван", "class_label": "5А", "row": 2}
    assert "already on row 2" in first["message"]
    assert second["params"] == {"name": "Иванов Иван", "class_label": "5A", "row": 2}


def test_empty_rows_are_skipped() -> None:
    text = "\n".join(
        ["", "Класс;ФИО ученика", ";", "5А;Иванов Иван", ";;;", " ; ", "6Б;Петров Пётр", ""]
    )
    rows = parse(text.encode())
    assert [r["row"] for r in rows] == [4, 7]


def test_class_labels() -> None:
    assert parse_class_label("5 а", 11) == (5, "А")
    assert parse_class_label("11б", 11) == (11, "Б")
    assert parse_class_label("5-A", 11) == (5, "A")
    assert parse_class_label("10 АБ", 11) == (10, "АБ")
    assert class_key(5, "A") == class_key(5, "А")
    assert class_key(5, "Б") != class_key(5, "В")


def test_sniff_delimiter() -> None:
    assert sniff_delimiter("a;b;c\n1,2;3") == ";"
    assert sniff_delimiter("\n\na,b\n") == ","
    assert sniff_delimiter("a\tb") == "\t"
    assert sniff_delimiter("single") == ","


def test_missing_columns() -> None:
    err = error_of(csv_bytes([["Класс", "Фамилия"], ["5А", "Иванов"]]))
    assert err.status == 422
    assert err.code == "missing_columns"
    assert "ФИО ученика" in err.message and "Класс" in err.message


def test_header_only_and_empty_files() -> None:
    assert error_of(csv_bytes([HEADER_RU])).code == "empty_roster"
    assert error_of(b"").code == "empty_file"
    assert error_of(b" \r\n \n").code == "empty_file"


def test_too_many_rows() -> None:
    data = csv_bytes([HEADER_RU] + [["5А", f"Ученик {i}", "", ""] for i in range(6)])
    assert len(parse(data, max_rows=6)) == 6
    err = error_of(data, max_rows=5)
    assert (err.status, err.code) == (422, "too_many_rows")


def test_junk_bytes_are_refused() -> None:
    err = error_of(os.urandom(4096) + b"\x00")
    assert (err.status, err.code) == (415, "unsupported_file")
    err = error_of(bytes(range(1, 32)) * 10)
    assert err.status == 415


def test_legacy_xls_is_refused() -> None:
    err = error_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert (err.status, err.code) == (415, "unsupported_file")


def test_zip_that_is_not_xlsx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    err = error_of(out.getvalue())
    assert (err.status, err.code) == (422, "bad_xlsx")


def test_corrupt_xlsx() -> None:
    good = xlsx_bytes([HEADER_RU, ROWS[0]])
    for broken in (good[: len(good) // 2], good[:100] + os.urandom(2000)):
        err = error_of(broken)
        assert (err.status, err.code) == (422, "bad_xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<not really/>")
        z.writestr("[Content_Types].xml", "garbage")
    assert error_of(out.getvalue()).code == "bad_xlsx"


def test_decode_text_fallbacks() -> None:
    assert decode_text("Класс".encode("cp1251")) == "Класс"
    assert decode_text(b"\xef\xbb\xbfclass") == "class"
    with pytest.raises(AppError) as info:
        decode_text("Класс".encode("cp1251") + b"\x98")
    assert info.value.code == "bad_encoding"
