"""Who may reach a student: safe mode applied to real people.

Called where someone starts a direct chat, writes in one, calls directly or adds people
to a chat, and by the "new direct chat" list (so it offers only people one may reach).
The rules are `policy.may_reach`; this module works out each student's rules (the
organisation's, tightened by a parent) and how the actor stands to them, with a few
queries for a whole list of people at once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from parta.auth.deps import OrgContext
from parta.auth.roles import OrgRole
from parta.kit.errors import Forbidden
from parta.kit.ids import is_id
from parta.models import (
    Chat,
    ChatMember,
    ChildSafety,
    Group,
    GroupMember,
    Membership,
    ParentLink,
    SchoolClass,
)
from parta.safety import policy
from parta.safety.settings import safe_mode

OTHER_STAFF = frozenset({OrgRole.ADMIN, OrgRole.HEAD, OrgRole.STAFF})


def _verified(m: Membership) -> bool:
    return m.role == OrgRole.ADMIN or m.verified_at is not None


def actor_is_staff(ctx: OrgContext) -> bool:
    """A verified administrator, head or staff member (not only a teacher)."""
    return any(m.role in OTHER_STAFF and _verified(m) for m in ctx.memberships)


def actor_is_teacher(ctx: OrgContext) -> bool:
    return any(m.role == OrgRole.TEACHER and _verified(m) for m in ctx.memberships)


async def students_among(
    db: AsyncSession, org_id: str, account_ids: Iterable[str]
) -> dict[str, Membership]:
    """The active student memberships of these accounts in the organisation."""
    ids = [a for a in set(account_ids) if is_id(a)]
    if not ids:
        return {}
    stmt = sa.select(Membership).where(
        Membership.org_id == org_id,
        Membership.account_id.in_(ids),
        Membership.role == OrgRole.STUDENT,
        Membership.status == "active",
    )
    return {m.account_id: m for m in (await db.execute(stmt)).scalars() if m.account_id}


async def child_rules(
    db: AsyncSession, org_id: str, student_ids: Collection[str]
) -> dict[str, policy.ChildRules]:
    if not student_ids:
        return {}
    stmt = sa.select(ChildSafety).where(
        ChildSafety.org_id == org_id, ChildSafety.student_id.in_(list(student_ids))
    )
    return {
        row.student_id: policy.ChildRules(
            classmates=row.classmates,
            classmate_calls=row.classmate_calls,
            teachers="own" if row.teachers == "own" else "all",
        )
        for row in (await db.execute(stmt)).scalars()
    }


async def my_children(db: AsyncSession, ctx: OrgContext) -> set[str]:
    """Accounts of the actor's confirmed children in this organisation."""
    mine = [m.id for m in ctx.memberships if m.role == OrgRole.PARENT]
    if not mine:
        return set()
    child = aliased(Membership)
    stmt = (
        sa.select(child.account_id)
        .join(ParentLink, ParentLink.student_membership_id == child.id)
        .where(
            ParentLink.parent_membership_id.in_(mine),
            ParentLink.status == "confirmed",
            child.status == "active",
        )
    )
    return {a for a in (await db.execute(stmt)).scalars() if a}


async def taught_by(db: AsyncSession, ctx: OrgContext, students: dict[str, Membership]) -> set[str]:
    """Of these students, those the actor teaches: their class teacher, the lead of one of
    their study groups, or a member of a class or group chat they are in."""
    if not students:
        return set()
    mine = [m.id for m in ctx.memberships if m.role in (OrgRole.TEACHER, *OTHER_STAFF)]
    by_membership = {m.id: a for a, m in students.items()}
    class_ids = {m.class_id for m in students.values() if m.class_id}
    found: set[str] = set()
    if class_ids and mine:
        led = sa.select(SchoolClass.id).where(
            SchoolClass.id.in_(class_ids), SchoolClass.class_teacher_id.in_(mine)
        )
        led_ids = set((await db.execute(led)).scalars())
        found |= {a for a, m in students.items() if m.class_id in led_ids}
    if mine:
        groups = (
            sa.select(GroupMember.membership_id)
            .join(Group, Group.id == GroupMember.group_id)
            .where(
                GroupMember.membership_id.in_(list(by_membership)),
                Group.lead_id.in_(mine),
                Group.archived_at.is_(None),
            )
        )
        found |= {by_membership[m] for m in (await db.execute(groups)).scalars()}
    theirs = aliased(ChatMember)
    shared = (
        sa.select(theirs.account_id)
        .join(ChatMember, ChatMember.chat_id == theirs.chat_id)
        .join(Chat, Chat.id == theirs.chat_id)
        .where(
            ChatMember.account_id == ctx.account_id,
            ChatMember.status == "active",
            theirs.account_id.in_(list(students)),
            theirs.status == "active",
            Chat.org_id == ctx.org_id,
            Chat.kind.in_(("class", "group")),
            Chat.archived_at.is_(None),
        )
    )
    found |= set((await db.execute(shared)).scalars())
    return found


async def unreachable(
    db: AsyncSession, ctx: OrgContext, account_ids: Collection[str], what: policy.Reach
) -> set[str]:
    """Of these people, the students the actor may not reach this way under safe mode."""
    org_rules = safe_mode(ctx.org)
    if not org_rules.enabled or actor_is_staff(ctx):
        return set()
    students = await students_among(db, ctx.org_id, set(account_ids) - {ctx.account_id})
    if not students:
        return set()
    rules = {
        a: policy.for_child(org_rules, r)
        for a, r in (await child_rules(db, ctx.org_id, students)).items()
    }
    teacher = actor_is_teacher(ctx)
    own: set[str] = set()
    if teacher and any(rules.get(a, org_rules).teachers == "own" for a in students):
        own = await taught_by(db, ctx, students)
    children = await my_children(db, ctx)
    my_classes = {m.class_id for m in ctx.memberships if m.role == OrgRole.STUDENT and m.class_id}
    out: set[str] = set()
    for account_id, m in students.items():
        relation = policy.relation_of(
            actor_id=ctx.account_id,
            student_id=account_id,
            actor_children=children,
            actor_staff=False,
            actor_teacher=teacher,
            own_teachers={ctx.account_id} if account_id in own else set(),
            shared_class=m.class_id is not None and m.class_id in my_classes,
            actor_student=ctx.has_role(OrgRole.STUDENT),
        )
        if not policy.may_reach(rules.get(account_id, org_rules), relation, what):
            out.add(account_id)
    return out


REFUSALS: dict[policy.Reach, tuple[str, str]] = {
    "message": (
        "safe_mode",
        "Safe mode protects this student: only their classmates, teachers, the school's "
        "staff and their parents can write to them.",
    ),
    "call": (
        "safe_mode_call",
        "Safe mode protects this student: you cannot call them. Only their teachers, the "
        "school's staff, their parents and (if allowed) classmates can.",
    ),
    "add": (
        "safe_mode_add",
        "Safe mode protects this student: you cannot add them to a chat.",
    ),
}


async def check_reach(
    db: AsyncSession, ctx: OrgContext, account_ids: Collection[str], what: policy.Reach
) -> None:
    """403 (`safe_mode`, `safe_mode_call`, `safe_mode_add`) naming the first student the
    actor may not reach."""
    refused = await unreachable(db, ctx, account_ids, what)
    if refused:
        code, message = REFUSALS[what]
        raise Forbidden(message, code=code, fields={"account_id": sorted(refused)[0]})


def direct_peer(chat: Chat, account_id: str) -> str | None:
    """The other person of a direct chat, from its key ("direct:<org>:<a>:<b>")."""
    if chat.kind != "direct" or not chat.unique_key:
        return None
    parts = chat.unique_key.split(":")
    if len(parts) != 4:
        return None
    return parts[3] if parts[2] == account_id else parts[2]


async def check_direct(db: AsyncSession, ctx: OrgContext, chat: Chat, what: policy.Reach) -> None:
    """In a direct chat with a student, the same rules as for opening it: a chat opened
    before the rules (or the parent's choice) changed does not keep a way in."""
    peer = direct_peer(chat, ctx.account_id)
    if peer is not None:
        await check_reach(db, ctx, [peer], what)


async def run_by_staff(db: AsyncSession, chat: Chat) -> bool:
    """Whether the chat's owner is verified staff of its organisation now."""
    owner = (
        sa.select(ChatMember.account_id)
        .where(
            ChatMember.chat_id == chat.id,
            ChatMember.role == "owner",
            ChatMember.status == "active",
        )
        .scalar_subquery()
    )
    stmt = sa.select(Membership).where(
        Membership.org_id == chat.org_id,
        Membership.account_id == owner,
        Membership.status == "active",
        Membership.role.in_([r.value for r in (OrgRole.TEACHER, *OTHER_STAFF)]),
    )
    return any(_verified(m) for m in (await db.execute(stmt)).scalars())


async def check_add(
    db: AsyncSession, ctx: OrgContext, chat: Chat | None, account_ids: Collection[str]
) -> None:
    """Adding people to a chat (`chat` None: a group being created by verified staff):
    students only into chats run by verified staff, and only by people who may reach them."""
    if not safe_mode(ctx.org).enabled:
        return
    students = await students_among(db, ctx.org_id, set(account_ids) - {ctx.account_id})
    if not students:
        return
    if chat is not None and not policy.may_add_to_chat(await run_by_staff(db, chat), chat.kind):
        raise Forbidden(
            "Safe mode: students can be added only to chats run by the school's staff.",
            code="safe_mode_chat",
        )
    await check_reach(db, ctx, list(students), "add")
