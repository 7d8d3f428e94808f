"""The search box language, parsed once in Python and rendered for each backend.

Like a web search engine (and PostgreSQL's `websearch_to_tsquery`): words must all occur
(in any form: "контрольная" finds "контрольной"), `"quoted words"` must occur together and
in order, `-word` must not occur, and `or` between two parts finds either. Parsing in one
place gives both backends the same meaning and keeps user text out of query syntax: on
SQLite the words become quoted FTS5 strings of stems, on PostgreSQL bound parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from parta.search.text import keys

# A quoted phrase (the closing quote may be missing), or a run of non-space characters.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
MAX_PARTS = 32  # a 200-character box cannot sensibly hold more


@dataclass(frozen=True)
class Part:
    """One word or quoted phrase: its text as typed and its stems."""

    text: str
    stems: tuple[str, ...]
    negated: bool


@dataclass
class Group:
    """Parts that must all match (negated ones must not); groups are joined by OR."""

    parts: list[Part] = field(default_factory=list)

    @property
    def positive(self) -> list[Part]:
        return [p for p in self.parts if not p.negated]


@dataclass
class Query:
    groups: list[Group]

    @property
    def empty(self) -> bool:
        """Nothing to look for (only stop words, punctuation or exclusions)."""
        return not self.groups

    def highlight_stems(self) -> frozenset[str]:
        return frozenset(s for g in self.groups for p in g.positive for s in p.stems)


def parse(q: str) -> Query:
    """Parse the search box. Groups with nothing positive to look for are dropped (a bare
    exclusion would otherwise match almost every message)."""
    groups = [Group()]
    count = 0
    for match in _TOKEN.finditer(q):
        if count >= MAX_PARTS:
            break
        quote_sign, phrase, bare = match.groups()
        if bare is not None:
            if bare.lower() == "or":
                if groups[-1].parts:
                    groups.append(Group())
                continue
            negated = bare.startswith("-") and len(bare) > 1
            text = bare[1:] if negated else bare
        else:
            negated, text = quote_sign == "-", phrase
        stems = tuple(keys(text))
        if stems:
            groups[-1].parts.append(Part(text=text, stems=stems, negated=negated))
            count += 1
    return Query([g for g in groups if g.positive])


def _fts_string(stems: tuple[str, ...]) -> str:
    # An FTS5 string is a phrase: its tokens must be adjacent and in order.
    return '"' + " ".join(stems).replace('"', '""') + '"'


def fts5_expression(query: Query, chat_ids: list[str]) -> str:
    """The FTS5 MATCH expression: the query over the stems, in one of `chat_ids`."""
    chats = " OR ".join(_fts_string((chat_id,)) for chat_id in chat_ids)
    return f"{{stems}} : ({_fts5_words(query)}) AND {{chat}} : ({chats})"


def _fts5_words(query: Query) -> str:
    groups = []
    for group in query.groups:
        expr = " AND ".join(_fts_string(p.stems) for p in group.positive)
        for part in group.parts:
            if part.negated:
                expr = f"({expr}) NOT {_fts_string(part.stems)}"
        groups.append(f"({expr})")
    return " OR ".join(groups)


def _phrase(part: Part, index: int) -> ColumnElement[object]:
    # phraseto_tsquery applies PostgreSQL's own parser and stemmer to the text as typed.
    return sa.func.phraseto_tsquery(
        sa.literal_column("'russian'"), sa.bindparam(f"sq_{index}", part.text)
    )


def pg_tsquery(query: Query) -> ColumnElement[object]:
    """A tsquery expression built from bound parameters (no user text in the SQL)."""
    index = 0
    ors: list[ColumnElement[object]] = []
    for group in query.groups:
        expr: ColumnElement[object] | None = None
        for part in group.parts:
            term = _phrase(part, index)
            index += 1
            if part.negated:
                term = sa.func.tsquery_not(term)
            expr = term if expr is None else sa.func.tsquery_and(expr, term)
        assert expr is not None
        ors.append(expr)
    out = ors[0]
    for expr in ors[1:]:
        out = sa.func.tsquery_or(out, expr)
    return out
