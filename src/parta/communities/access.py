"""Who is a member of a community, derived on every request from the participations.

A person is a member when an organisation they belong to (an active membership of an active
organisation) takes part (`active`), its administrator's choice gives that membership a seat
(`policy.seat_of`), and the community's moderators have not removed them. Nothing else gives
access: not having been invited, not having posted, not a past membership. Every community
route resolves the caller through `community_context`, which answers 404 to everyone else, so
a non-member cannot tell a community from a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.auth.roles import OrgRole
from parta.communities import policy
from parta.communities.policy import Role, Seat, Selection
from parta.kit.errors import not_found
from parta.kit.ids import is_id
from parta.models import Community, CommunityOrg, CommunityPerson, Membership, Org


@dataclass(frozen=True)
class Member:
    """One person's seat: the membership (and organisation) that gives it."""

    account_id: str
    membership_id: str
    org_id: str
    org_role: str
    class_id: str | None
    name: str
    seat: Seat
    role: Role = "member"


@dataclass
class CommunityContext:
    """The actor inside one community they are a member of."""

    actor: Actor
    community: Community
    me: Member

    @property
    def account_id(self) -> str:
        return self.actor.account.id

    @property
    def role(self) -> Role:
        return self.me.role

    @property
    def is_moderator(self) -> bool:
        return policy.may_moderate(self.me.role)


def selection(p: CommunityOrg) -> Selection:
    return Selection(
        all_teachers=p.all_teachers,
        staff_ids=frozenset(p.staff_ids or ()),
        class_ids=frozenset(p.class_ids or ()),
    )


def _candidates(p: CommunityOrg) -> sa.ColumnElement[bool] | None:
    """Memberships of the organisation that its choice may seat (checked in full by
    `policy.seat_of`); None when it chose nobody."""
    parts: list[sa.ColumnElement[bool]] = []
    if p.staff_ids:
        parts.append(Membership.id.in_(list(p.staff_ids)))
    if p.all_teachers:
        parts.append(Membership.role == OrgRole.TEACHER)
    if p.class_ids:
        parts.append(
            sa.and_(Membership.role == OrgRole.STUDENT, Membership.class_id.in_(list(p.class_ids)))
        )
    if not parts:
        return None
    return sa.and_(Membership.org_id == p.org_id, sa.or_(*parts))


async def active_participations(db: AsyncSession, community_id: str) -> list[CommunityOrg]:
    """Organisations taking part now (active, of an active organisation), oldest first."""
    stmt = (
        sa.select(CommunityOrg)
        .join(Org, Org.id == CommunityOrg.org_id)
        .where(
            CommunityOrg.community_id == community_id,
            CommunityOrg.status == policy.ACTIVE,
            Org.status == "active",
        )
        .order_by(CommunityOrg.joined_at, CommunityOrg.id)
    )
    return list((await db.execute(stmt)).scalars())


def _better(a: Member | None, b: Member) -> bool:
    """Whether b should replace a as the person's seat: staff before student."""
    return a is None or (a.seat == "student" and b.seat == "staff")


async def _special(db: AsyncSession, community_id: str) -> dict[str, CommunityPerson]:
    stmt = sa.select(CommunityPerson).where(CommunityPerson.community_id == community_id)
    return {p.account_id: p for p in (await db.execute(stmt)).scalars()}


async def members(
    db: AsyncSession,
    community_id: str,
    *,
    account_id: str | None = None,
    participations: Sequence[CommunityOrg] | None = None,
) -> dict[str, Member]:
    """The community's members by account (or only `account_id`, when given)."""
    parts = (
        list(participations)
        if participations is not None
        else await active_participations(db, community_id)
    )
    order = {p.org_id: i for i, p in enumerate(parts)}
    chosen = {p.org_id: selection(p) for p in parts}
    conditions = [c for c in (_candidates(p) for p in parts) if c is not None]
    if not conditions:
        return {}
    stmt = sa.select(Membership).where(
        Membership.status == "active",
        Membership.account_id.is_not(None),
        sa.or_(*conditions),
    )
    if account_id is not None:
        stmt = stmt.where(Membership.account_id == account_id)
    rows = sorted((await db.execute(stmt)).scalars(), key=lambda m: (order[m.org_id], m.id))
    special = await _special(db, community_id)
    out: dict[str, Member] = {}
    for m in rows:
        assert m.account_id is not None
        seat = policy.seat_of(m.role, m.verified_at is not None, m.id, m.class_id, chosen[m.org_id])
        if seat is None:
            continue
        person = special.get(m.account_id)
        if person is not None and person.removed_at is not None:
            continue
        role: Role = "member"
        if person is not None and person.role in ("owner", "moderator") and seat == "staff":
            role = "owner" if person.role == "owner" else "moderator"
        candidate = Member(
            account_id=m.account_id,
            membership_id=m.id,
            org_id=m.org_id,
            org_role=m.role,
            class_id=m.class_id,
            name=m.full_name,
            seat=seat,
            role=role,
        )
        if _better(out.get(m.account_id), candidate):
            out[m.account_id] = candidate
    return out


async def audience(db: AsyncSession, community_id: str) -> frozenset[str]:
    """Accounts to tell about a change in the community (its members now)."""
    return frozenset(await members(db, community_id))


async def community_context(
    db: AsyncSession, actor: Actor, community_id: str, *, lock: bool = False
) -> CommunityContext:
    """The actor inside the community; 404 unless they are a member now."""
    if not is_id(community_id):
        raise not_found("community")
    stmt = sa.select(Community).where(Community.id == community_id)
    if lock:
        stmt = stmt.with_for_update()
    community = (await db.execute(stmt)).scalar_one_or_none()
    if community is None:
        raise not_found("community")
    me = (await members(db, community_id, account_id=actor.account.id)).get(actor.account.id)
    if me is None:
        raise not_found("community")
    return CommunityContext(actor=actor, community=community, me=me)


async def my_seats(db: AsyncSession, account_id: str) -> dict[str, Member]:
    """Every community the person is a member of now, with their seat in it.

    One pass over the person's memberships and their organisations' active participations,
    instead of one membership query per community.
    """
    stmt = (
        sa.select(Membership)
        .join(Org, Org.id == Membership.org_id)
        .where(
            Membership.account_id == account_id,
            Membership.status == "active",
            Membership.role != OrgRole.PARENT,
            Org.status == "active",
        )
        .order_by(Membership.id)
    )
    mine = list((await db.execute(stmt)).scalars())
    if not mine:
        return {}
    stmt2 = (
        sa.select(CommunityOrg)
        .where(
            CommunityOrg.org_id.in_({m.org_id for m in mine}),
            CommunityOrg.status == policy.ACTIVE,
        )
        .order_by(CommunityOrg.joined_at, CommunityOrg.id)
    )
    parts = list((await db.execute(stmt2)).scalars())
    if not parts:
        return {}
    stmt3 = sa.select(CommunityPerson).where(
        CommunityPerson.account_id == account_id,
        CommunityPerson.community_id.in_({p.community_id for p in parts}),
    )
    special = {p.community_id: p for p in (await db.execute(stmt3)).scalars()}
    out: dict[str, Member] = {}
    for p in parts:
        person = special.get(p.community_id)
        if person is not None and person.removed_at is not None:
            continue
        chosen = selection(p)
        for m in mine:
            if m.org_id != p.org_id:
                continue
            seat = policy.seat_of(m.role, m.verified_at is not None, m.id, m.class_id, chosen)
            if seat is None:
                continue
            role: Role = "member"
            if person is not None and person.role in ("owner", "moderator") and seat == "staff":
                role = "owner" if person.role == "owner" else "moderator"
            candidate = Member(
                account_id, m.id, m.org_id, m.role, m.class_id, m.full_name, seat, role
            )
            if _better(out.get(p.community_id), candidate):
                out[p.community_id] = candidate
    return out


async def org_names(db: AsyncSession, org_ids: Iterable[str | None]) -> dict[str, str]:
    ids = {i for i in org_ids if i}
    if not ids:
        return {}
    rows = await db.execute(sa.select(Org.id, Org.name).where(Org.id.in_(ids)))
    return {oid: name for oid, name in rows.all()}
