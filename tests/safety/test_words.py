"""Finding list words in any form: Russian inflections, English stems, phrases, prefixes and
the usual ways round a filter."""

from __future__ import annotations

import pytest

from parta.safety.words import Matcher, normalise, parse_entry

ENTRIES = ["дурак", "козёл", "идиот*", "idiot", "тупой как пробка", "сволочь", "лох", "loser"]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    entries = [parse_entry(text, text) for text in ENTRIES]
    return Matcher.build(e for e in entries if e is not None)


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return sorted((e.text, words) for e, words in matcher.find(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ты дураком был", [("дурак", "дураком")]),
        ("Эти дураки опять", [("дурак", "дураки")]),
        ("какой козел", [("козёл", "козел")]),  # written without ё
        ("нет козла", [("козёл", "козла")]),
        ("Идиотский план", [("идиот*", "Идиотский")]),
        ("you IDIOTS", [("idiot", "IDIOTS")]),
        ("such losers", [("loser", "losers")]),
        ("он тупой как пробка!", [("тупой как пробка", "тупой как пробка")]),
        ("сволочи", [("сволочь", "сволочи")]),
        ("лохи", [("лох", "лохи")]),
        ("дуpак", [("дурак", "дуpак")]),  # a Latin p in a Cyrillic word
        ("д0лбан дурaк", [("дурак", "дурaк")]),
        ("дууурак", [("дурак", "дууурак")]),
        ("дурак дурак", [("дурак", "дурак")]),  # each entry once
    ],
)
def test_matches(matcher: Matcher, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(matcher, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Привет, класс! Завтра контрольная.",
        "Лохматый пёс",  # shares letters with an entry, not its forms
        "тупой карандаш",  # half a phrase
        "как пробка",
        "durak",  # transliteration is not looked for
        "",
    ],
)
def test_innocent_text(matcher: Matcher, text: str) -> None:
    assert found(matcher, text) == []


def test_entries() -> None:
    assert parse_entry("   ") is None
    assert parse_entry("а*") is None  # a one-letter prefix would match half the language
    entry = parse_entry("Тупой  как пробка")
    assert entry is not None and len(entry.units) == 3
    assert normalise("ЁЛКА") == "елка"


def test_mentions_are_not_words(matcher: Matcher) -> None:
    assert found(matcher, "<@01HZXDURAKDURAKDURAKDURAK0>") == []
