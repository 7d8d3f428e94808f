"""Message search: what the person may read, newest first, with highlighted snippets."""

from __future__ import annotations

import base64
import binascii
import unicodedata
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import OrgContext
from parta.chats.people import briefs
from parta.kit.errors import Unprocessable, not_found
from parta.kit.ids import is_id
from parta.search import repository
from parta.search.query import parse
from parta.search.repository import Filters, Row
from parta.search.schemas import SearchHit, SearchPage
from parta.search.snippet import snippet

MAX_QUERY = 200
DEFAULT_LIMIT = 20
MAX_LIMIT = 50


def _clean_query(q: str) -> str:
    # Control characters (NUL above all: PostgreSQL refuses it) are never part of a word.
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in q).strip()
    if not text:
        raise Unprocessable(
            "Type something to search for.", code="empty_query", fields={"q": "empty"}
        )
    if len(text) > MAX_QUERY:
        raise Unprocessable(
            f"The search text is longer than {MAX_QUERY} characters.",
            code="query_too_long",
            fields={"q": f"at most {MAX_QUERY} characters"},
        )
    return text


def _utc(value: datetime | None) -> datetime | None:
    # A time without a zone is taken as UTC, the zone of every stored time.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def encode_cursor(row: Row) -> str:
    raw = f"{row.created_at.isoformat()}|{row.message_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, message_id = raw.split("|")
        when = _utc(datetime.fromisoformat(at))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        when, message_id = None, ""
    if when is None or not is_id(message_id):
        raise Unprocessable(
            "The cursor is not valid; start the search again.",
            code="bad_cursor",
            fields={"cursor": "invalid"},
        )
    return when, message_id


async def search(
    db: AsyncSession,
    ctx: OrgContext,
    q: str,
    *,
    chat_id: str | None = None,
    author_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> SearchPage:
    """Messages matching `q` (any word form) in the chats where the person is an active
    member, newest first. A chat filter that is not one of those chats answers 404."""
    text = _clean_query(q)
    since, until = _utc(since), _utc(until)
    if since is not None and until is not None and since > until:
        raise Unprocessable(
            "The start of the period is after its end.",
            code="bad_period",
            fields={"since": "after until"},
        )
    if author_id is not None and not is_id(author_id):
        raise Unprocessable("Unknown author.", code="bad_author", fields={"author_id": "invalid"})
    chat_ids = await repository.my_chat_ids(db, ctx.org_id, ctx.account_id)
    if chat_id is not None:
        if chat_id not in chat_ids:
            raise not_found("chat")
        chat_ids = [chat_id]
    before = decode_cursor(cursor) if cursor else None
    query = parse(text)
    if query.empty:
        return SearchPage(items=[], next_cursor=None)
    limit = max(1, min(limit, MAX_LIMIT))
    filters = Filters(author_id, since, until, before)
    rows = await repository.find(db, ctx.org_id, chat_ids, query, filters, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return SearchPage(
        items=await _hits(db, ctx, rows, query.highlight_stems()),
        next_cursor=encode_cursor(rows[-1]) if more else None,
    )


async def _hits(
    db: AsyncSession, ctx: OrgContext, rows: list[Row], stems: frozenset[str]
) -> list[SearchHit]:
    kinds = await repository.chats(db, (r.chat_id for r in rows))
    peers = await repository.direct_peers(
        db, (r.chat_id for r in rows if kinds[r.chat_id][0] == "direct"), ctx.account_id
    )
    people_ids = {r.author_id for r in rows if r.author_id} | set(peers.values())
    # Only names the message was sent with: a typed <@id> of a stranger stays "@…".
    mentioned = {a for r in rows for a in r.mentions or []}
    people = await briefs(db, ctx.org_id, people_ids | mentioned)
    names = {account_id: brief.name for account_id, brief in people.items()}
    out = []
    for r in rows:
        kind, title = kinds[r.chat_id]
        if kind == "direct" and r.chat_id in peers:
            title = names.get(peers[r.chat_id], title)
        out.append(
            SearchHit(
                message_id=r.message_id,
                chat_id=r.chat_id,
                chat_kind=kind,
                chat_title=title,
                seq=r.seq,
                author_id=r.author_id,
                author_name=names.get(r.author_id) if r.author_id else None,
                created_at=r.created_at,
                edited=r.edited_at is not None,
                snippet=snippet(
                    r.body, stems, {a: names[a] for a in r.mentions or [] if a in names}
                ),
            )
        )
    return out
