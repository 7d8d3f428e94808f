"""Acknowledgement use cases: a recipient confirms, the author sees who has, and reminds
those who have not (at most once an hour)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from parta.acks.schemas import AckFamily, AckOut, AckPerson, AcksOut, RemindOut
from parta.acks.tally import Audience, Tally, tally_one
from parta.acks.views import acks_for, may_see_counts
from parta.auth.deps import OrgContext
from parta.chats.access import visible_chat
from parta.chats.people import briefs
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, TooManyRequests, not_found
from parta.kit.ids import is_id, new_id
from parta.messages.render import plain_preview
from parta.models import Chat, ChatMember, Message, MessageAck
from parta.realtime.log import notify

REMIND_EVERY = timedelta(hours=1)


async def _ack_message(db: AsyncSession, chat: Chat, message_id: str) -> Message:
    message = await db.get(Message, message_id) if is_id(message_id) else None
    if message is None or message.chat_id != chat.id:
        raise not_found("message")
    if message.deleted_at is not None:
        raise Conflict("The message was deleted.", code="message_deleted")
    if not message.ack_required:
        raise Conflict("This message does not ask to be confirmed.", code="ack_not_required")
    return message


def _counts_event(message: Message, t: Tally) -> dict[str, object]:
    return {
        "message_id": message.id,
        "chat_id": message.chat_id,
        "confirmed": t.confirmed,
        "total": t.total,
    }


async def confirm(db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str) -> AckOut:
    """Confirm that I have read an important message (idempotent). The author gets the new
    counts (`ack.updated`), and my other devices learn that I confirmed."""
    chat, me = await visible_chat(db, ctx, chat_id)
    message = await _ack_message(db, chat, message_id)
    if message.author_id == ctx.account_id:
        raise Conflict("You cannot confirm your own message.", code="own_message")
    # My confirmations one at a time, so a double tap stores one row and tells once.
    await db.execute(sa.select(ChatMember.id).where(ChatMember.id == me.id).with_for_update())
    stmt = sa.select(MessageAck.id).where(
        MessageAck.message_id == message.id, MessageAck.account_id == ctx.account_id
    )
    if (await db.execute(stmt)).first() is None:
        db.add(
            MessageAck(
                id=new_id(),
                message_id=message.id,
                chat_id=chat.id,
                account_id=ctx.account_id,
                acked_at=utcnow(),
            )
        )
        await db.flush()
        t, _ = await tally_one(db, chat, message)
        if message.author_id:
            notify(
                db, (message.author_id,), "ack.updated", _counts_event(message, t), chat_id=chat.id
            )
        notify(
            db,
            (ctx.account_id,),
            "ack.updated",
            {"message_id": message.id, "chat_id": chat.id, "confirmed_by_me": True},
            chat_id=chat.id,
        )
    return (await acks_for(db, [message], ctx.account_id))[message.id]


async def _counted_message(
    db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str
) -> tuple[Chat, Message]:
    chat, me = await visible_chat(db, ctx, chat_id)
    message = await _ack_message(db, chat, message_id)
    if not may_see_counts(message, ctx.account_id, me.role):
        raise Forbidden(
            "Only the author and the chat's moderators see who has confirmed.",
            code="not_message_author",
        )
    return chat, message


async def report(db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str) -> AcksOut:
    """Who has confirmed and who has not (the author and the chat's moderators)."""
    chat, message = await _counted_message(db, ctx, chat_id, message_id)
    t, aud = await tally_one(db, chat, message)
    return _report(t, aud)


def _report(t: Tally, aud: Audience) -> AcksOut:
    def name(account_id: str) -> str:
        brief = aud.people.get(account_id)
        return brief.name if brief else "Deleted user"

    people = [
        AckPerson(account_id=a, name=name(a), confirmed_at=t.acks.get(a)) for a in t.recipients
    ]
    people.sort(key=lambda p: (p.confirmed_at is not None, p.name.casefold()))
    families = [
        AckFamily(
            child_name=", ".join(f.family.children),
            parents=sorted(name(p) for p in f.parents),
            confirmed_by=name(f.confirmed_by) if f.confirmed_by else None,
            confirmed_at=f.confirmed_at,
        )
        for f in t.families
    ]
    families.sort(key=lambda f: (f.confirmed_at is not None, f.child_name.casefold()))
    return AcksOut(
        by_family=t.by_family,
        confirmed=t.confirmed,
        total=t.total,
        people=people,
        families=families,
    )


async def remind(db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str) -> RemindOut:
    """Remind everyone who has not confirmed (by family: the parents of families that have
    not); the author, at most once an hour (429 `remind_too_soon` with Retry-After)."""
    chat, _me = await visible_chat(db, ctx, chat_id)
    message = await _ack_message(db, chat, message_id)
    if message.author_id != ctx.account_id:
        raise Forbidden("Only the author can send reminders.", code="not_message_author")
    now = utcnow()
    last = message.ack_reminded_at
    if last is not None and now - last < REMIND_EVERY:
        raise _too_soon(int((last + REMIND_EVERY - now).total_seconds()) + 1)
    t, _ = await tally_one(db, chat, message)
    pending = t.pending()
    if not pending:
        return RemindOut(reminded=0)
    # Taken with a conditional UPDATE, so two clicks at once send one reminder.
    taken = await db.execute(
        sa.update(Message)
        .where(
            Message.id == message.id,
            sa.or_(
                Message.ack_reminded_at.is_(None), Message.ack_reminded_at <= now - REMIND_EVERY
            ),
        )
        .values(ack_reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], taken).rowcount == 0:
        raise _too_soon(int(REMIND_EVERY.total_seconds()))
    author = (await briefs(db, ctx.org_id, [ctx.account_id]))[ctx.account_id].name
    notify(
        db,
        tuple(pending),
        "ack.reminder",
        {
            "message_id": message.id,
            "chat_id": chat.id,
            "author_name": author,
            "text": plain_preview(message.body, {}),
        },
        chat_id=chat.id,
    )
    return RemindOut(reminded=len(pending))


def _too_soon(seconds: int) -> TooManyRequests:
    minutes = max(1, (seconds + 59) // 60)
    return TooManyRequests(
        f"A reminder was sent less than an hour ago. You can remind again in {minutes} min.",
        code="remind_too_soon",
        headers={"Retry-After": str(max(1, seconds))},
    )
