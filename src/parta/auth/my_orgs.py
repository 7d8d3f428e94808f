"""The organisations I belong to, and which one the apps open by default."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.auth.deps import Actor
from parta.auth.roles import OrgRole
from parta.auth.schemas import MyOrg, MyOrgRole
from parta.kit.errors import not_found
from parta.kit.ids import is_id
from parta.models import Membership, Org, SchoolClass


async def _rows(
    db: AsyncSession, account_id: str, org_id: str | None = None
) -> list[tuple[Membership, Org, SchoolClass | None]]:
    stmt = (
        sa.select(Membership, Org, SchoolClass)
        .join(Org, Org.id == Membership.org_id)
        .outerjoin(
            SchoolClass,
            sa.and_(SchoolClass.id == Membership.class_id, SchoolClass.org_id == Membership.org_id),
        )
        .where(
            Membership.account_id == account_id,
            Membership.status == "active",
            Org.status == "active",
        )
        .order_by(Org.name, Org.id, Membership.id)
    )
    if org_id is not None:
        stmt = stmt.where(Membership.org_id == org_id)
    return [(m, o, c) for m, o, c in (await db.execute(stmt)).all()]


def _group(
    rows: list[tuple[Membership, Org, SchoolClass | None]], current: str | None
) -> list[MyOrg]:
    orgs: dict[str, MyOrg] = {}
    for m, o, c in rows:
        entry = orgs.get(o.id)
        if entry is None:
            entry = MyOrg(org_id=o.id, name=o.name, kind=o.kind, roles=[], current=o.id == current)
            orgs[o.id] = entry
        entry.roles.append(
            MyOrgRole(
                membership_id=m.id,
                role=m.role,
                verified=m.role == OrgRole.ADMIN or m.verified_at is not None,
                class_id=c.id if c else None,
                class_label=c.label if c else None,
            )
        )
    result = list(orgs.values())
    if result and not any(o.current for o in result):
        # The remembered organisation is gone (left, removed): the first one opens instead.
        result[0].current = True
    return result


async def my_orgs(db: AsyncSession, actor: Actor) -> list[MyOrg]:
    return _group(await _rows(db, actor.id), actor.account.last_org_id)


async def set_current_org(db: AsyncSession, actor: Actor, org_id: str) -> MyOrg:
    """Remember the organisation the apps open by default; 404 unless I am a member."""
    if not is_id(org_id):
        raise not_found("organisation")
    rows = await _rows(db, actor.id, org_id)
    if not rows:
        raise not_found("organisation")
    actor.account.last_org_id = org_id
    await db.flush()
    return _group(rows, org_id)[0]
