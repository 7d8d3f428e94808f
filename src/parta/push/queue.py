"""Queueing pushes inside the transaction that causes them (a transactional outbox): a row in
`push_jobs` commits or rolls back with the message, call or reminder, and the worker of any
node sends it after commit. Nothing is queued when nobody concerned has a device with pushes
on, so chats without subscribers cost one indexed EXISTS per message.

Messages wait COALESCE_SECONDS before they are pushed: a burst of messages in one chat
becomes one push per person ("Chat (5)"), and what was read meanwhile is not pushed at all.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.db import on_commit
from parta.kit.clock import utcnow
from parta.models import ChatMember, Message, PushJob, PushSubscription
from parta.push.policy import Kind

COALESCE_SECONDS = 3.0


def _kick(db: AsyncSession) -> None:
    if db.info.get("push_kick"):
        return
    db.info["push_kick"] = True

    async def _go() -> None:
        db.info.pop("push_kick", None)
        from parta.push.worker import get_worker  # the worker imports this module

        worker = get_worker()
        if worker is not None:
            worker.kick()

    on_commit(db, _go)


async def message_sent(db: AsyncSession, message: Message) -> None:
    """A new message: push it to the chat's members (worked out when it is sent) if any of
    them, other than the author, has a device with pushes on."""
    if message.kind in ("system", "hidden"):  # hidden: by the word filter (parta.safety)
        return
    subscribed = sa.exists().where(
        ChatMember.chat_id == message.chat_id,
        ChatMember.status == "active",
        ChatMember.account_id != message.author_id,
        PushSubscription.account_id == ChatMember.account_id,
    )
    if not await db.scalar(sa.select(subscribed)):
        return
    db.add(
        PushJob(
            kind="message",
            org_id=message.org_id,
            chat_id=message.chat_id,
            ref_id=message.id,
            actor_id=message.author_id,
            due_at=utcnow() + timedelta(seconds=COALESCE_SECONDS),
        )
    )
    _kick(db)


async def queue_push(
    db: AsyncSession,
    kind: Kind,
    accounts: Collection[str],
    *,
    org_id: str | None = None,
    chat_id: str | None = None,
    ref_id: str | None = None,
    actor_id: str | None = None,
) -> bool:
    """Push `kind` (call, event_reminder, ack_reminder, test) about `ref_id` to these people
    after commit; False when none of them has a device with pushes on."""
    people = sorted(set(accounts) - {actor_id} if actor_id else set(accounts))
    if not people:
        return False
    stmt = sa.select(PushSubscription.account_id).where(PushSubscription.account_id.in_(people))
    if await db.scalar(stmt.limit(1)) is None:
        return False
    db.add(
        PushJob(
            kind=kind,
            org_id=org_id,
            chat_id=chat_id,
            ref_id=ref_id,
            actor_id=actor_id,
            accounts=people,
            due_at=utcnow(),
        )
    )
    _kick(db)
    return True
