"""Homework collection use cases for teachers: post a task, see the hand-ins, close it.

A task is a message of kind "assignment" (its body is the description) with an Assignment
row added before the message is published, so `message.new` already carries it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.assignments.audience import chat_students, expected_of, may_manage
from parta.assignments.files import files_of
from parta.assignments.schemas import (
    AssignmentIn,
    AssignmentOut,
    StudentSubmission,
    SubmissionsOut,
)
from parta.assignments.views import assignment_out, assignments_for
from parta.auth.deps import OrgContext
from parta.chats.access import visible_chat
from parta.chats.people import briefs
from parta.kit.clock import utcnow
from parta.kit.errors import Forbidden, NotFound, Unprocessable, not_found
from parta.kit.ids import is_id, new_id
from parta.messages.schemas import MessageOut
from parta.messages.service import send_message
from parta.models import Assignment, Chat, ChatMember, Message, Submission
from parta.realtime.log import emit


def _clean_title(title: str) -> str:
    text = " ".join(title.replace("\x00", "").split())
    if not text:
        raise Unprocessable(
            "Give the task a title.", code="empty_title", fields={"title": "required"}
        )
    return text


def _deadline(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    # A time without a zone is taken as UTC; clients send ISO times with an offset.
    deadline = value if value.tzinfo else value.replace(tzinfo=UTC)
    if deadline <= utcnow():
        raise Unprocessable(
            "The deadline has already passed.",
            code="deadline_passed",
            fields={"deadline": "must be in the future"},
        )
    return deadline.astimezone(UTC)


async def _posted_already(db: AsyncSession, chat_id: str, author_id: str, client_id: str) -> bool:
    stmt = sa.select(Message.id).where(
        Message.chat_id == chat_id, Message.author_id == author_id, Message.client_id == client_id
    )
    return (await db.execute(stmt)).first() is not None


async def create_assignment(
    db: AsyncSession, ctx: OrgContext, chat_id: str, data: AssignmentIn
) -> tuple[MessageOut, bool]:
    """Post a homework task in the chat (verified teachers and staff who may post there).
    Returns (message, created); a retried client id returns the stored message."""
    chat, _me = await visible_chat(db, ctx, chat_id)
    if not ctx.is_verified_staff():
        raise Forbidden(
            "Only teachers and administrators can collect homework.",
            code="assignment_not_allowed",
        )
    if await _posted_already(db, chat.id, ctx.account_id, data.client_id):
        # A retry returns the stored task, whatever the deadline has become since.
        return await send_message(db, ctx, chat.id, client_id=data.client_id, body="")
    title = _clean_title(data.title)
    deadline = _deadline(data.deadline)

    async def add_assignment(message: Message) -> None:
        db.add(
            Assignment(
                id=new_id(),
                org_id=chat.org_id,
                chat_id=chat.id,
                message_id=message.id,
                title=title,
                deadline=deadline,
                created_by=ctx.account_id,
                created_at=message.created_at,
            )
        )
        await db.flush()

    return await send_message(
        db,
        ctx,
        chat.id,
        client_id=data.client_id,
        body=data.body,
        attachment_ids=data.attachment_ids,
        kind="assignment",
        on_created=add_assignment,
    )


async def visible_assignment(
    db: AsyncSession, ctx: OrgContext, assignment_id: str
) -> tuple[Assignment, Chat, ChatMember, Message]:
    """The assignment, its chat, my membership there and its message; 404 unless I am an
    active member of its chat in this organisation."""
    if not is_id(assignment_id):
        raise not_found("assignment")
    stmt = sa.select(Assignment).where(
        Assignment.id == assignment_id, Assignment.org_id == ctx.org_id
    )
    assignment = (await db.execute(stmt)).scalar_one_or_none()
    if assignment is None:
        raise not_found("assignment")
    try:
        chat, me = await visible_chat(db, ctx, assignment.chat_id)
    except NotFound:
        raise not_found("assignment") from None
    message = await db.get(Message, assignment.message_id)
    assert message is not None
    return assignment, chat, me, message


async def managed_assignment(
    db: AsyncSession, ctx: OrgContext, assignment_id: str
) -> tuple[Assignment, Chat, Message]:
    """The assignment for its author or a moderator of its chat (403 for other members)."""
    assignment, chat, me, message = await visible_assignment(db, ctx, assignment_id)
    if not may_manage(assignment, ctx.account_id, me.role):
        raise Forbidden(
            "Only the teacher who set the task sees the hand-ins.", code="not_assignment_author"
        )
    return assignment, chat, message


async def submissions(db: AsyncSession, ctx: OrgContext, assignment_id: str) -> SubmissionsOut:
    """Who has and has not handed in, with their files (the author and moderators)."""
    assignment, chat, _ = await managed_assignment(db, ctx, assignment_id)
    rows = list(
        (
            await db.execute(sa.select(Submission).where(Submission.assignment_id == assignment.id))
        ).scalars()
    )
    by_account = {s.account_id: s for s in rows}
    students = (await chat_students(db, [chat.id]))[chat.id]
    expected = expected_of(assignment, students, set(by_account))
    people = await briefs(db, ctx.org_id, expected)
    files = await files_of(db, [s.id for s in rows])
    out = []
    for account_id in expected:
        s = by_account.get(account_id)
        out.append(
            StudentSubmission(
                account_id=account_id,
                name=people[account_id].name,
                submitted_at=s.submitted_at if s else None,
                late=s.late if s else False,
                comment=s.comment if s else "",
                files=files.get(s.id, []) if s else [],
            )
        )
    # Who has not handed in first, then by name: the teacher's to-do list.
    out.sort(key=lambda r: (r.submitted_at is not None, r.name.casefold(), r.account_id))
    view = assignment_out(assignment, submitted=len(rows), expected=len(expected))
    return SubmissionsOut(
        assignment=view, students=out, submitted=len(rows), expected=len(expected)
    )


async def close_assignment(db: AsyncSession, ctx: OrgContext, assignment_id: str) -> AssignmentOut:
    """Stop taking hand-ins (the author). Everyone in the chat gets `assignment.closed`."""
    assignment, chat, message = await managed_assignment(db, ctx, assignment_id)
    if assignment.created_by != ctx.account_id:
        raise Forbidden(
            "Only the teacher who set the task can close it.", code="not_assignment_author"
        )
    if assignment.closed_at is None:
        assignment.closed_at = utcnow()
        await db.flush()
        await emit(
            db,
            chat.id,
            "assignment.closed",
            {
                "assignment_id": assignment.id,
                "message_id": message.id,
                "closed_at": assignment.closed_at.isoformat(),
            },
        )
    return (await assignments_for(db, [message], ctx.account_id))[message.id]
