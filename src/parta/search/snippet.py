"""Highlighted snippets: the part of a message around its first hit, as safe HTML.

Built in Python for both backends so that they give the same result and so that escaping is
simple to get right: every piece of message text is HTML-escaped, and the only markup in a
snippet is <mark>…</mark> around words whose stem is one the query looks for.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from parta.search.text import MENTION, word_key, words

WHOLE = 240  # shorter texts are shown whole
BEFORE = 60  # characters of context kept before the first hit
WIDTH = 200  # characters shown around the hit in longer texts
ELLIPSIS = "…"


def plain(body: str, names: Mapping[str, str]) -> str:
    """Message text on one line, mentions shown as @Name."""
    text = MENTION.sub(lambda m: "@" + names.get(m.group()[2:-1], "…"), body)
    return " ".join(text.split())


def _window(text: str, first_hit: int | None) -> tuple[int, int]:
    if len(text) <= WHOLE:
        return 0, len(text)
    start = 0 if first_hit is None else max(0, first_hit - BEFORE)
    if start:
        # Begin at a word boundary, so that no word is shown cut.
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (first_hit or 0) else start
    end = min(len(text), start + WIDTH)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > (first_hit or start) else end
    return start, end


def snippet(body: str, stems: frozenset[str], names: Mapping[str, str] | None = None) -> str:
    """The snippet of `body` (HTML) with the words matching `stems` marked."""
    text = plain(body, names or {})
    hits = [(m.start(), m.end()) for m in words(text) if word_key(m.group()) in stems]
    start, end = _window(text, hits[0][0] if hits else None)
    out = [ELLIPSIS] if start > 0 else []
    pos = start
    for a, b in hits:
        if a < start or b > end:
            continue
        out.append(html.escape(text[pos:a]))
        out.append("<mark>" + html.escape(text[a:b]) + "</mark>")
        pos = b
    out.append(html.escape(text[pos:end]))
    if end < len(text):
        out.append(ELLIPSIS)
    return "".join(out)
