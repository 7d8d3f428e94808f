"""The organisation administrator's side: invitations to answer, whom the organisation sends
(every verified teacher, chosen staff, the students of chosen classes), asking to join with a
community's code, withdrawing, and the organisation's own invitation code.

Everything here is under /orgs/{org_id} and reads only this organisation's participations
and people: an administrator sees what a community is (title, kind, who invited, which
organisations take part), never its members of other organisations or its conversation.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import STAFF_ROLES, Right
from parta.communities import access, codes, notices, policy
from parta.communities.schemas import (
    CommunityChosenClass,
    CommunityChosenPerson,
    CommunityJoinIn,
    CommunityOrgRef,
    CommunityParticipationOut,
    CommunitySelectionIn,
)
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, NotFound, Unprocessable, not_found
from parta.kit.ids import is_id
from parta.models import Account, Community, CommunityOrg, Membership, SchoolClass


def require_admin(ctx: OrgContext) -> None:
    ctx.require(
        Right.MANAGE_ORG, "Only the organisation's administrators decide about communities."
    )


async def _chosen(
    db: AsyncSession, ctx: OrgContext, sel: CommunitySelectionIn
) -> tuple[list[str], list[str]]:
    """The choice checked against this organisation: verified staff and its current classes
    only (422 naming the field otherwise)."""
    staff = list(dict.fromkeys(sel.staff_ids))
    classes = list(dict.fromkeys(sel.class_ids))
    if any(not is_id(i) for i in staff):
        raise _bad("staff_ids", "Some chosen people are not verified staff of this organisation.")
    if any(not is_id(i) for i in classes):
        raise _bad("class_ids", "Some chosen classes are not classes of this organisation.")
    if staff:
        stmt = sa.select(Membership).where(
            Membership.id.in_(staff),
            Membership.org_id == ctx.org_id,
            Membership.status == "active",
            Membership.role.in_([r.value for r in STAFF_ROLES]),
        )
        ok = {
            m.id
            for m in (await db.execute(stmt)).scalars()
            if policy.is_verified_staff(m.role, m.verified_at is not None)
        }
        if ok != set(staff):
            raise _bad(
                "staff_ids", "Some chosen people are not verified staff of this organisation."
            )
    if classes:
        stmt2 = sa.select(SchoolClass.id).where(
            SchoolClass.id.in_(classes),
            SchoolClass.org_id == ctx.org_id,
            SchoolClass.archived_at.is_(None),
        )
        if set((await db.execute(stmt2)).scalars()) != set(classes):
            raise _bad("class_ids", "Some chosen classes are not classes of this organisation.")
    return staff, classes


def _bad(field: str, message: str) -> Unprocessable:
    return Unprocessable(message, code="bad_selection", fields={field: message})


async def _views(
    db: AsyncSession, ctx: OrgContext, parts: Sequence[CommunityOrg]
) -> list[CommunityParticipationOut]:
    if not parts:
        return []
    cids = list({p.community_id for p in parts})
    communities = {
        c.id: c
        for c in (await db.execute(sa.select(Community).where(Community.id.in_(cids)))).scalars()
    }
    active = (
        await db.execute(
            sa.select(CommunityOrg.community_id, CommunityOrg.org_id).where(
                CommunityOrg.community_id.in_(cids), CommunityOrg.status == policy.ACTIVE
            )
        )
    ).all()
    org_ids = {o for _, o in active} | {c.home_org_id for c in communities.values()}
    names = await access.org_names(db, org_ids)
    inviters = {p.invited_by for p in parts if p.invited_by}
    who = (
        dict(
            (
                await db.execute(
                    sa.select(Account.id, Account.display_name).where(Account.id.in_(inviters))
                )
            ).all()
        )
        if inviters
        else {}
    )
    staff_ids = {i for p in parts for i in (p.staff_ids or [])}
    class_ids = {i for p in parts for i in (p.class_ids or [])}
    people = (
        {
            m.id: m
            for m in (
                await db.execute(
                    sa.select(Membership).where(
                        Membership.id.in_(staff_ids), Membership.org_id == ctx.org_id
                    )
                )
            ).scalars()
        }
        if staff_ids
        else {}
    )
    classes = (
        {
            c.id: c
            for c in (
                await db.execute(
                    sa.select(SchoolClass).where(
                        SchoolClass.id.in_(class_ids), SchoolClass.org_id == ctx.org_id
                    )
                )
            ).scalars()
        }
        if class_ids
        else {}
    )
    out = []
    for p in parts:
        c = communities[p.community_id]
        seated = 0
        if p.status == policy.ACTIVE:
            seated = len(await access.members(db, c.id, participations=[p]))
        home = c.home_org_id
        out.append(
            CommunityParticipationOut(
                id=p.id,
                community_id=c.id,
                title=c.title,
                description=c.description,
                kind=c.kind,  # type: ignore[arg-type]
                home_org=CommunityOrgRef(id=home, name=names.get(home, "")) if home else None,
                home=home == ctx.org_id,
                status=p.status,  # type: ignore[arg-type]
                invited_by=who.get(p.invited_by) if p.invited_by else None,
                orgs=[
                    CommunityOrgRef(id=o, name=names.get(o, "")) for cid, o in active if cid == c.id
                ],
                all_teachers=p.all_teachers,
                staff=[
                    CommunityChosenPerson(membership_id=m.id, name=m.full_name, role=m.role)
                    for i in p.staff_ids or []
                    if (m := people.get(i)) is not None
                ],
                classes=[
                    CommunityChosenClass(id=k.id, label=k.label)
                    for i in p.class_ids or []
                    if (k := classes.get(i)) is not None
                ],
                member_count=seated,
                updated_at=p.updated_at,
            )
        )
    return out


async def participations(db: AsyncSession, ctx: OrgContext) -> list[CommunityParticipationOut]:
    """Every community this organisation is invited to, asked to join, takes part in or
    left, the most recently changed first (administrators)."""
    require_admin(ctx)
    stmt = (
        sa.select(CommunityOrg)
        .where(CommunityOrg.org_id == ctx.org_id)
        .order_by(CommunityOrg.updated_at.desc(), CommunityOrg.id.desc())
        .limit(500)
    )
    return await _views(db, ctx, list((await db.execute(stmt)).scalars()))


async def _mine(db: AsyncSession, ctx: OrgContext, participation_id: str) -> CommunityOrg:
    """This organisation's participation, locked; 404 for anything else."""
    require_admin(ctx)
    if not is_id(participation_id):
        raise not_found("invitation")
    stmt = (
        sa.select(CommunityOrg)
        .where(CommunityOrg.id == participation_id, CommunityOrg.org_id == ctx.org_id)
        .with_for_update()
    )
    p = (await db.execute(stmt)).scalar_one_or_none()
    if p is None:
        raise not_found("invitation")
    return p


async def participation(
    db: AsyncSession, ctx: OrgContext, participation_id: str
) -> CommunityParticipationOut:
    p = await _mine(db, ctx, participation_id)
    return (await _views(db, ctx, [p]))[0]


async def _audit(db: AsyncSession, ctx: OrgContext, action: str, p: CommunityOrg, ip: str) -> None:
    await record(
        db,
        action,
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="community",
        target_id=p.community_id,
        ip=ip,
        data={
            "status": p.status,
            "all_teachers": p.all_teachers,
            "staff": len(p.staff_ids or []),
            "classes": len(p.class_ids or []),
        },
    )


async def approve(
    db: AsyncSession,
    ctx: OrgContext,
    participation_id: str,
    sel: CommunitySelectionIn,
    ip: str = "",
) -> CommunityParticipationOut:
    """Accept an invitation with the people the organisation sends; they become members at
    once and the community's members are told."""
    p = await _mine(db, ctx, participation_id)
    if p.status != policy.INVITED:
        raise Conflict("There is no open invitation to accept.", code="no_invitation")
    staff, classes = await _chosen(db, ctx, sel)
    before = await access.audience(db, p.community_id)
    now = utcnow()
    p.status, p.all_teachers, p.staff_ids, p.class_ids = (
        policy.ACTIVE,
        sel.all_teachers,
        staff,
        classes,
    )
    p.decided_by, p.decided_at, p.joined_at, p.updated_at = ctx.account_id, now, now, now
    await db.flush()
    await _audit(db, ctx, "community.org_approved", p, ip)
    await notices.tell_change(db, p.community_id, before)
    await notices.tell_admins(db, ctx.org_id, {"participation_id": p.id})
    return (await _views(db, ctx, [p]))[0]


async def choose(
    db: AsyncSession,
    ctx: OrgContext,
    participation_id: str,
    sel: CommunitySelectionIn,
    ip: str = "",
) -> CommunityParticipationOut:
    """Change whom the organisation sends (while invited, asking or taking part); people no
    longer chosen lose access at once."""
    p = await _mine(db, ctx, participation_id)
    if p.status not in policy.OPEN_STATUSES:
        raise Conflict("The organisation is not in this community.", code="not_in_community")
    staff, classes = await _chosen(db, ctx, sel)
    before = await access.audience(db, p.community_id)
    p.all_teachers, p.staff_ids, p.class_ids = sel.all_teachers, staff, classes
    p.decided_by, p.updated_at = ctx.account_id, utcnow()
    await db.flush()
    await _audit(db, ctx, "community.selection_changed", p, ip)
    if p.status == policy.ACTIVE:
        await notices.tell_change(db, p.community_id, before)
    await notices.tell_admins(db, ctx.org_id, {"participation_id": p.id})
    return (await _views(db, ctx, [p]))[0]


async def withdraw(
    db: AsyncSession, ctx: OrgContext, participation_id: str, ip: str = ""
) -> CommunityParticipationOut:
    """Decline an invitation, cancel a request or leave the community; the organisation's
    people lose access at once."""
    p = await _mine(db, ctx, participation_id)
    if p.status not in policy.OPEN_STATUSES:
        raise Conflict("The organisation is not in this community.", code="not_in_community")
    before = await access.audience(db, p.community_id)
    p.status, p.decided_by, p.updated_at = policy.WITHDRAWN, ctx.account_id, utcnow()
    await db.flush()
    await _audit(db, ctx, "community.org_withdrawn", p, ip)
    await notices.tell_change(db, p.community_id, before)
    await notices.tell_admins(db, ctx.org_id, {"participation_id": p.id})
    return (await _views(db, ctx, [p]))[0]


async def join(
    db: AsyncSession, ctx: OrgContext, body: CommunityJoinIn, ip: str = ""
) -> CommunityParticipationOut:
    """Ask to join a community with its code, choosing whom the organisation sends. The
    community's moderators accept or refuse; an open invitation is thereby accepted."""
    require_admin(ctx)
    code = codes.normalise(body.code)
    stmt = sa.select(Community).where(Community.join_code == code).with_for_update()
    community = (await db.execute(stmt)).scalar_one_or_none()
    if community is None:
        raise NotFound(
            "No community has this code. Ask its moderators for the current one.",
            code="community_not_found",
        )
    staff, classes = await _chosen(db, ctx, body)
    stmt2 = sa.select(CommunityOrg).where(
        CommunityOrg.community_id == community.id, CommunityOrg.org_id == ctx.org_id
    )
    p = (await db.execute(stmt2)).scalar_one_or_none()
    new_status = policy.after_request(p.status if p else None)
    if new_status is None:
        assert p is not None
        raise Conflict(
            "The organisation has already asked to join or takes part.",
            code="already_requested" if p.status == policy.REQUESTED else "already_taking_part",
        )
    before = await access.audience(db, community.id)
    now = utcnow()
    if p is None:
        p = CommunityOrg(community_id=community.id, org_id=ctx.org_id, created_at=now)
        db.add(p)
    p.status, p.all_teachers, p.staff_ids, p.class_ids = (
        new_status,
        body.all_teachers,
        staff,
        classes,
    )
    p.decided_by, p.decided_at, p.updated_at = ctx.account_id, now, now
    if new_status == policy.ACTIVE:
        p.joined_at = now
    await db.flush()
    await _audit(
        db,
        ctx,
        "community.org_approved" if new_status == policy.ACTIVE else "community.join_requested",
        p,
        ip,
    )
    if new_status == policy.ACTIVE:
        await notices.tell_change(db, community.id, before)
    else:
        moderators = [
            a
            for a, m in (await access.members(db, community.id)).items()
            if policy.may_moderate(m.role)
        ]
        await notices.tell(db, moderators, "community.updated", {"community_id": community.id})
        await notices.mail(db, moderators, "requested", title=community.title, org=ctx.org.name)
    await notices.tell_admins(db, ctx.org_id, {"participation_id": p.id})
    return (await _views(db, ctx, [p]))[0]


async def org_code(db: AsyncSession, ctx: OrgContext, *, renew: bool = False) -> str:
    """The organisation's invitation code (administrators): give it to a community's
    moderators so that they can invite the organisation."""
    require_admin(ctx)
    code = await codes.org_code(db, ctx.org_id, renew=renew)
    if renew:
        await record(db, "community.org_code_renewed", org_id=ctx.org_id, actor_id=ctx.account_id)
    return code
