"""Homework collection use cases for students: hand in (and hand in again), see my
hand-in, withdraw it. Only the student and the teacher ever see a hand-in."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.assignments.audience import counts_for
from parta.assignments.files import drop_files, files_of, take_files
from parta.assignments.schemas import SubmissionIn, SubmissionOut
from parta.assignments.service import visible_assignment
from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, Unprocessable, not_found
from parta.kit.ids import new_id
from parta.models import Assignment, ChatMember, Message, Submission
from parta.realtime.log import notify


async def _mine(db: AsyncSession, assignment_id: str, account_id: str) -> Submission | None:
    stmt = sa.select(Submission).where(
        Submission.assignment_id == assignment_id, Submission.account_id == account_id
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def _out(db: AsyncSession, s: Submission) -> SubmissionOut:
    files = await files_of(db, [s.id])
    return SubmissionOut(
        submitted_at=s.submitted_at,
        updated_at=s.updated_at,
        late=s.late,
        comment=s.comment,
        files=files.get(s.id, []),
    )


async def my_submission(db: AsyncSession, ctx: OrgContext, assignment_id: str) -> SubmissionOut:
    """What I handed in; 404 when nothing yet."""
    assignment, *_ = await visible_assignment(db, ctx, assignment_id)
    found = await _mine(db, assignment.id, ctx.account_id)
    if found is None:
        raise not_found("submission")
    return await _out(db, found)


def _check_open(ctx: OrgContext, assignment: Assignment, message: Message) -> None:
    if not ctx.has_role(OrgRole.STUDENT) or assignment.created_by == ctx.account_id:
        raise Forbidden("Only students hand in homework.", code="not_a_student")
    if message.deleted_at is not None:
        raise Conflict("The task was deleted.", code="message_deleted")
    if assignment.closed_at is not None:
        raise Conflict("The teacher has closed this task.", code="assignment_closed")


async def _lock_me(db: AsyncSession, me: ChatMember) -> None:
    # One student's hand-ins one at a time (PostgreSQL; SQLite has a single writer), so a
    # double click cannot make two submissions; other students are not held up.
    await db.execute(sa.select(ChatMember.id).where(ChatMember.id == me.id).with_for_update())


async def hand_in(
    db: AsyncSession, ctx: OrgContext, assignment_id: str, data: SubmissionIn
) -> SubmissionOut:
    """Hand in, or replace what I handed in: the files become exactly `attachment_ids`.
    After the deadline it is still taken, marked late; after closing, 409."""
    assignment, _chat, me, message = await visible_assignment(db, ctx, assignment_id)
    _check_open(ctx, assignment, message)
    comment = data.comment.replace("\x00", "").strip()
    if not comment and not data.attachment_ids:
        raise Unprocessable(
            "Attach a file or write a comment.",
            code="empty_submission",
            fields={"attachment_ids": "required"},
        )
    await _lock_me(db, me)
    now = utcnow()
    late = assignment.deadline is not None and now > assignment.deadline
    submission = await _mine(db, assignment.id, ctx.account_id)
    if submission is None:
        submission = Submission(
            id=new_id(),
            assignment_id=assignment.id,
            org_id=assignment.org_id,
            account_id=ctx.account_id,
            comment=comment,
            submitted_at=now,
            late=late,
        )
        db.add(submission)
        await db.flush()
    else:
        submission.comment, submission.updated_at, submission.late = comment, now, late
    await take_files(db, ctx.account_id, assignment, submission, data.attachment_ids)
    await _tell(db, assignment, message, ctx.account_id, submission)
    return await _out(db, submission)


async def withdraw(db: AsyncSession, ctx: OrgContext, assignment_id: str) -> None:
    """Take my hand-in back (with its files) while the task is open."""
    assignment, _chat, me, message = await visible_assignment(db, ctx, assignment_id)
    _check_open(ctx, assignment, message)
    await _lock_me(db, me)
    submission = await _mine(db, assignment.id, ctx.account_id)
    if submission is None:
        raise not_found("submission")
    await drop_files(db, submission.id)
    await db.delete(submission)
    await db.flush()
    await _tell(db, assignment, message, ctx.account_id, None)


async def _tell(
    db: AsyncSession,
    assignment: Assignment,
    message: Message,
    student_id: str,
    submission: Submission | None,
) -> None:
    """The author's counts and the student's own state, to their devices only."""
    counts = (await counts_for(db, [assignment]))[assignment.id]
    notify(
        db,
        (assignment.created_by,),
        "assignment.updated",
        {
            "assignment_id": assignment.id,
            "message_id": message.id,
            "chat_id": assignment.chat_id,
            "submitted": counts.submitted,
            "expected": counts.expected,
        },
        chat_id=assignment.chat_id,
    )
    notify(
        db,
        (student_id,),
        "assignment.mine",
        {
            "assignment_id": assignment.id,
            "message_id": message.id,
            "submitted_at": submission.submitted_at.isoformat() if submission else None,
        },
        chat_id=assignment.chat_id,
    )
