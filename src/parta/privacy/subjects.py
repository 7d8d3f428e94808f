"""Whose data a caller may manage: their own, and their minor children's.

A parent manages a child's data only through a confirmed parent link in an organisation
where the child is under that organisation's consent age; an adult child, a pending link or
someone else's child is answered 404, like anything else the caller may not see.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from parta.auth.deps import Actor
from parta.kit.errors import not_found
from parta.kit.ids import is_id
from parta.models import Account, Membership, Org, ParentLink, SchoolClass
from parta.privacy.policy import Standing, under_consent_age
from parta.privacy.settings import privacy_settings


async def minor_orgs(db: AsyncSession, account_id: str) -> set[str]:
    """Organisations where the account is a student under the consent age."""
    stmt = (
        sa.select(Membership.org_id, SchoolClass.grade, Org)
        .join(Org, Org.id == Membership.org_id)
        .outerjoin(SchoolClass, SchoolClass.id == Membership.class_id)
        .where(
            Membership.account_id == account_id,
            Membership.role == "student",
            Membership.status == "active",
            Org.status == "active",
        )
    )
    out = set()
    for org_id, grade, org in (await db.execute(stmt)).all():
        if under_consent_age(grade, privacy_settings(org).consent_age):
            out.add(org_id)
    return out


@dataclass(frozen=True)
class Child:
    account_id: str
    org_id: str


async def minor_children(db: AsyncSession, parent_id: str) -> list[Child]:
    """The caller's children whose data they manage: confirmed links, child under age."""
    parent = aliased(Membership)
    child = aliased(Membership)
    stmt = (
        sa.select(child.account_id, child.org_id, SchoolClass.grade, Org)
        .select_from(ParentLink)
        .join(parent, parent.id == ParentLink.parent_membership_id)
        .join(child, child.id == ParentLink.student_membership_id)
        .join(Org, Org.id == child.org_id)
        .outerjoin(SchoolClass, SchoolClass.id == child.class_id)
        .where(
            parent.account_id == parent_id,
            parent.status == "active",
            ParentLink.status == "confirmed",
            child.status == "active",
            child.account_id.is_not(None),
            Org.status == "active",
        )
    )
    found: dict[str, Child] = {}
    for account_id, org_id, grade, org in (await db.execute(stmt)).all():
        if (
            account_id
            and account_id != parent_id
            and under_consent_age(grade, privacy_settings(org).consent_age)
        ):
            found.setdefault(account_id, Child(account_id=account_id, org_id=org_id))
    return list(found.values())


async def standing(db: AsyncSession, actor_id: str, subject_id: str) -> Standing:
    minor = bool(await minor_orgs(db, subject_id))
    if subject_id == actor_id:
        return Standing(is_self=True, parent_of_minor=False, subject_minor=minor)
    children = {c.account_id for c in await minor_children(db, actor_id)}
    return Standing(is_self=False, parent_of_minor=subject_id in children, subject_minor=minor)


async def visible_subject(
    db: AsyncSession, actor: Actor, subject_id: str
) -> tuple[Account, Standing]:
    """The subject and the caller's standing; 404 unless it is the caller or their minor
    child (never revealing whether such an account exists)."""
    if not is_id(subject_id):
        raise not_found("person")
    s = await standing(db, actor.id, subject_id)
    if not (s.is_self or s.parent_of_minor):
        raise not_found("person")
    account = actor.account if s.is_self else await db.get(Account, subject_id)
    if account is None or account.deleted_at is not None:
        raise not_found("person")
    return account, s
