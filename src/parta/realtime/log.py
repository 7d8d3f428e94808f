"""Emitting events from services: numbered in the chat's log inside the transaction,
published on the bus only after the transaction commits (dropped on rollback)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.db import on_commit
from parta.integrations.tap import tap as webhook_tap
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
    members_changed: bool = False,
    extra_accounts: tuple[str, ...] = (),
    seq: int | None = None,
) -> int:
    """Append an event to the chat's log and publish it to the chat's members after commit.

    `extra_accounts` also reach people who are not (or no longer) members, e.g. the person
    just removed. Pass `seq` when the caller already took it (a new message stores it).
    """
    if seq is None:
        seq = await next_seq(db, chat_id)
    db.add(ChatEvent(chat_id=chat_id, seq=seq, kind=kind, payload=data))
    await webhook_tap(db, chat_id, kind, data, seq)  # queued only where a webhook watches
    text = encode_event(kind, data, chat_id=chat_id, seq=seq)
    env = Envelope(
        text=text, chat_id=chat_id, accounts=extra_accounts, members_changed=members_changed
    )
    _queue(db, env)
    return seq


def notify(
    db: AsyncSession,
    account_ids: tuple[str, ...],
    kind: str,
    data: dict[str, Any],
    *,
    chat_id: str | None = None,
) -> None:
    """Tell only these people (all their devices), after commit, without a sequence number.

    For private state (mute, pin, draft, join requests to moderators): it must not take a
    number in the chat's shared sequence, or every other member would see a gap. Whoever
    missed it gets the state itself from the chat list in /sync.
    """
    _queue(db, Envelope(text=encode_event(kind, data, chat_id=chat_id), accounts=account_ids))


def broadcast(db: AsyncSession, chat_id: str, kind: str, data: dict[str, Any]) -> None:
    """Tell the chat's members after commit without storing or numbering the event (read
    positions: frequent, and recoverable on demand, so not worth a place in the log)."""
    _queue(db, Envelope(text=encode_event(kind, data, chat_id=chat_id), chat_id=chat_id))


def _queue(db: AsyncSession, env: Envelope) -> None:
    pending: list[Envelope] | None = db.info.get(_PENDING)
    if pending is None:
        pending = []
        db.info[_PENDING] = pending

        async def _publish() -> None:
            from parta.realtime.runtime import current_runtime

            items = db.info.pop(_PENDING, [])
            runtime = current_runtime()
            if runtime is None:  # a command-line process (demo, imports): nobody to tell
                return
            for item in items:
                await runtime.bus.publish(item)

        on_commit(db, _publish)
    pending.append(env)
