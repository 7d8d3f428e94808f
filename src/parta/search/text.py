"""Words and their stems, the same way for the SQLite index, queries and snippets.

It mirrors PostgreSQL's `russian` configuration closely enough that both backends find the
same messages: words of Latin letters go through the English Snowball stemmer, other words
through the Russian one, words with digits are kept as they are, stop words are left out.

The stemmed form is stored in the SQLite index, so changing anything here that changes a
stem needs the index rebuilt (`parta.search.index.rebuild_sqlite`) in a migration.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer  # type: ignore[import-untyped]

from parta.search.stopwords import ENGLISH, RUSSIAN

# Letters and digits (no underscore): what SQLite's unicode61 tokenizer treats as a token.
WORD = re.compile(r"[^\W_]+")
# Mentions are stored as <@ACCOUNT_ID>; the id is not a word anybody searches for.
MENTION = re.compile(r"<@[0-9A-Za-z]{26}>")
# Longer "words" are hashes, keys or keyboard mashing; PostgreSQL skips very long ones too.
MAX_WORD = 100

_local = threading.local()  # Snowball stemmer objects keep state: one per thread


def _stemmers() -> tuple[object, object]:
    pair: tuple[object, object] | None = getattr(_local, "stemmers", None)
    if pair is None:
        pair = (snowballstemmer.stemmer("russian"), snowballstemmer.stemmer("english"))
        _local.stemmers = pair
    return pair


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str | None:
    """The index form of one word (a stem), or None for a stop word or an over-long word."""
    if len(word) > MAX_WORD:
        return None
    word = unicodedata.normalize("NFKC", word).lower().replace("ё", "е")
    if not word:
        return None
    russian, english = _stemmers()
    if word.isascii() and word.isalpha():
        if word in ENGLISH:
            return None
        stem: str = english.stemWord(word)  # type: ignore[attr-defined]
        return stem
    if any(ch.isdigit() for ch in word):
        return word
    if word in RUSSIAN:
        return None
    stem = russian.stemWord(word)  # type: ignore[attr-defined]
    return stem


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of `text` with their positions (for highlighting)."""
    return WORD.finditer(text)


def keys(text: str) -> list[str]:
    """The index forms of the words of `text`, in order, stop words left out."""
    out = []
    for match in WORD.finditer(MENTION.sub(" ", text)):
        key = word_key(match.group())
        if key is not None:
            out.append(key)
    return out


def index_text(text: str | None) -> str:
    """What the SQLite index stores for a message body (registered as `parta_stem`)."""
    if not text:
        return ""
    return " ".join(keys(text))
