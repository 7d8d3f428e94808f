"""Stable per-thread pseudonyms for anonymous writers: "Аноним · Синий кит 27".

A thread stores three numbers (adjective, animal, number), drawn at random when it is
opened, and each viewer reads them in their own language. They tell one anonymous thread
from another in the responder's inbox and link to nothing else.
"""

from __future__ import annotations

import secrets

# Masculine Russian adjectives agree with the masculine animals below.
ADJECTIVES = (
    ("Синий", "Blue"),
    ("Зелёный", "Green"),
    ("Рыжий", "Ginger"),
    ("Тихий", "Quiet"),
    ("Смелый", "Brave"),
    ("Добрый", "Kind"),
    ("Весёлый", "Merry"),
    ("Лунный", "Moon"),
    ("Солнечный", "Sunny"),
    ("Быстрый", "Swift"),
    ("Звёздный", "Starry"),
    ("Серебряный", "Silver"),
)
ANIMALS = (
    ("кит", "whale"),
    ("ёж", "hedgehog"),
    ("волк", "wolf"),
    ("барсук", "badger"),
    ("енот", "raccoon"),
    ("дельфин", "dolphin"),
    ("пингвин", "penguin"),
    ("филин", "owl"),
    ("бобр", "beaver"),
    ("тюлень", "seal"),
    ("журавль", "crane"),
    ("слон", "elephant"),
    ("лис", "fox"),
    ("медведь", "bear"),
)
ANON = {"ru": "Аноним", "en": "Anonymous"}


def draw() -> str:
    """A new pseudonym key, "adjective-animal-number"."""
    adjective = secrets.randbelow(len(ADJECTIVES))
    animal = secrets.randbelow(len(ANIMALS))
    return f"{adjective}-{animal}-{secrets.randbelow(90) + 10}"


def label(key: str, language: str) -> str:
    """The pseudonym in the viewer's language ("Аноним · Синий кит 27")."""
    en = language == "en"
    try:
        a, b, n = (int(p) for p in key.split("-"))
        adjective, animal = ADJECTIVES[a][en], ANIMALS[b][en]
    except (ValueError, IndexError):
        return ANON["en" if en else "ru"]
    name = f"{adjective} {animal} {n}"
    return f"{ANON['en' if en else 'ru']} · {name}"
