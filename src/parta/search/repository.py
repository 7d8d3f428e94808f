"""The search queries: matching messages in the chats where the person is an active member.

The visibility rule is part of the one statement that finds the messages (a join on the
person's active chat memberships, as in `parta.chats.access`), so no later step can leak a
message from a chat they cannot read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    chat_id: str | None = None
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
    chat_kind: str
    chat_title: str


def _match(db: AsyncSession, query: Query) -> ColumnElement[bool]:
    if db.get_bind().dialect.name == "postgresql":
        # The same expression as the GIN index, so that the planner can use it.
        document = sa.func.to_tsvector(sa.literal_column("'russian'"), Message.body)
        return document.op("@@", return_type=sa.Boolean)(pg_tsquery(query))
    hits = (
        sa.select(_ids.c.message_id)
        .join_from(_fts, _ids, _ids.c.doc == _fts.c.rowid)
        .where(sa.literal_column(index.FTS_TABLE).op("MATCH")(fts5_expression(query)))
    )
    return Message.id.in_(hits)


async def find(
    db: AsyncSession, org_id: str, account_id: str, query: Query, filters: Filters, limit: int
) -> list[Row]:
    """Up to `limit` matching messages, newest first, readable by `account_id`."""
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
            Chat.kind.label("chat_kind"),
            Chat.title.label("chat_title"),
        )
        .join(Chat, Chat.id == Message.chat_id)
        .join(
            ChatMember,
            sa.and_(
                ChatMember.chat_id == Message.chat_id,
                ChatMember.account_id == account_id,
                ChatMember.status == "active",
            ),
        )
        .where(
            Chat.org_id == org_id,
            Message.org_id == org_id,
            Message.deleted_at.is_(None),
            _match(db, query),
        )
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(limit)
    )
    if filters.chat_id is not None:
        stmt = stmt.where(Message.chat_id == filters.chat_id)
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


async def direct_peers(
    db: AsyncSession, chat_ids: Iterable[str], account_id: str
) -> dict[str, str]:
    """The other person of each direct chat (whatever their membership status now)."""
    ids: Sequence[str] = list(set(chat_ids))
    if not ids:
        return {}
    stmt = sa.select(ChatMember.chat_id, ChatMember.account_id).where(
        ChatMember.chat_id.in_(ids), ChatMember.account_id != account_id
    )
    return dict((await db.execute(stmt)).all())
