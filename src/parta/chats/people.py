"""What chats need to know about people inside one organisation: policy inputs and briefs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.roles import STAFF_ROLES, OrgRole
from parta.chats.policy import Person
from parta.kit.ids import is_id
from parta.models import Account, Membership, ParentLink


@dataclass(frozen=True)
class Brief:
    """A person as other members see them: name, roles, badge. Never contact details."""

    account_id: str
    name: str
    roles: tuple[str, ...]
    verified: bool
    avatar_file_id: str | None = None


def _verified(m: Membership) -> bool:
    return m.role in STAFF_ROLES and (m.role == OrgRole.ADMIN or m.verified_at is not None)


async def active_memberships(
    db: AsyncSession, org_id: str, account_ids: Iterable[str]
) -> dict[str, list[Membership]]:
    ids = [a for a in set(account_ids) if is_id(a)]  # client-sent ids: only real shapes
    out: dict[str, list[Membership]] = defaultdict(list)
    if not ids:
        return out
    stmt = sa.select(Membership).where(
        Membership.org_id == org_id,
        Membership.account_id.in_(ids),
        Membership.status == "active",
    )
    for m in (await db.execute(stmt)).scalars():
        assert m.account_id is not None
        out[m.account_id].append(m)
    return out


async def briefs(db: AsyncSession, org_id: str, account_ids: Iterable[str]) -> dict[str, Brief]:
    """Briefs for people of the organisation (former members keep their name, no roles)."""
    ids = list(set(account_ids))
    if not ids:
        return {}
    stmt = sa.select(Account.id, Account.display_name, Account.avatar_file_id).where(
        Account.id.in_([a for a in ids if is_id(a)])
    )
    rows = (await db.execute(stmt)).all()
    names = {a: n for a, n, _ in rows}
    avatars = {a: f for a, _, f in rows}
    memberships = await active_memberships(db, org_id, ids)
    out = {}
    for account_id in ids:
        ms = memberships.get(account_id, [])
        out[account_id] = Brief(
            account_id=account_id,
            name=names.get(account_id, "Deleted user"),
            roles=tuple(sorted({m.role for m in ms})),
            verified=any(_verified(m) for m in ms),
            avatar_file_id=avatars.get(account_id),
        )
    return out


async def policy_people(
    db: AsyncSession, org_id: str, account_ids: Iterable[str]
) -> dict[str, Person]:
    """Policy inputs for each account that is an active member of the organisation."""
    memberships = await active_memberships(db, org_id, account_ids)
    parent_mids = {m.id: aid for aid, ms in memberships.items() for m in ms if m.role == "parent"}
    children: dict[str, set[str]] = defaultdict(set)
    children_classes: dict[str, set[str]] = defaultdict(set)
    if parent_mids:
        child = sa.orm.aliased(Membership)
        stmt = (
            sa.select(ParentLink.parent_membership_id, child.account_id, child.class_id)
            .join(child, child.id == ParentLink.student_membership_id)
            .where(
                ParentLink.parent_membership_id.in_(list(parent_mids)),
                ParentLink.status == "confirmed",
                child.status == "active",
            )
        )
        for parent_mid, child_account, child_class in (await db.execute(stmt)).all():
            parent_account = parent_mids[parent_mid]
            if child_account:
                children[parent_account].add(child_account)
            if child_class:
                children_classes[parent_account].add(child_class)
    out = {}
    for account_id, ms in memberships.items():
        out[account_id] = Person(
            account_id=account_id,
            roles=frozenset(OrgRole(m.role) for m in ms),
            verified_staff=any(_verified(m) for m in ms),
            class_ids=frozenset(m.class_id for m in ms if m.role == "student" and m.class_id),
            children=frozenset(children[account_id]),
            children_class_ids=frozenset(children_classes[account_id]),
        )
    return out
