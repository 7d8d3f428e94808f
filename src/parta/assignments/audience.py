"""Who an assignment concerns: the students expected to hand in, and who manages it.

Expected students are the chat's active members who are active students of the
organisation (parents and staff do not hand in), less the author; anyone who handed in and
has left the chat since still counts, so their work is never hidden from the teacher.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import OrgRole
from parta.chats.policy import is_moderator
from parta.models import Assignment, ChatMember, Membership, Submission


@dataclass(frozen=True)
class Counts:
    submitted: int
    expected: int


def may_manage(assignment: Assignment, account_id: str, chat_role: str | None) -> bool:
    """The author and the chat's moderators see the hand-ins (never other students)."""
    return assignment.created_by == account_id or is_moderator(chat_role)


async def chat_students(db: AsyncSession, chat_ids: Collection[str]) -> dict[str, set[str]]:
    """Account ids of the active student members of each chat."""
    out: dict[str, set[str]] = defaultdict(set)
    if not chat_ids:
        return out
    stmt = (
        sa.select(ChatMember.chat_id, ChatMember.account_id)
        .join(
            Membership,
            sa.and_(
                Membership.account_id == ChatMember.account_id,
                Membership.org_id == ChatMember.org_id,
            ),
        )
        .where(
            ChatMember.chat_id.in_(list(chat_ids)),
            ChatMember.status == "active",
            Membership.role == OrgRole.STUDENT.value,
            Membership.status == "active",
        )
    )
    for chat_id, account_id in (await db.execute(stmt)).all():
        out[chat_id].add(account_id)
    return out


async def submitters(db: AsyncSession, assignment_ids: Collection[str]) -> dict[str, set[str]]:
    """Account ids of who has handed in, per assignment."""
    out: dict[str, set[str]] = defaultdict(set)
    if not assignment_ids:
        return out
    stmt = sa.select(Submission.assignment_id, Submission.account_id).where(
        Submission.assignment_id.in_(list(assignment_ids))
    )
    for assignment_id, account_id in (await db.execute(stmt)).all():
        out[assignment_id].add(account_id)
    return out


def expected_of(assignment: Assignment, students: set[str], handed_in: set[str]) -> set[str]:
    return (students - {assignment.created_by}) | handed_in


async def counts_for(db: AsyncSession, assignments: Sequence[Assignment]) -> dict[str, Counts]:
    """Handed in / expected for each assignment (two queries for any number of them)."""
    students = await chat_students(db, {a.chat_id for a in assignments})
    handed = await submitters(db, [a.id for a in assignments])
    return {
        a.id: Counts(
            submitted=len(handed[a.id]),
            expected=len(expected_of(a, students[a.chat_id], handed[a.id])),
        )
        for a in assignments
    }
