"""Emitting events from services: numbered in the chat's log inside the transaction,
published on the bus only after the transaction commits (dropped on rollback)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.db import on_commit
from parta.models import Chat, ChatEvent
from parta.realtime.envelope import Envelope, encode_event

_PENDING = "realtime_pending"


async def next_seq(db: AsyncSession, chat_id: str) -> int:
    """Take the chat's next sequence number.

    The UPDATE locks the chat row until commit (PostgreSQL) or runs under SQLite's single
    writer, so a later number can never commit before an earlier one of the same chat.
    """
    stmt = sa.update(Chat).where(Chat.id == chat_id).values(seq=Chat.seq + 1).returning(Chat.seq)
    seq = (await db.execute(stmt)).scalar_one()
    return int(seq)


async def emit(
    db: AsyncSession,
    chat_id: str,
    kind: str,
    data: dict[str, Any],
    *,
    account_id: str | None = None,
    members_changed: bool = False,
    extra_accounts: tuple[str, ...] = (),
    seq: int | None = None,
) -> int:
    """Append an event to the chat's log and publish it to the chat's members after commit.

    `account_id` makes the event private to one member (their read position, draft).
    `extra_accounts` also reach people who are not (or no longer) members, e.g. the person
    just removed. Pass `seq` when the caller already took it (a new message stores it).
    """
    if seq is None:
        seq = await next_seq(db, chat_id)
    db.add(ChatEvent(chat_id=chat_id, seq=seq, kind=kind, account_id=account_id, payload=data))
    text = encode_event(kind, data, chat_id=chat_id, seq=seq)
    if account_id is not None:
        env = Envelope(text=text, accounts=(account_id,))
    else:
        env = Envelope(
            text=text, chat_id=chat_id, accounts=extra_accounts, members_changed=members_changed
        )
    _queue(db, env)
    return seq


def emit_ephemeral(db: AsyncSession, env: Envelope) -> None:
    """Publish an envelope after commit without storing it (chat list hints and the like)."""
    _queue(db, env)


def _queue(db: AsyncSession, env: Envelope) -> None:
    pending: list[Envelope] | None = db.info.get(_PENDING)
    if pending is None:
        pending = []
        db.info[_PENDING] = pending

        async def _publish() -> None:
            from parta.realtime.runtime import get_runtime

            runtime = get_runtime()
            for item in db.info.pop(_PENDING, []):
                await runtime.bus.publish(item)

        on_commit(db, _publish)
    pending.append(env)
