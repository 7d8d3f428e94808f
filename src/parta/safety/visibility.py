"""Safe mode for profiles: a student is listed (member lists, a class's and a group's
members, a member's card) only to the organisation's verified staff, to themselves, their
parents, their classmates (unless the organisation switched classmates off) and people who
already share a conversation with them (channels do not count: a school-wide broadcast is
not a conversation). Everyone else gets 404, as for any member they may not see. Contact
details are never part of a profile anyway (MemberBrief has none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole
from parta.models import Chat, ChatMember, Membership
from parta.safety.reach import my_children
from parta.safety.settings import safe_mode


@dataclass(frozen=True)
class StudentView:
    """Which students one viewer may see."""

    me: str
    org_id: str
    classes: frozenset[str]
    children: frozenset[str]


async def student_view(db: AsyncSession, ctx: OrgContext) -> StudentView | None:
    """None when the viewer sees every student (safe mode off, or verified staff)."""
    rules = safe_mode(ctx.org)
    if not rules.enabled or ctx.is_verified_staff():
        return None
    classes = frozenset(
        m.class_id
        for m in ctx.memberships
        if m.role == OrgRole.STUDENT and m.class_id and rules.classmates
    )
    return StudentView(
        me=ctx.account_id,
        org_id=ctx.org_id,
        classes=classes,
        children=frozenset(await my_children(db, ctx)),
    )


def _shared_with(view: StudentView) -> sa.Select[str]:
    mine = aliased(ChatMember)
    theirs = aliased(ChatMember)
    return (
        sa.select(theirs.account_id)
        .join(mine, mine.chat_id == theirs.chat_id)
        .join(Chat, Chat.id == theirs.chat_id)
        .where(
            mine.account_id == view.me,
            mine.status == "active",
            theirs.status == "active",
            Chat.org_id == view.org_id,
            Chat.kind != "channel",
        )
    )


def condition(view: StudentView) -> sa.ColumnElement[bool]:
    """A WHERE condition on `Membership` that keeps what the viewer may see."""
    allowed: list[sa.ColumnElement[bool]] = [
        Membership.role != OrgRole.STUDENT,
        Membership.account_id == view.me,
        Membership.account_id.in_(_shared_with(view)),
    ]
    if view.classes:
        allowed.append(Membership.class_id.in_(list(view.classes)))
    if view.children:
        allowed.append(Membership.account_id.in_(list(view.children)))
    return sa.or_(*allowed)


async def visible(
    db: AsyncSession, ctx: OrgContext, rows: Sequence[Membership]
) -> list[Membership]:
    """The memberships of `rows` the viewer may see (in order)."""
    view = await student_view(db, ctx)
    if view is None or not any(m.role == OrgRole.STUDENT for m in rows):
        return list(rows)
    ids = [m.id for m in rows]
    stmt = sa.select(Membership.id).where(Membership.id.in_(ids), condition(view))
    keep = set((await db.execute(stmt)).scalars())
    return [m for m in rows if m.id in keep]
