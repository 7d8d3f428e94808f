"""Chats that follow the roster: the staff room, the organisation's channel, and for each
class of the current year its class chat and its parents' chat.

`reconcile_*` compares who should be in each chat with who is, and adds or removes the
difference (with realtime events). Call it after any change to memberships, classes,
verification or parent links; it is idempotent.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import STAFF_ROLES
from parta.chats.members import add_member, announce_joined, deactivate_member
from parta.chats.people import active_memberships
from parta.chats.policy import DEFAULT_CHAT_SETTINGS
from parta.integrations.bot_members import bot_account_ids
from parta.models import AcademicYear, Chat, ChatMember, Membership, Org, ParentLink, SchoolClass
from parta.realtime.log import emit

Desired = dict[str, str]  # account id -> chat role


async def _chat(
    db: AsyncSession, org: Org, key: str, kind: str, title: str, class_id: str | None = None
) -> Chat:
    chat = (await db.execute(sa.select(Chat).where(Chat.unique_key == key))).scalar_one_or_none()
    if chat is not None:
        return chat
    settings = dict(DEFAULT_CHAT_SETTINGS)
    if kind == "channel":
        settings["who_may_post"] = "moderators"
    chat = Chat(
        org_id=org.id, kind=kind, title=title, unique_key=key, class_id=class_id, settings=settings
    )
    db.add(chat)
    await db.flush()
    await emit(
        db, chat.id, "chat.created", {"chat_id": chat.id, "kind": kind, "title": title, "by": None}
    )
    return chat


async def _apply(db: AsyncSession, chat: Chat, desired: Desired) -> None:
    rows = (await db.execute(sa.select(ChatMember).where(ChatMember.chat_id == chat.id))).scalars()
    current = {r.account_id: r for r in rows if r.status == "active"}
    added = []
    for account_id, role in desired.items():
        row = current.get(account_id)
        if row is None:
            row = await add_member(db, chat, account_id, role)
            added.append(account_id)
        elif row.role != role:
            row.role = role
            await emit(db, chat.id, "member.role", {"account_id": account_id, "role": role})
        if row is not None and row.invite_id is not None:
            row.invite_id = None  # the roster accounts for them from now on
    await announce_joined(db, chat, added, by=None)
    stale = {a: r for a, r in current.items() if a not in desired}
    # People who joined by a link stay while they belong to the organisation.
    by_link = [a for a, r in stale.items() if r.invite_id is not None]
    staying = set(await active_memberships(db, chat.org_id, by_link)) if by_link else set()
    # Bots an administrator added are not on the roster: they stay until taken out.
    staying |= await bot_account_ids(db, chat.org_id, stale)
    for account_id, row in stale.items():
        if account_id not in staying:
            await deactivate_member(db, chat, row, "removed", by=None)


async def _active(db: AsyncSession, org_id: str) -> list[Membership]:
    stmt = sa.select(Membership).where(
        Membership.org_id == org_id,
        Membership.status == "active",
        Membership.account_id.is_not(None),
    )
    return list((await db.execute(stmt)).scalars())


def _is_verified_staff(m: Membership) -> bool:
    return m.role in STAFF_ROLES and (m.role == "admin" or m.verified_at is not None)


async def reconcile_org(db: AsyncSession, org_id: str) -> None:
    """Bring every roster chat of the organisation in line with its members and classes."""
    org = await db.get(Org, org_id)
    if org is None:
        return
    members = await _active(db, org_id)
    staff: Desired = {}
    channel: Desired = {}
    for m in members:
        assert m.account_id is not None
        lead = m.role in ("admin", "head")
        channel[m.account_id] = (
            "moderator" if lead or channel.get(m.account_id) == "moderator" else "member"
        )
        if _is_verified_staff(m):
            staff[m.account_id] = (
                "moderator" if lead or staff.get(m.account_id) == "moderator" else "member"
            )
    await _apply(db, await _chat(db, org, f"staff:{org.id}", "staff", "Учительская"), staff)
    await _apply(db, await _chat(db, org, f"channel:{org.id}", "channel", org.name), channel)
    year = (
        await db.execute(
            sa.select(AcademicYear).where(
                AcademicYear.org_id == org_id, AcademicYear.is_current.is_(True)
            )
        )
    ).scalar_one_or_none()
    classes = []
    if year is not None:
        stmt = sa.select(SchoolClass).where(
            SchoolClass.academic_year_id == year.id, SchoolClass.archived_at.is_(None)
        )
        classes = list((await db.execute(stmt)).scalars())
    for school_class in classes:
        await reconcile_class(db, org, school_class, members)
    await _retire_stale_class_chats(db, org_id, {c.id for c in classes})
    from parta.channels.audience import reconcile_channels  # it builds on this module

    await reconcile_channels(db, org, members)


async def reconcile_class(
    db: AsyncSession, org: Org, school_class: SchoolClass, members: list[Membership] | None = None
) -> None:
    members = members if members is not None else await _active(db, org.id)
    by_id = {m.id: m for m in members}
    teacher = by_id.get(school_class.class_teacher_id or "")
    teacher_account = teacher.account_id if teacher and _is_verified_staff(teacher) else None
    students = {m.id: m for m in members if m.role == "student" and m.class_id == school_class.id}
    kids: Desired = {m.account_id: "member" for m in students.values() if m.account_id}
    parents: Desired = {}
    if students:
        stmt = sa.select(ParentLink.parent_membership_id).where(
            ParentLink.student_membership_id.in_(list(students)), ParentLink.status == "confirmed"
        )
        for parent_mid in (await db.execute(stmt)).scalars():
            parent = by_id.get(parent_mid)
            if parent is not None and parent.account_id:
                parents[parent.account_id] = "member"
    if teacher_account:
        kids[teacher_account] = "owner"
        parents[teacher_account] = "owner"
    label = school_class.label
    chat = await _chat(db, org, f"class:{school_class.id}", "class", label, school_class.id)
    await _apply(db, chat, kids)
    chat = await _chat(
        db,
        org,
        f"class_parents:{school_class.id}",
        "class_parents",
        f"{label} — родители",
        school_class.id,
    )
    await _apply(db, chat, parents)


async def _retire_stale_class_chats(
    db: AsyncSession, org_id: str, live_class_ids: set[str]
) -> None:
    """Class chats of archived classes become read-only archives (members keep history)."""
    from parta.kit.clock import utcnow

    stmt = sa.select(Chat).where(
        Chat.org_id == org_id, Chat.kind.in_(("class", "class_parents")), Chat.archived_at.is_(None)
    )
    for chat in (await db.execute(stmt)).scalars():
        if chat.class_id not in live_class_ids:
            chat.archived_at = utcnow()
            await emit(db, chat.id, "chat.updated", {"archived": True, "by": None})
