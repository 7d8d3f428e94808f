"""Acknowledgement use cases: a recipient confirms (or answers a permission slip), the
author sees who has, and reminds those who have not (at most once an hour)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from parta.acks.rules import slip_closed
from parta.acks.schemas import (
    AckFamily,
    AckOut,
    AckPerson,
    AcksOut,
    Answer,
    AnswerIn,
    RemindOut,
)
from parta.acks.tally import Audience, Tally, family_of, tally_one
from parta.acks.views import acks_for, may_see_counts
from parta.auth.deps import OrgContext
from parta.chats.access import visible_chat
from parta.chats.people import briefs
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, TooManyRequests, Unprocessable, not_found
from parta.kit.ids import is_id, new_id
from parta.messages.render import plain_preview
from parta.models import Chat, ChatMember, Message, MessageAck
from parta.push.queue import queue_push
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
    out: dict[str, object] = {
        "message_id": message.id,
        "chat_id": message.chat_id,
        "confirmed": t.confirmed,
        "total": t.total,
    }
    if message.ack_question is not None:
        out |= {"yes": t.yes, "no": t.no}
    return out


def _check_answer(message: Message, answer: AnswerIn | None) -> None:
    slip = message.ack_question is not None
    if slip and answer is None:
        raise Unprocessable(
            "This message asks a yes/no question: send an answer.",
            code="answer_required",
            fields={"answer": "required"},
        )
    if not slip and answer is not None:
        raise Unprocessable(
            "This message asks to be confirmed, not answered.",
            code="not_a_slip",
            fields={"answer": "not expected"},
        )
    if slip and slip_closed(message, utcnow()):
        raise Conflict("The deadline for answers has passed.", code="slip_closed")


async def confirm(
    db: AsyncSession,
    ctx: OrgContext,
    chat_id: str,
    message_id: str,
    answer: AnswerIn | None = None,
) -> AckOut:
    """Confirm that I have read an important message (idempotent), or answer a permission
    slip yes/no (changeable until its deadline; in a parents' chat the answer is my
    family's). The author gets the new counts (`ack.updated`), my other devices learn that
    I confirmed, and the other parents of my family learn the family's new answer."""
    chat, me = await visible_chat(db, ctx, chat_id)
    message = await _ack_message(db, chat, message_id)
    if message.author_id == ctx.account_id:
        raise Conflict("You cannot confirm your own message.", code="own_message")
    _check_answer(message, answer)
    # My confirmations one at a time, so a double tap stores one row and tells once.
    await db.execute(sa.select(ChatMember.id).where(ChatMember.id == me.id).with_for_update())
    stmt = sa.select(MessageAck).where(
        MessageAck.message_id == message.id, MessageAck.account_id == ctx.account_id
    )
    row = (await db.execute(stmt)).scalar_one_or_none()
    said = (answer.answer, answer.comment.strip()) if answer else (None, "")
    if row is not None and (row.answer, row.comment) == said:
        return (await acks_for(db, [message], ctx.account_id))[message.id]
    if row is None:
        row = MessageAck(
            id=new_id(), message_id=message.id, chat_id=chat.id, account_id=ctx.account_id
        )
        db.add(row)
    # A changed answer is the newest: a family's answer is its parents' latest.
    row.answer, row.comment, row.acked_at = said[0], said[1], utcnow()
    await db.flush()
    t, _ = await tally_one(db, chat, message)
    if message.author_id:
        notify(db, (message.author_id,), "ack.updated", _counts_event(message, t), chat_id=chat.id)
    mine: dict[str, object] = {"message_id": message.id, "chat_id": chat.id}
    if answer is not None:
        name = (await briefs(db, ctx.org_id, [ctx.account_id]))[ctx.account_id].name
        mine |= {"my_answer": said[0], "my_comment": said[1], "answered_by": name}
        family = family_of(t, ctx.account_id) if t.by_family else None
        others = sorted(set(family.parents) - {ctx.account_id}) if family else []
        if others:
            notify(db, tuple(others), "ack.updated", mine, chat_id=chat.id)
    notify(db, (ctx.account_id,), "ack.updated", mine | {"confirmed_by_me": True}, chat_id=chat.id)
    return (await acks_for(db, [message], ctx.account_id))[message.id]


async def counted_message(
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
    chat, message = await counted_message(db, ctx, chat_id, message_id)
    t, aud = await tally_one(db, chat, message)
    return report_of(message, t, aud)


def report_of(message: Message, t: Tally, aud: Audience) -> AcksOut:
    """The report of one tallied message (also what the CSV export writes out)."""

    def name(account_id: str) -> str:
        brief = aud.people.get(account_id)
        return brief.name if brief else "Deleted user"

    def person(a: str) -> AckPerson:
        row = t.rows.get(a)
        return AckPerson(
            account_id=a,
            name=name(a),
            confirmed_at=row.at if row else None,
            answer=cast(Answer | None, row.answer) if row else None,
            comment=row.comment if row else "",
        )

    people = [person(a) for a in t.recipients]
    people.sort(key=lambda p: (p.confirmed_at is not None, p.name.casefold()))
    families = [
        AckFamily(
            child_name=", ".join(f.family.children),
            parents=sorted(name(p) for p in f.parents),
            confirmed_by=name(f.confirmed_by) if f.confirmed_by else None,
            confirmed_at=f.confirmed_at,
            answer=cast(Answer | None, f.answer),
            comment=f.comment,
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
        question=message.ack_question,
        deadline=message.ack_deadline,
        yes=t.yes,
        no=t.no,
        no_answer=t.total - t.confirmed,
    )


async def remind(db: AsyncSession, ctx: OrgContext, chat_id: str, message_id: str) -> RemindOut:
    """Remind everyone who has not confirmed (by family: the parents of families that have
    not); the author, at most once an hour (429 `remind_too_soon` with Retry-After)."""
    chat, _me = await visible_chat(db, ctx, chat_id)
    message = await _ack_message(db, chat, message_id)
    if message.author_id != ctx.account_id:
        raise Forbidden("Only the author can send reminders.", code="not_message_author")
    now = utcnow()
    if slip_closed(message, now):
        raise Conflict("The deadline for answers has passed.", code="slip_closed")
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
    await queue_push(
        db, "ack_reminder", pending, org_id=chat.org_id, chat_id=chat.id, ref_id=message.id,
        actor_id=ctx.account_id,
    )  # fmt: skip
    return RemindOut(reminded=len(pending))


def _too_soon(seconds: int) -> TooManyRequests:
    minutes = max(1, (seconds + 59) // 60)
    return TooManyRequests(
        f"A reminder was sent less than an hour ago. You can remind again in {minutes} min.",
        code="remind_too_soon",
        headers={"Retry-After": str(max(1, seconds))},
    )
