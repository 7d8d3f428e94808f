"""Finding a list's words in a message whatever their form: Russian and English.

Each word is reduced to keys, and a list entry matches a word of the message when they
share one:
- Russian: the dictionary forms (lemmas) pymorphy3 gives for it ("дураками" → "дурак"),
  all of them for an ambiguous form, so "козлы" matches both "козёл" and "козлы"; for
  a word the dictionary does not know (slang, a misspelling), also its Snowball stem, on
  both sides, so an unknown entry still matches its own inflections;
- English: the Snowball (Porter 2) stem ("idiots" → "idiot");
- an entry ending in "*" matches any word that starts with it ("идиот*" catches
  "идиотский"), and an entry of several words matches them in a row.
Before that, text is normalised the way people get round filters: case, ё, Latin letters
and digits standing in for Cyrillic ones in a Cyrillic word ("дуpак" with a Latin p,
"д0лбан"), and letters repeated three times or more ("дууурак").

The morphology dictionary takes a moment to load: `warm_up` loads it in a thread before the
first lists are compiled, so no request waits for it on the event loop.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

WORD = re.compile(r"[^\W_]+")
MENTION = re.compile(r"<@[0-9A-Za-z]{26}>")
REPEATS = re.compile(r"(\w)\1{2,}")
CYRILLIC = re.compile(r"[а-я]")
# Latin letters and digits that look like Cyrillic ones.
LOOKALIKES = str.maketrans(
    {
        "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м", "o": "о",
        "p": "р", "t": "т", "x": "х", "y": "у", "u": "и", "0": "о", "3": "з", "4": "ч",
        "6": "б",
    }
)  # fmt: skip
MAX_WORD = 60
MIN_LEMMA_SCORE = 0.05  # parses below this are noise from the predictor

_lock = threading.Lock()
_morph: Any = None
_local = threading.local()


def analyzer() -> Any:
    """The process's pymorphy3 analyzer (loaded once, about a second)."""
    global _morph
    if _morph is None:
        with _lock:
            if _morph is None:
                import pymorphy3  # type: ignore[import-untyped]

                _morph = pymorphy3.MorphAnalyzer(lang="ru")
    return _morph


def warm_up() -> None:
    analyzer()


def _stemmers() -> tuple[Any, Any]:
    pair: tuple[Any, Any] | None = getattr(_local, "stemmers", None)
    if pair is None:
        pair = (snowballstemmer.stemmer("russian"), snowballstemmer.stemmer("english"))
        _local.stemmers = pair
    return pair


def normalise(word: str) -> str:
    """Lower case, ё as е, stand-in letters replaced, long repeats squeezed."""
    word = unicodedata.normalize("NFKC", word).lower().replace("ё", "е")
    if CYRILLIC.search(word):
        word = word.translate(LOOKALIKES)
    return REPEATS.sub(r"\1", word)


@lru_cache(maxsize=100_000)
def keys(word: str) -> frozenset[str]:
    """The keys of one normalised word (see the module docstring)."""
    if not word or len(word) > MAX_WORD:
        return frozenset()
    russian, english = _stemmers()
    if word.isascii():
        if not word.isalpha():
            return frozenset({"=" + word})
        return frozenset({"=" + word, "s:" + english.stemWord(word)})
    if not CYRILLIC.search(word):
        return frozenset({"=" + word})
    out = {"=" + word}
    known = False
    for parse in analyzer().parse(word):
        known = known or parse.is_known
        if parse.is_known or parse.score >= MIN_LEMMA_SCORE:
            out.add("l:" + parse.normal_form.replace("ё", "е"))
    if not known:
        out.add("s:" + russian.stemWord(word))
    return frozenset(out)


def tokens(text: str) -> list[tuple[str, str]]:
    """(as written, normalised) for each word of the text."""
    text = MENTION.sub(" ", text)
    return [(m.group(), normalise(m.group())) for m in WORD.finditer(text)]


@dataclass(frozen=True)
class Unit:
    """One word of an entry: its keys, or a prefix."""

    keys: frozenset[str] = frozenset()
    prefix: str = ""

    def matches(self, word: str) -> bool:
        if self.prefix:
            return word.startswith(self.prefix)
        return bool(self.keys & keys(word))


@dataclass(frozen=True)
class Entry:
    text: str  # as the administrator wrote it
    units: tuple[Unit, ...]
    tag: Any = None  # whatever the caller attaches (its list)


def parse_entry(text: str, tag: Any = None) -> Entry | None:
    """An entry as typed: words, the last one (or any) may end in * for a prefix."""
    units: list[Unit] = []
    for raw in text.split():
        prefix = raw.endswith("*")
        words = [normalise(w) for w in WORD.findall(raw)]
        if not words:
            continue
        for i, word in enumerate(words):
            last = i == len(words) - 1
            if prefix and last:
                if len(word) < 2:  # "а*" would match half the language
                    return None
                units.append(Unit(prefix=word))
            else:
                found = keys(word)
                if not found:
                    return None
                units.append(Unit(keys=found))
    return Entry(text=text.strip(), units=tuple(units), tag=tag) if units else None


@dataclass
class Matcher:
    """Compiled entries: single words indexed by key, the rest tried in order."""

    by_key: dict[str, list[Entry]] = field(default_factory=dict)
    others: list[Entry] = field(default_factory=list)

    @classmethod
    def build(cls, entries: Iterable[Entry]) -> Matcher:
        m = cls()
        for entry in entries:
            if len(entry.units) == 1 and not entry.units[0].prefix:
                for key in entry.units[0].keys:
                    m.by_key.setdefault(key, []).append(entry)
            else:
                m.others.append(entry)
        return m

    def find(self, text: str) -> list[tuple[Entry, str]]:
        """Each entry found in the text once, with the words that matched it."""
        words = tokens(text)
        normal = [n for _, n in words]
        found: dict[int, tuple[Entry, str]] = {}
        for i, (written, word) in enumerate(words):
            for key in keys(word):
                for entry in self.by_key.get(key, ()):
                    found.setdefault(id(entry), (entry, written))
            for entry in self.others:
                if id(entry) not in found and _at(entry.units, normal, i):
                    span = " ".join(w for w, _ in words[i : i + len(entry.units)])
                    found[id(entry)] = (entry, span)
        return list(found.values())


def _at(units: Sequence[Unit], words: Sequence[str], i: int) -> bool:
    if i + len(units) > len(words):
        return False
    return all(u.matches(words[i + j]) for j, u in enumerate(units))
