"""Homework collections as messages show them (loader used by parta.messages.views)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.assignments.audience import counts_for, may_manage
from parta.assignments.schemas import AssignmentOut
from parta.models import Assignment, ChatMember, Message, Submission


def assignment_out(
    a: Assignment,
    *,
    submitted: int | None = None,
    expected: int | None = None,
    mine: Submission | None = None,
) -> AssignmentOut:
    return AssignmentOut(
        id=a.id,
        title=a.title,
        deadline=a.deadline,
        closed=a.closed_at is not None,
        submitted=submitted,
        expected=expected,
        my_submitted_at=mine.submitted_at if mine else None,
    )


async def assignments_for(
    db: AsyncSession, messages: Sequence[Message], viewer_id: str | None
) -> dict[str, AssignmentOut]:
    """The assignment of each assignment message, as `viewer_id` sees it: the author and the
    chat's moderators get the counts, a student the time they handed in; None (events) gets
    neither."""
    ids = [m.id for m in messages if m.kind == "assignment"]
    if not ids:
        return {}
    stmt = sa.select(Assignment).where(Assignment.message_id.in_(ids))
    rows = list((await db.execute(stmt)).scalars())
    if not rows:
        return {}
    if viewer_id is None:
        return {a.message_id: assignment_out(a) for a in rows}
    roles_stmt = sa.select(ChatMember.chat_id, ChatMember.role).where(
        ChatMember.chat_id.in_({a.chat_id for a in rows}),
        ChatMember.account_id == viewer_id,
        ChatMember.status == "active",
    )
    roles: dict[str, str] = {c: r for c, r in (await db.execute(roles_stmt)).all()}
    managed = [a for a in rows if may_manage(a, viewer_id, roles.get(a.chat_id))]
    counts = await counts_for(db, managed) if managed else {}
    mine_stmt = sa.select(Submission).where(
        Submission.assignment_id.in_([a.id for a in rows]), Submission.account_id == viewer_id
    )
    mine = {s.assignment_id: s for s in (await db.execute(mine_stmt)).scalars()}
    out = {}
    for a in rows:
        c = counts.get(a.id)
        out[a.message_id] = assignment_out(
            a,
            submitted=c.submitted if c else None,
            expected=c.expected if c else None,
            mine=mine.get(a.id),
        )
    return out
