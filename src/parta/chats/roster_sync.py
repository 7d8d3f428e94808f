"""Keeping roster chats in step with the roster, whatever changed it.

An ORM listener notes every flushed change to memberships, parent links, classes and
academic years, and registers one hook that reconciles the affected roster chats just
before the transaction commits. Services that change the roster therefore never have to
remember to update chats, and the chat changes commit (or roll back) with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from parta.channels.audience import person_channel_roles, reconcile_channels
from parta.chats.policy import SYSTEM_KINDS
from parta.chats.system import (
    Desired,
    _active,
    _apply,
    _chat,
    _is_verified_staff,
    reconcile_class,
    reconcile_org,
)
from parta.db import before_commit
from parta.models import (
    AcademicYear,
    Chat,
    ChatMember,
    Membership,
    Org,
    ParentLink,
    SchoolClass,
)

_KEY = "roster_changes"
WHOLE_ORG_THRESHOLD = 40  # beyond this many people, one org-wide pass is cheaper


@dataclass
class _Changes:
    whole: bool = False
    memberships: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _ctx: Any) -> None:
    changes: dict[str, _Changes] | None = session.info.get(_KEY)
    found = False
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Membership):
            entry = _entry(session, obj.org_id)
            entry.memberships.add(obj.id)
        elif isinstance(obj, ParentLink):
            entry = _entry(session, obj.org_id)
            entry.memberships.update((obj.parent_membership_id, obj.student_membership_id))
        elif isinstance(obj, SchoolClass):
            _entry(session, obj.org_id).classes.add(obj.id)
        elif isinstance(obj, AcademicYear):
            _entry(session, obj.org_id).whole = True
        else:
            continue
        found = True
    if found and changes is None:
        before_commit(session, _sync)


def _entry(session: Session, org_id: str) -> _Changes:
    changes: dict[str, _Changes] = session.info.setdefault(_KEY, {})
    return changes.setdefault(org_id, _Changes())


async def _sync(db: AsyncSession) -> None:
    changes: dict[str, _Changes] = db.info.pop(_KEY, {})
    for org_id, entry in changes.items():
        org = await db.get(Org, org_id)
        if org is None:
            continue
        if entry.whole or len(entry.memberships) > WHOLE_ORG_THRESHOLD:
            await reconcile_org(db, org_id)
            continue
        members = await _active(db, org_id)
        for class_id in entry.classes:
            school_class = await db.get(SchoolClass, class_id)
            if school_class is not None and school_class.archived_at is None:
                await reconcile_class(db, org, school_class, members)
        if entry.classes:  # class teachers and classes of administrators' channels
            await reconcile_channels(db, org, members)
        # A student's parents follow the student (their class parents' chat changes too).
        linked = (
            await db.execute(
                sa.select(ParentLink.parent_membership_id).where(
                    ParentLink.student_membership_id.in_(list(entry.memberships))
                )
            )
        ).scalars()
        entry.memberships.update(linked)
        accounts = {
            a
            for (a,) in (
                await db.execute(
                    sa.select(Membership.account_id).where(
                        Membership.id.in_(list(entry.memberships)),
                        Membership.account_id.is_not(None),
                    )
                )
            ).all()
            if a is not None
        }
        for account_id in accounts:
            await reconcile_person(db, org, account_id, members)


async def _current_classes(db: AsyncSession, org_id: str) -> dict[str, SchoolClass]:
    stmt = (
        sa.select(SchoolClass)
        .join(AcademicYear, AcademicYear.id == SchoolClass.academic_year_id)
        .where(
            SchoolClass.org_id == org_id,
            AcademicYear.is_current.is_(True),
            SchoolClass.archived_at.is_(None),
        )
    )
    return {c.id: c for c in (await db.execute(stmt)).scalars()}


async def reconcile_person(
    db: AsyncSession, org: Org, account_id: str, members: list[Membership] | None = None
) -> None:
    """Put one person into exactly the roster chats their memberships call for."""
    members = members if members is not None else await _active(db, org.id)
    mine = [m for m in members if m.account_id == account_id]
    classes = await _current_classes(db, org.id)
    desired: dict[tuple[str, str, str, str | None], str] = {}  # (key, kind, title, class) -> role

    def want(key: str, kind: str, title: str, role: str, class_id: str | None = None) -> None:
        slot = (key, kind, title, class_id)
        if desired.get(slot) not in ("owner", "moderator"):
            desired[slot] = role

    for m in mine:
        lead = m.role in ("admin", "head")
        want(f"channel:{org.id}", "channel", org.name, "moderator" if lead else "member")
        if _is_verified_staff(m):
            want(f"staff:{org.id}", "staff", "Учительская", "moderator" if lead else "member")
        if m.role == "student" and m.class_id in classes:
            c = classes[m.class_id]
            want(f"class:{c.id}", "class", c.label, "member", c.id)
    verified_ids = {m.id for m in mine if _is_verified_staff(m) and m.role == "teacher"}
    for c in classes.values():
        if c.class_teacher_id in verified_ids:
            want(f"class:{c.id}", "class", c.label, "owner", c.id)
            want(f"class_parents:{c.id}", "class_parents", f"{c.label} — родители", "owner", c.id)
    parent_ids = [m.id for m in mine if m.role == "parent"]
    if parent_ids:
        child = sa.orm.aliased(Membership)
        stmt = (
            sa.select(child.class_id)
            .join(ParentLink, ParentLink.student_membership_id == child.id)
            .where(
                ParentLink.parent_membership_id.in_(parent_ids),
                ParentLink.status == "confirmed",
                child.status == "active",
            )
        )
        for (class_id,) in (await db.execute(stmt)).all():
            if class_id in classes:
                c = classes[class_id]
                want(
                    f"class_parents:{c.id}",
                    "class_parents",
                    f"{c.label} — родители",
                    "member",
                    c.id,
                )
    wanted_chats: dict[str, str] = {}
    for (key, kind, title, class_id), role in desired.items():
        chat = await _chat(db, org, key, kind, title, class_id)
        wanted_chats[chat.id] = role
    wanted_chats.update(await person_channel_roles(db, org, account_id, members))
    current = (
        await db.execute(
            sa.select(Chat)
            .join(ChatMember, ChatMember.chat_id == Chat.id)
            .where(
                Chat.org_id == org.id,
                Chat.kind.in_(list(SYSTEM_KINDS)),
                ChatMember.account_id == account_id,
                ChatMember.status == "active",
            )
        )
    ).scalars()
    for chat in current:
        if chat.id not in wanted_chats:
            await _apply_one(db, chat, account_id, None)
    for chat_id, role in wanted_chats.items():
        target = await db.get(Chat, chat_id)
        assert target is not None
        await _apply_one(db, target, account_id, role)


async def _apply_one(db: AsyncSession, chat: Chat, account_id: str, role: str | None) -> None:
    """Apply one person's desired state in one chat, leaving everyone else as they are."""
    rows = (
        await db.execute(
            sa.select(ChatMember).where(
                ChatMember.chat_id == chat.id, ChatMember.status == "active"
            )
        )
    ).scalars()
    desired: Desired = {r.account_id: r.role for r in rows}
    if role is None:
        desired.pop(account_id, None)
    else:
        desired[account_id] = role
    await _apply(db, chat, desired)
