"""The search box language, stemming and snippets as pure functions (table-driven)."""

from __future__ import annotations

import pytest

from parta.search.query import fts5_expression, parse
from parta.search.snippet import snippet
from parta.search.text import index_text

CHAT = "01ARZ3NDEKTSV4RRFFQ69G5FAV"


@pytest.mark.parametrize(
    ("text", "stems"),
    [
        ("Контрольная КОНТРОЛЬНОЙ контрольные", "контрольн контрольн контрольн"),
        ("тетрадь тетради", "тетрад тетрад"),
        ("running runs ran", "run run ran"),
        ("Ёлка ёлки", "елк елк"),
        ("и в на the a", ""),  # stop words
        ("5А класс, 11б", "5а класс 11б"),
        (f"<@{CHAT}> привет", "привет"),  # mentions are not words
        ("snake_case e-mail", "snake case e mail"),
        ("x" * 101, ""),
        ("", ""),
    ],
)
def test_index_text(text: str, stems: str) -> None:
    assert index_text(text) == stems


@pytest.mark.parametrize(
    ("q", "expression"),
    [
        ("контрольная", '("контрольн")'),
        ("контрольная работа", '("контрольн" AND "работ")'),
        ('"контрольной работы"', '("контрольн работ")'),
        ('"контрольной работы', '("контрольн работ")'),  # a missing closing quote
        ("a or b2 OR c3", '("b2") OR ("c3")'),  # "a" is a stop word
        ("тетрадь -ёлка", '(("тетрад") NOT "елк")'),
        ('тетрадь -"новая ёлка"', '(("тетрад") NOT "нов елк")'),
        ("-ёлка тетрадь", '(("тетрад") NOT "елк")'),
        ("x -", '("x")'),
        ('AND "" NOT NEAR(b2', '("near b2")'),
    ],
)
def test_parse_to_fts5(q: str, expression: str) -> None:
    assert fts5_expression(parse(q), [CHAT]) == (
        f'{{stems}} : ({expression}) AND {{chat}} : ("{CHAT}")'
    )


@pytest.mark.parametrize("q", ["", "  ", "и в на", "?!", "-ёлка", '"', "or", "- or -x"])
def test_nothing_to_look_for(q: str) -> None:
    assert parse(q).empty


def test_query_is_capped() -> None:
    parsed = parse(" ".join(f"w{i}" for i in range(100)))
    assert sum(len(g.parts) for g in parsed.groups) == 32


@pytest.mark.parametrize(
    ("body", "q", "expected"),
    [
        ("Я забыл тетрадь", "тетради", "Я забыл <mark>тетрадь</mark>"),
        ("a <b>&amp; тетрадь", "тетрадь", "a &lt;b&gt;&amp;amp; <mark>тетрадь</mark>"),
        ("Ничего общего", "тетрадь", "Ничего общего"),
        ("много\n\n  пробелов", "пробел", "много <mark>пробелов</mark>"),
        (f"<@{CHAT}> тетрадь", "тетрадь", "@… <mark>тетрадь</mark>"),
    ],
)
def test_snippet(body: str, q: str, expected: str) -> None:
    assert snippet(body, parse(q).highlight_stems()) == expected


def test_snippet_of_a_long_text_keeps_the_hit_and_cuts_at_words() -> None:
    body = "один " * 80 + "экзамен " + "два " * 80
    out = snippet(body, parse("экзамены").highlight_stems())
    assert out.startswith("…один") and out.endswith("два…")
    assert "<mark>экзамен</mark>" in out and len(out) <= 220
    assert snippet(body, parse("нет").highlight_stems()).startswith("один один")
