"""Membership use cases: the ones shared by invitations, the operator and the roster import
(`active_membership`, `add_membership`), and managing members inside an organisation."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from parta.audit.service import record
from parta.auth.deps import OrgContext
from parta.auth.roles import STAFF_ROLES, OrgRole, Right
from parta.kit.clock import utcnow
from parta.kit.errors import Conflict, Unprocessable, not_found
from parta.kit.pagination import Page, clamp_limit
from parta.mail.outbox import queue_mail
from parta.members import policy, repository, texts
from parta.members.briefs import brief, briefs
from parta.members.schemas import MemberBrief, MemberPatch
from parta.models import Account, Group, GroupMember, Membership, SchoolClass
from parta.safety import visibility as safety_visibility


async def active_membership(
    db: AsyncSession, org_id: str, account_id: str, role: OrgRole
) -> Membership | None:
    stmt = sa.select(Membership).where(
        Membership.org_id == org_id,
        Membership.account_id == account_id,
        Membership.role == role,
        Membership.status == "active",
    )
    return (await db.execute(stmt)).scalar_one_or_none()


async def add_membership(
    db: AsyncSession,
    *,
    org_id: str,
    account: Account,
    role: OrgRole,
    class_id: str | None = None,
    verified_by: str | None = None,
    invitation_id: str | None = None,
    title: str = "",
) -> Membership:
    """Give `account` the `role` in the organisation; 409 if they already have it."""
    if await active_membership(db, org_id, account.id, role):
        raise Conflict(
            "You are already a member of this organisation in this role.", code="already_member"
        )
    membership = Membership(
        org_id=org_id,
        account_id=account.id,
        role=role,
        status="active",
        full_name=account.display_name,
        class_id=class_id,
        title=title,
        invitation_id=invitation_id,
        verified_at=utcnow() if verified_by else None,
        verified_by=verified_by,
    )
    db.add(membership)
    if account.last_org_id is None:
        account.last_org_id = org_id
    await db.flush()
    return membership


# --- managing members -------------------------------------------------------------------


async def visible_membership(db: AsyncSession, ctx: OrgContext, membership_id: str) -> Membership:
    """A member of ctx's organisation the actor may see (404 otherwise, whatever the reason)."""
    m = await repository.get_membership(db, ctx.org_id, membership_id)
    own = m is not None and m.account_id == ctx.account_id
    if m is None or not (own or policy.can_see_status(ctx.rights, m.status)):
        raise not_found("member")
    return m


async def list_members(
    db: AsyncSession,
    ctx: OrgContext,
    *,
    role: str | None,
    class_id: str | None,
    status: str | None,
    q: str | None,
    cursor: str | None,
    limit: int | None,
) -> Page[MemberBrief]:
    ctx.require(Right.SEE_MEMBERS, "You cannot see the members of this organisation.")
    if status is None:
        statuses = policy.default_statuses(ctx.rights)
    elif policy.can_see_status(ctx.rights, status):
        statuses = [status]
    else:
        ctx.require(Right.MANAGE_MEMBERS, f"You cannot list {status} members.")
        statuses = [status]
    n = clamp_limit(limit)
    view = await safety_visibility.student_view(db, ctx)
    rows = await repository.list_memberships(
        db,
        ctx.org_id,
        statuses=statuses,
        role=role,
        class_id=class_id,
        q=q,
        after=cursor,
        limit=n + 1,
        visible=safety_visibility.condition(view) if view is not None else None,
    )
    more = len(rows) > n
    rows = rows[:n]
    return Page(items=await briefs(db, rows), next_cursor=rows[-1].id if more else None)


async def get_member(db: AsyncSession, ctx: OrgContext, membership_id: str) -> MemberBrief:
    ctx.require(Right.SEE_MEMBERS, "You cannot see the members of this organisation.")
    m = await visible_membership(db, ctx, membership_id)
    if not await safety_visibility.visible(db, ctx, [m]):
        raise not_found("member")  # safe mode: a student outside the viewer's circles
    return await brief(db, m)


async def _ensure_not_last_admin(db: AsyncSession, m: Membership) -> None:
    if m.role != OrgRole.ADMIN or m.status != "active":
        return
    admins = await repository.lock_active_admins(db, m.org_id)
    if not [a for a in admins if a != m.id]:
        raise Conflict(
            "This is the last administrator of the organisation. Appoint another one first.",
            code="last_admin",
        )


async def _detach_staff_duties(db: AsyncSession, m: Membership, *, keep_departments: bool) -> None:
    """A member who stops being a teacher (or staff) leaves their classes and departments."""
    await db.execute(
        sa.update(SchoolClass)
        .where(SchoolClass.org_id == m.org_id, SchoolClass.class_teacher_id == m.id)
        .values(class_teacher_id=None)
    )
    await db.execute(
        sa.update(Group).where(Group.org_id == m.org_id, Group.lead_id == m.id).values(lead_id=None)
    )
    stmt = sa.delete(GroupMember).where(
        GroupMember.org_id == m.org_id, GroupMember.membership_id == m.id
    )
    if keep_departments:
        departments = sa.select(Group.id).where(
            Group.org_id == m.org_id, Group.kind == "department"
        )
        stmt = stmt.where(GroupMember.group_id.not_in(departments))
    await db.execute(stmt)


async def update_member(
    db: AsyncSession, ctx: OrgContext, membership_id: str, patch: MemberPatch, *, ip: str
) -> MemberBrief:
    ctx.require(Right.MANAGE_MEMBERS, "Only administrators can change members.")
    m = await visible_membership(db, ctx, membership_id)
    if m.status not in ("active", "pending"):
        raise Conflict("This person is no longer a member.", code="not_member")
    if patch.title is not None:
        m.title = " ".join(patch.title.split())
    if patch.role is not None and patch.role != m.role:
        old_role = m.role
        if m.account_id and await active_membership(
            db, ctx.org_id, m.account_id, OrgRole(patch.role)
        ):
            raise Conflict(
                "This person already has that role in the organisation.", code="already_member"
            )
        await _ensure_not_last_admin(db, m)
        m.role = patch.role
        if policy.resets_verification(old_role, patch.role):
            m.verified_at = None
            m.verified_by = None
        if not policy.keeps_class(patch.role):
            m.class_id = None
        if old_role in STAFF_ROLES:
            await _detach_staff_duties(db, m, keep_departments=patch.role in STAFF_ROLES)
        await record(
            db,
            "member.role_changed",
            org_id=ctx.org_id,
            actor_id=ctx.account_id,
            target_type="membership",
            target_id=m.id,
            ip=ip,
            data={"from": old_role, "to": patch.role},
        )
    await db.flush()
    return await brief(db, m)


async def set_verified(
    db: AsyncSession, ctx: OrgContext, membership_id: str, verified: bool, *, ip: str
) -> MemberBrief:
    ctx.require(Right.VERIFY_STAFF, "Only administrators and heads can verify staff.")
    m = await visible_membership(db, ctx, membership_id)
    if not policy.can_be_verified(m.role):
        raise Unprocessable(
            "Only teachers, staff and heads are verified.",
            code="not_verifiable",
            fields={"membership_id": "role"},
        )
    if m.status not in ("active", "pending"):
        raise Conflict("This person is no longer a member.", code="not_member")
    if (m.verified_at is not None) == verified:
        return await brief(db, m)  # already so: nothing to record or announce
    m.verified_at = utcnow() if verified else None
    m.verified_by = ctx.account_id if verified else None
    await record(
        db,
        "member.verified" if verified else "member.unverified",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="membership",
        target_id=m.id,
        ip=ip,
        data={"role": m.role},
    )
    if verified and m.account_id:
        account = await db.get(Account, m.account_id)
        if account is not None and account.email:
            subject, body = texts.render(
                "verified", account.language, org=ctx.org.name, name=m.full_name
            )
            await queue_mail(db, account.email, subject, body)
    await db.flush()
    return await brief(db, m)


async def remove_member(db: AsyncSession, ctx: OrgContext, membership_id: str, *, ip: str) -> None:
    ctx.require(Right.MANAGE_MEMBERS, "Only administrators can remove members.")
    m = await visible_membership(db, ctx, membership_id)
    if m.status == "removed":
        return
    await _ensure_not_last_admin(db, m)
    old_status = m.status
    m.status = "removed"
    m.removed_at = utcnow()
    await _detach_staff_duties(db, m, keep_departments=False)
    await record(
        db,
        "member.removed",
        org_id=ctx.org_id,
        actor_id=ctx.account_id,
        target_type="membership",
        target_id=m.id,
        ip=ip,
        data={"role": m.role, "from": old_status},
    )
    await db.flush()
