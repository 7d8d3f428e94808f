"""The people of a community: the member list (seen only inside it), removing and restoring
a person, and the owner's choice of moderators."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import Actor
from parta.communities import access, notices, policy
from parta.communities.access import Member
from parta.communities.schemas import CommunityMemberOut, CommunityOrgRef, CommunityRemovedOut
from parta.communities.service import require_moderator
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Forbidden, not_found
from parta.kit.ids import is_id
from parta.members.briefs import class_labels
from parta.models import CommunityPerson

_ORDER = {"owner": 0, "moderator": 1, "member": 2}


async def list_members(
    db: AsyncSession, actor: Actor, community_id: str
) -> list[CommunityMemberOut]:
    """Members now: name, organisation, role in their organisation and in the community.
    No contact details, for anyone."""
    await access.community_context(db, actor, community_id)
    people = list((await access.members(db, community_id)).values())
    names = await access.org_names(db, {m.org_id for m in people})
    labels = await class_labels(db, [m.class_id for m in people if m.seat == "student"])
    out = [
        CommunityMemberOut(
            account_id=m.account_id,
            name=m.name,
            org=CommunityOrgRef(id=m.org_id, name=names.get(m.org_id, "")),
            org_role=m.org_role,
            class_label=labels.get(m.class_id) if m.class_id and m.seat == "student" else None,
            seat=m.seat,
            role=m.role,
        )
        for m in people
    ]
    out.sort(key=lambda m: (_ORDER[m.role], m.org.name, m.name.casefold()))
    return out


async def _person(db: AsyncSession, community_id: str, account_id: str) -> CommunityPerson | None:
    stmt = (
        sa.select(CommunityPerson)
        .where(
            CommunityPerson.community_id == community_id, CommunityPerson.account_id == account_id
        )
        .with_for_update()
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def _member(db: AsyncSession, community_id: str, account_id: str) -> Member:
    if not is_id(account_id):
        raise not_found("member")
    found = (await access.members(db, community_id, account_id=account_id)).get(account_id)
    if found is None:
        raise not_found("member")
    return found


async def remove_member(db: AsyncSession, actor: Actor, community_id: str, account_id: str) -> None:
    """Remove a person (moderators; only the owner removes a moderator, nobody the owner).
    They stay out even while their organisation sends them, until a moderator restores
    them."""
    cc = await access.community_context(db, actor, community_id, lock=True)
    require_moderator(cc)
    target = await _member(db, community_id, account_id)
    if target.role == "owner":
        raise Conflict("The community's owner cannot be removed.", code="community_owner")
    if target.role == "moderator" and cc.role != "owner":
        raise Forbidden("Only the owner can remove a moderator.", code="not_owner")
    before = await access.audience(db, community_id)
    person = await _person(db, community_id, account_id)
    if person is None:
        person = CommunityPerson(community_id=community_id, account_id=account_id)
        db.add(person)
    person.role, person.removed_at, person.removed_by = "member", utcnow(), cc.account_id
    person.name = target.name
    await db.flush()
    await record(
        db,
        "community.member_removed",
        org_id=target.org_id,
        actor_id=cc.account_id,
        target_type="account",
        target_id=account_id,
        data={"community_id": community_id, "title": cc.community.title},
    )
    await notices.tell_change(db, community_id, before)


async def removed_people(
    db: AsyncSession, actor: Actor, community_id: str
) -> list[CommunityRemovedOut]:
    """People the moderators removed (moderators)."""
    cc = await access.community_context(db, actor, community_id)
    require_moderator(cc)
    stmt = (
        sa.select(CommunityPerson)
        .where(
            CommunityPerson.community_id == community_id, CommunityPerson.removed_at.is_not(None)
        )
        .order_by(CommunityPerson.removed_at.desc())
    )
    return [
        CommunityRemovedOut(account_id=p.account_id, name=p.name, removed_at=p.removed_at)
        for p in (await db.execute(stmt)).scalars()
        if p.removed_at is not None
    ]


async def restore(db: AsyncSession, actor: Actor, community_id: str, account_id: str) -> None:
    """Let a removed person back (moderators); they are a member again while their
    organisation sends them."""
    cc = await access.community_context(db, actor, community_id, lock=True)
    require_moderator(cc)
    person = await _person(db, community_id, account_id) if is_id(account_id) else None
    if person is None or person.removed_at is None:
        raise not_found("removed person")
    before = await access.audience(db, community_id)
    await db.delete(person)
    await db.flush()
    await notices.tell_change(db, community_id, before)


async def set_moderator(
    db: AsyncSession, actor: Actor, community_id: str, account_id: str, on: bool
) -> CommunityMemberOut:
    """Make a member a moderator or a plain member again (the owner). Only adults (staff
    seats) moderate."""
    cc = await access.community_context(db, actor, community_id, lock=True)
    if cc.role != "owner":
        raise Forbidden("Only the owner chooses moderators.", code="not_owner")
    target = await _member(db, community_id, account_id)
    if target.role == "owner":
        raise Conflict("The owner is always a moderator.", code="community_owner")
    if on and not policy.may_be_moderator(target.seat):
        raise Conflict("Students cannot be moderators.", code="student_moderator")
    person = await _person(db, community_id, account_id)
    if on:
        if person is None:
            person = CommunityPerson(community_id=community_id, account_id=account_id)
            db.add(person)
        person.role = "moderator"
    elif person is not None:
        await db.delete(person)
    await db.flush()
    await notices.tell_members(db, community_id, "community.updated", {})
    names = await access.org_names(db, [target.org_id])
    return CommunityMemberOut(
        account_id=target.account_id,
        name=target.name,
        org=CommunityOrgRef(id=target.org_id, name=names.get(target.org_id, "")),
        org_role=target.org_role,
        class_label=None,
        seat=target.seat,
        role="moderator" if on else "member",
    )
