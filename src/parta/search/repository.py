"""The search queries: matching messages in the chats where the person is an active member.

Search looks only in the chats where the person is an active member (`my_chat_ids`, the rule
of `parta.chats.access`): the statement that finds messages is limited to those chat ids, so
no later step can leak a message from a chat they cannot read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from parta.models import Chat, ChatMember, Message
from parta.search import index
from parta.search.query import Query, fts5_expression, pg_tsquery

_fts = sa.table(index.FTS_TABLE, sa.column("rowid"))
_ids = sa.table(index.IDS_TABLE, sa.column("doc"), sa.column("message_id"))


@dataclass(frozen=True)
class Filters:
    author_id: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    before: tuple[datetime, str] | None = None  # the cursor: (created_at, id) of the last hit


@dataclass(frozen=True)
class Row:
    message_id: str
    chat_id: str
    seq: int
    author_id: str | None
    body: str
    mentions: list[str]  # people mentioned, checked to be chat members when it was sent
    created_at: datetime
    edited_at: datetime | None


def _match(db: AsyncSession, query: Query, chat_ids: list[str]) -> ColumnElement[bool]:
    if db.get_bind().dialect.name == "postgresql":
        # The same expression as the GIN index, so that the planner can use it.
        document = sa.func.to_tsvector(sa.literal_column("'russian'"), Message.body)
        return document.op("@@", return_type=sa.Boolean)(pg_tsquery(query))
    hits = (
        sa.select(_ids.c.message_id)
        .join_from(_fts, _ids, _ids.c.doc == _fts.c.rowid)
        .where(sa.literal_column(index.FTS_TABLE).op("MATCH")(fts5_expression(query, chat_ids)))
    )
    return Message.id.in_(hits)


async def my_chat_ids(db: AsyncSession, org_id: str, account_id: str) -> list[str]:
    """The chats of the organisation where the person is an active member: what they may
    read, and so all that search may look in (the rule of `parta.chats.access`)."""
    stmt = (
        sa.select(ChatMember.chat_id)
        .join(Chat, Chat.id == ChatMember.chat_id)
        .where(
            Chat.org_id == org_id,
            ChatMember.account_id == account_id,
            ChatMember.status == "active",
        )
    )
    return list((await db.execute(stmt)).scalars())


async def find(
    db: AsyncSession,
    org_id: str,
    chat_ids: list[str],
    query: Query,
    filters: Filters,
    limit: int,
) -> list[Row]:
    """Up to `limit` messages of `chat_ids` matching the query, newest first."""
    if not chat_ids:
        return []
    stmt = (
        sa.select(
            Message.id.label("message_id"),
            Message.chat_id,
            Message.seq,
            Message.author_id,
            Message.body,
            Message.mentions,
            Message.created_at,
            Message.edited_at,
        )
        .where(
            Message.org_id == org_id,
            # A list of values, not a join: the planner then combines the chat and text
            # indexes once, instead of scanning the text index once per chat.
            Message.chat_id.in_(chat_ids),
            Message.deleted_at.is_(None),
            _match(db, query, chat_ids),
        )
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(limit)
    )
    if filters.author_id is not None:
        stmt = stmt.where(Message.author_id == filters.author_id)
    if filters.since is not None:
        stmt = stmt.where(Message.created_at >= filters.since)
    if filters.until is not None:
        stmt = stmt.where(Message.created_at < filters.until)
    if filters.before is not None:
        at, message_id = filters.before
        stmt = stmt.where(
            sa.or_(
                Message.created_at < at,
                sa.and_(Message.created_at == at, Message.id < message_id),
            )
        )
    return [Row(**row._asdict()) for row in (await db.execute(stmt)).all()]


async def chats(db: AsyncSession, chat_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Kind and title of each chat."""
    ids = list(set(chat_ids))
    if not ids:
        return {}
    stmt = sa.select(Chat.id, Chat.kind, Chat.title).where(Chat.id.in_(ids))
    return {chat_id: (kind, title) for chat_id, kind, title in (await db.execute(stmt)).all()}


async def direct_peers(
    db: AsyncSession, chat_ids: Iterable[str], account_id: str
) -> dict[str, str]:
    """The other person of each direct chat (whatever their membership status now)."""
    ids = list(set(chat_ids))
    if not ids:
        return {}
    stmt = sa.select(ChatMember.chat_id, ChatMember.account_id).where(
        ChatMember.chat_id.in_(ids), ChatMember.account_id != account_id
    )
    return dict((await db.execute(stmt)).all())
