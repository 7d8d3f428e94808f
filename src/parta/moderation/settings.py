"""The organisation's safeguarding settings, under `safeguarding` in its settings: who its
designated safeguarding staff are (administrators when nobody is), who answers the trust
line, and whether every member may write to it (students only by default).

Designations name memberships; only active, verified staff memberships count, so a
person who leaves or loses the verification stops handling at once without an edit here.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import STAFF_ROLES, OrgRole, Right
from parta.kit.errors import Unprocessable
from parta.kit.ids import is_id
from parta.members.briefs import avatar_files, brief_of, class_labels, is_verified
from parta.members.schemas import MemberBrief
from parta.models import Membership, Org
from parta.moderation.schemas import SafeguardingPatch, SafeguardingSettings

KEY = "safeguarding"


def _raw(org: Org) -> dict[str, object]:
    raw = (org.settings or {}).get(KEY)
    return raw if isinstance(raw, dict) else {}


def _ids(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str) and is_id(v)]


def trust_everyone(org: Org) -> bool:
    return _raw(org).get("trust_everyone") is True


async def _staff_memberships(db: AsyncSession, org_id: str, ids: list[str]) -> list[Membership]:
    """Of `ids`, the active, verified staff memberships of the organisation, in that order."""
    if not ids:
        return []
    stmt = sa.select(Membership).where(
        Membership.org_id == org_id,
        Membership.id.in_(ids),
        Membership.status == "active",
        Membership.role.in_([r.value for r in STAFF_ROLES]),
    )
    found = {m.id: m for m in (await db.execute(stmt)).scalars() if is_verified(m)}
    return [found[i] for i in ids if i in found]


async def _admins(db: AsyncSession, org_id: str) -> list[Membership]:
    stmt = sa.select(Membership).where(
        Membership.org_id == org_id,
        Membership.role == OrgRole.ADMIN,
        Membership.status == "active",
    )
    return list((await db.execute(stmt)).scalars())


async def safeguarding_staff(db: AsyncSession, org: Org) -> tuple[list[Membership], bool]:
    """The designated safeguarding staff, or the administrators (second value True) when
    nobody designated is an active, verified member."""
    designated = await _staff_memberships(db, org.id, _ids(_raw(org).get("staff")))
    if designated:
        return designated, False
    return await _admins(db, org.id), True


async def safeguarding_accounts(db: AsyncSession, org: Org) -> set[str]:
    staff, _ = await safeguarding_staff(db, org)
    return {m.account_id for m in staff if m.account_id}


async def trust_responders(db: AsyncSession, org: Org) -> list[Membership]:
    """Who answers the trust line: designated, active and verified. Nobody by default."""
    return await _staff_memberships(db, org.id, _ids(_raw(org).get("trust_responders")))


async def is_safeguarding(db: AsyncSession, ctx: OrgContext) -> bool:
    return ctx.account_id in await safeguarding_accounts(db, ctx.org)


async def _briefs(db: AsyncSession, rows: Iterable[Membership]) -> list[MemberBrief]:
    rows = list(rows)
    labels = await class_labels(db, [m.class_id for m in rows])
    avatars = await avatar_files(db, [m.account_id for m in rows])
    return [brief_of(m, labels, avatars) for m in rows]


async def view(db: AsyncSession, org: Org) -> SafeguardingSettings:
    staff, by_default = await safeguarding_staff(db, org)
    designated = [] if by_default else staff
    responders = await trust_responders(db, org)
    return SafeguardingSettings(
        staff=await _briefs(db, designated),
        admins_by_default=by_default,
        trust_responders=await _briefs(db, responders),
        trust_everyone=trust_everyone(org),
    )


async def get_settings_for(db: AsyncSession, ctx: OrgContext) -> SafeguardingSettings:
    """Administrators read and change the settings; other staff may read who is designated
    (so a teacher knows whom to turn to)."""
    if not ctx.is_verified_staff():
        ctx.require(Right.MANAGE_ORG, "Only staff can see the safeguarding settings.")
    return await view(db, ctx.org)


async def _checked(db: AsyncSession, org_id: str, ids: list[str], field: str) -> list[str]:
    unique = list(dict.fromkeys(ids))
    if any(not is_id(i) for i in unique):
        raise Unprocessable("Choose staff of the organisation.", fields={field: "unknown"})
    found = await _staff_memberships(db, org_id, unique)
    if len(found) != len(unique):
        raise Unprocessable(
            "Only active, verified staff can be designated.",
            code="not_verified_staff",
            fields={field: "only verified staff"},
        )
    return unique


async def update(
    db: AsyncSession, ctx: OrgContext, patch: SafeguardingPatch, *, ip: str
) -> SafeguardingSettings:
    """Designate safeguarding staff and trust-line responders (administrators)."""
    ctx.require(Right.MANAGE_ORG, "Only administrators can change the safeguarding settings.")
    org = ctx.org
    current = dict(_raw(org))
    new = dict(current)
    if patch.staff_ids is not None:
        new["staff"] = await _checked(db, org.id, patch.staff_ids, "staff_ids")
    if patch.trust_responder_ids is not None:
        new["trust_responders"] = await _checked(
            db, org.id, patch.trust_responder_ids, "trust_responder_ids"
        )
    if patch.trust_everyone is not None:
        new["trust_everyone"] = patch.trust_everyone
    changed = sorted(k for k in new if current.get(k) != new[k])
    if changed:
        org.settings = {**(org.settings or {}), KEY: new}
        await record(
            db,
            "moderation.settings_changed",
            org_id=org.id,
            actor_id=ctx.account_id,
            target_type="org",
            target_id=org.id,
            ip=ip,
            data={k: new[k] for k in changed},
        )
        await db.flush()
    return await view(db, org)
